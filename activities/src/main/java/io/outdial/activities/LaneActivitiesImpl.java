package io.outdial.activities;

import io.grpc.Status;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.activities.ami.CallTracker;
import io.outdial.store.CampaignStore.DialContext;
import io.outdial.store.Database;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Rows.WorkflowRun;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.AttemptOutcome;
import io.outdial.workflows.CallOutcome;
import io.outdial.workflows.FinishedAttempts;
import io.outdial.workflows.LaneActivities;
import io.outdial.workflows.OriginateResult;
import io.outdial.workflows.ResultToRecord;
import io.temporal.client.WorkflowServiceException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dialing lane's batch steps, on the single-attempt steps of {@link DialActivitiesImpl}: the same
 * guards per attempt, with what a batch shares (the campaign's plan and destination) read once, and
 * no activity waiting on a call (the worker reports call ends to the lane).
 */
public final class LaneActivitiesImpl implements LaneActivities {
  private static final Logger log = LoggerFactory.getLogger(LaneActivitiesImpl.class);

  /**
   * The longest a call in flight is followed before it is settled as lost: dial timeout's cap plus
   * the longest call.
   */
  static final long FOLLOW_AT_MOST_MS = 600_000 + DialActivitiesImpl.MAX_CALL_LENGTH_MS;

  private final Database db;
  private final CallRegistry calls;
  private final DialActivitiesImpl single;

  /** How many workers poll a task queue for activities (Temporal's DescribeTaskQueue). */
  private final java.util.function.ToIntFunction<String> workersOf;

  /**
   * Where a lane's reports to its campaign go: the {@code AttemptsFinished} signal through the
   * Temporal client (the worker's), to the campaign workflow's current run.
   */
  @FunctionalInterface
  public interface CampaignReports {
    /**
     * Delivers {@code finished} to workflow {@code campaignWorkflowId}; false when that workflow is
     * gone. Throws when it could not be delivered now.
     */
    boolean deliver(String campaignWorkflowId, FinishedAttempts finished);
  }

  private final CampaignReports reports;

  public LaneActivitiesImpl(
      Database db,
      CallRegistry calls,
      DialActivitiesImpl single,
      java.util.function.ToIntFunction<String> workersOf,
      CampaignReports reports) {
    this.db = db;
    this.calls = calls;
    this.single = single;
    this.workersOf = workersOf;
    this.reports = reports;
  }

  @Override
  public int laneWorkers(String taskQueue) {
    return workersOf.applyAsInt(taskQueue);
  }

  @Override
  public boolean reportToCampaign(CampaignReport report) {
    try {
      return reports.deliver(report.campaignWorkflowId(), report.finished());
    } catch (WorkflowServiceException e) {
      Status.Code code = Status.fromThrowable(e).getCode();
      if (code == Status.Code.INVALID_ARGUMENT) {
        // Refused as it is (too large, malformed): sending it again would be refused again. Any
        // other refusal may pass (FAILED_PRECONDITION, for one, during a namespace's failover).
        throw ApplicationFailure.newNonRetryableFailure(
            "the server refused the report: " + e.getMessage(), "ReportRefused");
      }
      throw e;
    }
  }

  @Override
  public List<Originated> originateBatch(OriginateBatch batch) {
    Supplier<DialContext> context =
        memoized(() -> single.dialContext(batch.attempts().get(0).campaignId()));
    Runnable beat = heartbeat();
    // Taken here: the senders of a paced batch run on threads without the activity's context.
    WorkflowRun run = DialActivitiesImpl.currentRun();
    // The batch's rows in two queries, instead of two per attempt.
    Map<String, AttemptRow> attempts =
        db.attempts().findAttempts(batch.attempts().stream().map(AttemptInput::attemptId).toList());
    Map<String, EntryRow> entries =
        db.entries().findEntries(batch.attempts().stream().map(AttemptInput::entryId).toList());
    // Paced calls wait for their moments while the campaign dials; once it stops, pauses or is
    // force-stopped, the rest are given back at once (the guarded mark refuses them).
    String campaignId = batch.attempts().get(0).campaignId();
    BooleanSupplier dialing = single.campaignDials(campaignId);
    // Calls on a busy trunk wait for their channels while the batch has time; the rest are then
    // given back to their entries, well within the batch's start-to-close timeout.
    long giveUpAtMs = System.currentTimeMillis() + TRUNK_WAIT_MS;
    List<AttemptInput> in = batch.attempts();
    Originated[] out = new Originated[in.size()];
    boolean paced = in.size() > 1 && in.stream().anyMatch(a -> a.notBeforeMs() != null);
    if (!paced) {
      TrunkGate.Hold hold = new TrunkGate.Hold(beat, dialing, giveUpAtMs);
      send(
          in, 0, 1, out, context, batch.laneWorkflowId(), run, attempts, entries, beat, null, hold);
    } else {
      // A batch's paced calls follow one another at the plan's rate: one sender would fall behind
      // as soon as a call took longer than the interval, so PACED_SENDERS senders take every
      // PACED_SENDERS-th call each, and this thread heartbeats while they work.
      int senders = Math.min(PACED_SENDERS, in.size());
      AtomicBoolean holding = new AtomicBoolean(true);
      // Once one sender sees the campaign no longer dialing, none holds any more.
      BooleanSupplier stillDialing =
          () -> {
            if (!holding.get()) {
              return false;
            }
            boolean d = dialing.getAsBoolean();
            if (!d) {
              holding.set(false);
            }
            return d;
          };
      List<Future<?>> running = new ArrayList<>();
      for (int k = 0; k < senders; k++) {
        int first = k;
        running.add(
            pacedSenders.submit(
                () ->
                    send(
                        in,
                        first,
                        senders,
                        out,
                        context,
                        batch.laneWorkflowId(),
                        run,
                        attempts,
                        entries,
                        () -> {},
                        stillDialing,
                        new TrunkGate.Hold(() -> {}, stillDialing, giveUpAtMs))));
      }
      RuntimeException failed = null;
      for (Future<?> f : running) {
        RuntimeException e = awaitSender(f, beat);
        failed = failed == null ? e : failed;
      }
      if (failed != null) {
        // What a retry may mend: the retry finds the calls already sent and sends only the rest.
        throw failed;
      }
    }
    List<String> cancelled = new ArrayList<>();
    for (Originated o : out) {
      if (o.kind() == Originated.Kind.CANCELLED) {
        cancelled.add(o.attemptId());
      }
    }
    if (!cancelled.isEmpty()) {
      // Never sent: back to their entries, the tries not counted (only rows still RESERVED).
      db.attempts().releaseAttempts(cancelled);
    }
    return List.of(out);
  }

  /**
   * How long a batch's calls wait for channels of a busy trunk before the rest are given back:
   * within the batch's 2 min start-to-close timeout, with room for the calls it still sends.
   */
  static final long TRUNK_WAIT_MS = 90_000;

  /** Senders of one paced batch: each takes every this-many-th call of it. */
  static final int PACED_SENDERS = 4;

  /** Threads of paced batches' senders (a lane runs a few batches at once, each 4 senders). */
  private final ExecutorService pacedSenders =
      Executors.newCachedThreadPool(DaemonThreads.named("outdial-paced-sender"));

  /**
   * Sends the calls {@code first}, {@code first + step}, ... of {@code in} one after the other,
   * each into its place of {@code out}. With {@code dialing} set, a paced call is first held until
   * its moment while the campaign still dials.
   */
  private void send(
      List<AttemptInput> in,
      int first,
      int step,
      Originated[] out,
      Supplier<DialContext> context,
      String lane,
      WorkflowRun run,
      Map<String, AttemptRow> attempts,
      Map<String, EntryRow> entries,
      Runnable beat,
      BooleanSupplier dialing,
      TrunkGate.Hold hold) {
    boolean holding = dialing != null;
    for (int i = first; i < in.size(); i += step) {
      AttemptInput a = in.get(i);
      beat.run();
      DialActivitiesImpl.Known known =
          new DialActivitiesImpl.Known(attempts.get(a.attemptId()), entries.get(a.entryId()));
      if (holding
          && a.notBeforeMs() != null
          && known.attempt() != null
          && known.attempt().state() == AttemptState.RESERVED) {
        holding = holdUntil(a.notBeforeMs(), beat, dialing);
      }
      out[i] = originateOne(a, context, lane, run, known, hold);
    }
  }

  /** Waits for one sender, heartbeating; answers what it failed with (null: it did not). */
  private static RuntimeException awaitSender(Future<?> f, Runnable beat) {
    while (true) {
      try {
        f.get(HOLD_STEP_MS, TimeUnit.MILLISECONDS);
        return null;
      } catch (TimeoutException e) {
        beat.run();
      } catch (ExecutionException e) {
        return e.getCause() instanceof RuntimeException r
            ? r
            : new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        f.cancel(true);
        throw ApplicationFailure.newFailure("interrupted while sending a batch", "Interrupted");
      }
    }
  }

  /** Longest sleep between two heartbeats while a paced call waits for its moment. */
  static final long HOLD_STEP_MS = 250;

  /**
   * Holds a paced call until its moment (change pace-ahead): the campaign hands its calls over
   * ahead, and each leaves at the plan's rate by this worker's clock. Between two sleeps it asks
   * whether the campaign still dials, and answers false as soon as it does not: a stop, pause or
   * force stop is written before it is accepted, and the guarded ORIGINATE_SENT mark that follows
   * keeps the call from leaving, so the calls held are given back at once and not at their moments.
   */
  static boolean holdUntil(long atMs, Runnable beat, BooleanSupplier dialing) {
    for (long left = atMs - System.currentTimeMillis();
        left > 0;
        left = atMs - System.currentTimeMillis()) {
      try {
        Thread.sleep(Math.min(left, HOLD_STEP_MS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure(
            "interrupted while holding a paced call for its moment", "Interrupted");
      }
      beat.run();
      if (atMs > System.currentTimeMillis() && !dialing.getAsBoolean()) {
        return false;
      }
    }
    return true;
  }

  /**
   * One attempt of a batch. What can never be sent as it stands is its own INVALID result, not the
   * batch's failure; what a retry may mend (AMI not connected, the database away) fails the batch,
   * whose retry finds the attempts already sent and does not send them again.
   */
  private Originated originateOne(
      AttemptInput a,
      Supplier<DialContext> context,
      String lane,
      WorkflowRun run,
      DialActivitiesImpl.Known known,
      TrunkGate.Hold hold) {
    try {
      OriginateResult r = single.originate(a, context, lane, known, run, hold);
      return new Originated(
          a.attemptId(), Originated.Kind.valueOf(r.kind().name()), r.message(), r.atMs());
    } catch (ApplicationFailure f) {
      if (!f.isNonRetryable()) {
        throw f;
      }
      calls.forget(a.attemptId());
      log.warn("attempt {} can never be originated: {}", a.attemptId(), f.getOriginalMessage());
      return new Originated(
          a.attemptId(),
          Originated.Kind.INVALID,
          f.getOriginalMessage(),
          System.currentTimeMillis());
    } catch (RuntimeException e) {
      if (Failures.permanentType(e) == null) {
        throw e;
      }
      calls.forget(a.attemptId());
      String why = permanentMessage(e);
      log.warn("attempt {} can never be originated: {}", a.attemptId(), why);
      return new Originated(
          a.attemptId(), Originated.Kind.INVALID, why, System.currentTimeMillis());
    }
  }

  /**
   * Writes the batch's results in one transaction, reading what they need in one query each. When
   * the database refuses the batch for good (one value it will not take), each is written on its
   * own, so that only the one it refuses is settled as an error.
   */
  @Override
  public List<AttemptOutcome> recordResults(ResultBatch batch) {
    List<ResultToRecord> results = batch.results();
    if (results.isEmpty()) {
      return List.of();
    }
    heartbeat().run();
    Map<String, AttemptRow> rows =
        db.attempts().findAttempts(results.stream().map(r -> r.attempt().attemptId()).toList());
    boolean allSnapshotted =
        results.stream()
            .allMatch(
                r -> {
                  AttemptRow row = rows.get(r.attempt().attemptId());
                  return row != null && row.snapshot() != null;
                });
    if (allSnapshotted) {
      List<ResultRow> toWrite =
          results.stream()
              .map(
                  r ->
                      DialActivitiesImpl.resultRow(
                          rows.get(r.attempt().attemptId()),
                          r.call(),
                          rows.get(r.attempt().attemptId()).snapshot()))
              .toList();
      int retryDelaySeconds =
          db.campaigns()
              .dialContext(results.get(0).attempt().campaignId())
              .map(c -> c.plan().retryDelaySeconds())
              .orElse(0);
      try {
        List<Boolean> written = db.attempts().settleAll(toWrite, retryDelaySeconds);
        List<AttemptOutcome> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
          ResultToRecord r = results.get(i);
          out.add(single.recorded(rows.get(r.attempt().attemptId()), r.call(), written.get(i)));
        }
        return out;
      } catch (RuntimeException e) {
        if (Failures.permanentType(e) == null) {
          throw e;
        }
        log.warn(
            "a batch of {} results was refused ({}): writing each on its own",
            results.size(),
            permanentMessage(e));
      }
    }
    List<AttemptOutcome> out = new ArrayList<>();
    for (ResultToRecord r : results) {
      out.add(recordOne(r));
    }
    return out;
  }

  /**
   * Records one result; one the database refuses for good (a value too long, a broken key) is
   * recorded instead as dialing status 10 with the error, so the attempt still has its one row.
   */
  private AttemptOutcome recordOne(ResultToRecord r) {
    try {
      return single.recordResult(r.attempt(), r.call());
    } catch (RuntimeException e) {
      if (Failures.permanentType(e) == null) {
        throw e;
      }
      String detail = "result could not be recorded: " + permanentMessage(e);
      log.warn("attempt {}: {}", r.attempt().attemptId(), detail);
      return single.recordResult(
          r.attempt(), CallOutcome.error(System.currentTimeMillis(), detail, detail));
    }
  }

  @Override
  public List<String> releaseUnsent(List<String> attemptIds) {
    List<String> released = new ArrayList<>();
    for (String id : attemptIds) {
      if (single.releaseIfUnsent(new AttemptInput(null, id, null, 0, 0, 0))) {
        released.add(id);
      }
    }
    return released;
  }

  @Override
  public List<String> followCalls(FollowCalls follow) {
    List<String> settled = new ArrayList<>();
    List<String> adopted = new ArrayList<>();
    long now = System.currentTimeMillis();
    // One query for all of them: a lane follows every call it has in flight.
    Map<String, AttemptRow> rows = db.attempts().findAttempts(follow.attemptIds());
    for (String id : follow.attemptIds()) {
      Optional<AttemptRow> row = Optional.ofNullable(rows.get(id));
      if (row.isEmpty() || row.get().state() == AttemptState.SETTLED) {
        settled.add(id);
        calls.forget(id);
        continue;
      }
      boolean changed = false;
      boolean known = calls.isTracked(id);
      CallTracker t = calls.track(id);
      if (!known || !follow.laneWorkflowId().equals(t.reportTo())) {
        t.reportTo(follow.laneWorkflowId());
        adopted.add(id);
        changed = true;
      }
      long sentAt =
          t.originateSentAtMs() != null
              ? t.originateSentAtMs()
              : row.get().originateAt() != null ? row.get().originateAt().toEpochMilli() : now;
      if (now - sentAt > FOLLOW_AT_MOST_MS) {
        changed = true;
        t.lost(
            "safety timeout: no end of call within dial timeout plus "
                + DialActivitiesImpl.MAX_CALL_LENGTH_MS / 60000
                + " min",
            now);
      }
      // Only what changed is written: a lane follows all its calls every 30 s.
      if (changed) {
        calls.save(t);
      }
    }
    if (!adopted.isEmpty()) {
      // This process did not see these calls from their start (a worker restart): ask Asterisk.
      log.info(
          "following {} calls of {} this worker did not know",
          adopted.size(),
          follow.laneWorkflowId());
      calls.reconcileSoon(adopted);
    }
    return settled;
  }

  /**
   * Heartbeats of the running activity: a worker that dies in a batch is noticed in seconds (the
   * heartbeat timeout), not at the batch's start-to-close timeout. A no-op outside an activity
   * (tests that call the steps directly). The SDK sends them throttled.
   */
  private static Runnable heartbeat() {
    try {
      var ctx = io.temporal.activity.Activity.getExecutionContext();
      return () -> ctx.heartbeat(null);
    } catch (RuntimeException | Error e) {
      return () -> {};
    }
  }

  private static String permanentMessage(RuntimeException e) {
    return Failures.classify(e) instanceof ApplicationFailure f
        ? f.getOriginalMessage()
        : String.valueOf(e.getMessage());
  }

  private static <T> Supplier<T> memoized(Supplier<T> s) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }
}
