package io.outdial.workflows;

import io.outdial.workflows.LaneActivities.Originated;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A dialing lane (see {@link DialLaneWorkflow}). One loop, one step at a time: originate what waits
 * to be dialed, record what has ended, follow calls the worker may have lost, and hand over to a
 * new run before the history grows long. Every step takes a batch: a call costs its share of one
 * originate, one record and one report, not activities and events of its own.
 */
public class DialLaneWorkflowImpl implements DialLaneWorkflow {
  /** History length at which a run hands over to a new one (Temporal's limit is 51,200). */
  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 4000;

  /** Most attempts one OriginateBatch sends. */
  static final int ORIGINATE_BATCH = 50;

  /**
   * How many OriginateBatch activities may run at once: each sends its attempts one after the other
   * (a database write and an AMI round trip each), so batches side by side keep the PBX link busy.
   */
  static final int ORIGINATES_AT_ONCE = 4;

  /** Most results one RecordResults writes (runs before the change lane-reports-hangups: 200). */
  static final int RECORD_BATCH = 500;

  static final int RECORD_BATCH_BEFORE_REPORTING_HANGUPS = 200;

  /** How often calls in flight are followed up with the worker (FollowCalls). */
  static final Duration FOLLOW_EVERY = Duration.ofSeconds(30);

  /** How soon a batch step whose worker died is tried again. */
  static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private static final Logger log = Workflow.getLogger(DialLaneWorkflowImpl.class);

  /**
   * The originate reaches people: a few explicit retries (about a minute and a half of AMI outage
   * or dying workers), and the attempt rows make every retry after a send a no-op.
   */
  private static final ActivityOptions ORIGINATES =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          // A worker that dies in a batch is noticed by its missing heartbeat, in seconds.
          .setHeartbeatTimeout(HEARTBEAT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .setMaximumAttempts(12)
                  .build())
          .build();

  /** Batches go eagerly to the worker that runs the lane: one round trip less for each. */
  private final LaneActivities originateStub =
      Workflow.newActivityStub(LaneActivities.class, ORIGINATES);

  /**
   * Batches go through the PBX's task queue, to whichever of its workers asks first (change
   * lane-spreads): the worker that sends a call follows it and reports its end to the lane.
   * Measured on this project's machine, dispatch through the queue costs one worker a quarter of
   * its rate, so it is used only while more than one worker serves the PBX.
   */
  private final LaneActivities spreadingStub =
      Workflow.newActivityStub(
          LaneActivities.class,
          ActivityOptions.newBuilder(ORIGINATES).setDisableEagerExecution(true).build());

  /**
   * Asks how many workers serve the PBX: a local activity (one event, no round trip through the
   * queue), on the worker that runs the lane, which serves that PBX.
   */
  private final LaneActivities asking =
      Workflow.newLocalActivityStub(
          LaneActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
              .build());

  /**
   * Whether this run asks how many workers serve its PBX (change lane-spreads), at its start and at
   * each follow-up; asked once as the run begins.
   */
  private boolean spreads;

  /**
   * Reports to the campaign go by a signal through the client, from a local activity on the lane's
   * worker (change lane-reports-by-activity; see {@link LaneActivities#reportToCampaign}): one
   * marker instead of two events, and no workflow lock held across the two workflows. Retried until
   * the server takes it, as the server retried the signal command before.
   */
  private final LaneActivities reporting =
      Workflow.newLocalActivityStub(
          LaneActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(200))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofSeconds(5))
                      .build())
              .build());

  /**
   * Whether this run reports to its campaign by {@link #reporting} (change
   * lane-reports-by-activity) rather than by a signal command; asked at its first report (null
   * until then).
   */
  private Boolean reportsByActivity;

  /** How many workers poll this lane's task queue, as last asked. */
  private int workers = 1;

  /** Database steps retry until the database is back: a result is never dropped. */
  private final LaneActivities recordStub =
      Workflow.newActivityStub(
          LaneActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setHeartbeatTimeout(HEARTBEAT)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(500))
                      .setMaximumInterval(Duration.ofSeconds(10))
                      .build())
              .build());

  /** Following up is done again on the next round when it fails. */
  private final LaneActivities following =
      Workflow.newActivityStub(
          LaneActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
              .build());

  private String campaignId;
  private String lane;
  private final List<AttemptInput> toDial = new ArrayList<>();
  private final Map<String, AttemptInput> inFlight = new LinkedHashMap<>();
  private final Map<String, CallOutcome> ended = new LinkedHashMap<>();
  private final List<AttemptOutcome> toReport = new ArrayList<>();

  /** Calls that ended (or never went up), to report to the campaign ahead of their results. */
  private final List<String> hungUp = new ArrayList<>();

  private boolean closing;

  /**
   * Whether this run, once its history is long, starts no more OriginateBatch or RecordResults
   * activities, so that it comes to a moment with none on its way and continues as new (change
   * lane-drains-to-continue): a paced campaign's batches hold their calls for their moments, so one
   * is always on its way otherwise. Asked the first time the history is long (null until then), so
   * a short run records no marker for it.
   */
  private Boolean drainsToContinue;

  /** Whether the run hands over now: its history is long, and it drains first (see above). */
  private boolean handingOver() {
    if (!historyTooLong()) {
      return false;
    }
    if (drainsToContinue == null) {
      drainsToContinue =
          Workflow.getVersion("lane-drains-to-continue", Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    return drainsToContinue;
  }

  /** {@link #handingOver} as a wait's condition may ask it: without asking for the version. */
  private boolean handingOverKnown() {
    return drainsToContinue != null && drainsToContinue && historyTooLong();
  }

  /**
   * Whether this run reports calls' ends to the campaign as soon as it hears of them, before their
   * results are recorded (change lane-reports-hangups), and records up to {@link #RECORD_BATCH}
   * results at once; asked once as the run begins.
   */
  private boolean reportsHangups;

  @Override
  public void run(LaneInput input) {
    reportsHangups = Workflow.getVersion("lane-reports-hangups", Workflow.DEFAULT_VERSION, 1) >= 1;
    spreads = Workflow.getVersion("lane-spreads", Workflow.DEFAULT_VERSION, 1) >= 1;
    askWorkers();
    campaignId = input.campaignId();
    lane = input.lane();
    toDial.addAll(0, input.toDial() == null ? List.of() : input.toDial());
    if (input.inFlight() != null) {
      inFlight.putAll(input.inFlight());
    }
    if (input.ended() != null) {
      input.ended().forEach(ended::putIfAbsent);
    }
    closing = closing || input.closing();
    Promise<Void> followUp = null;
    while (true) {
      if (followUp == null && !inFlight.isEmpty()) {
        followUp = Workflow.newTimer(FOLLOW_EVERY);
      }
      Promise<Void> due = followUp;
      // One originate and one record may run at once: ends are recorded while calls are sent.
      Workflow.await(
          () ->
              (originating.size() < ORIGINATES_AT_ONCE && !toDial.isEmpty() && !handingOverKnown())
                  || (recording == null && recordable() && !handingOverKnown())
                  || originating.stream().anyMatch(Sending::isCompleted)
                  || (recordingDone != null && recordingDone.isCompleted())
                  || (due != null && due.isCompleted())
                  || !hungUp.isEmpty()
                  || (closing && idle())
                  || mayContinueAsNew());
      for (Sending done : originating.stream().filter(Sending::isCompleted).toList()) {
        originating.remove(done);
        originated(done);
      }
      if (recordingDone != null && recordingDone.isCompleted()) {
        recorded();
      }
      boolean handingOver = handingOver();
      while (originating.size() < ORIGINATES_AT_ONCE && !toDial.isEmpty() && !handingOver) {
        originateSome();
      }
      if (recording == null && recordable() && !handingOver) {
        recordSome();
      }
      if (due != null && due.isCompleted()) {
        followUp = null;
        followUp();
      }
      report();
      if (closing && idle()) {
        log.info("lane {} of campaign {} closes", lane, campaignId);
        return;
      }
      if (mayContinueAsNew() && Workflow.isEveryHandlerFinished()) {
        Workflow.continueAsNew(
            new LaneInput(
                campaignId,
                lane,
                new ArrayList<>(toDial),
                new LinkedHashMap<>(inFlight),
                new LinkedHashMap<>(ended),
                closing));
      }
    }
  }

  /**
   * Whether the run should hand over now: only between steps, never while an originate or a record
   * is on its way (waiting on a long history while one runs would spin).
   */
  private boolean mayContinueAsNew() {
    return originating.isEmpty() && recording == null && historyTooLong();
  }

  private boolean idle() {
    return toDial.isEmpty()
        && inFlight.isEmpty()
        && ended.isEmpty()
        && originating.isEmpty()
        && recording == null;
  }

  /** Whether an end waits to be recorded whose attempt's originate has been answered. */
  private boolean recordable() {
    for (String id : ended.keySet()) {
      if (inFlight.containsKey(id) || !beingOriginated(id)) {
        return true;
      }
    }
    return false;
  }

  // ---- signals -------------------------------------------------------------------------------

  @Override
  public void dial(AttemptBatch batch) {
    toDial.addAll(batch.attempts());
  }

  @Override
  public void callsEnded(CallsEnded calls) {
    for (EndedCall c : calls.calls()) {
      String id = c.attemptId();
      if (ended.putIfAbsent(id, c.outcome()) == null
          && reportsHangups
          && (inFlight.containsKey(id) || beingOriginated(id))) {
        hungUp.add(id);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
  }

  @Override
  public LaneView view() {
    return new LaneView(campaignId, toDial.size(), inFlight.size(), ended.size(), closing);
  }

  // ---- steps ---------------------------------------------------------------------------------

  /** An OriginateBatch on its way, with the attempts it sends. */
  private record Sending(
      List<AttemptInput> batch, java.util.Set<String> ids, Promise<List<Originated>> result) {
    boolean isCompleted() {
      return result.isCompleted();
    }
  }

  /** The OriginateBatch activities on their way, at most {@link #ORIGINATES_AT_ONCE}. */
  private final List<Sending> originating = new ArrayList<>();

  private List<ResultToRecord> recording;
  private Promise<List<AttemptOutcome>> recordingDone;

  private void originateSome() {
    List<AttemptInput> batch =
        new ArrayList<>(toDial.subList(0, Math.min(ORIGINATE_BATCH, toDial.size())));
    toDial.subList(0, batch.size()).clear();
    java.util.Set<String> ids = new java.util.HashSet<>();
    batch.forEach(a -> ids.add(a.attemptId()));
    originating.add(
        new Sending(
            batch,
            ids,
            Async.function(
                (spreads && workers > 1 ? spreadingStub : originateStub)::originateBatch,
                new LaneActivities.OriginateBatch(Workflow.getInfo().getWorkflowId(), batch))));
  }

  private boolean beingOriginated(String attemptId) {
    return originating.stream().anyMatch(o -> o.ids().contains(attemptId));
  }

  private void originated(Sending sending) {
    Map<String, AttemptInput> byId = new HashMap<>();
    sending.batch().forEach(a -> byId.put(a.attemptId(), a));
    List<Originated> results;
    try {
      results = sending.result().get();
    } catch (ActivityFailure e) {
      gaveUp(sending.batch(), e);
      return;
    }
    for (Originated r : results) {
      AttemptInput a = byId.get(r.attemptId());
      if (a == null) {
        continue;
      }
      switch (r.kind()) {
        case SENT, ALREADY_SENT -> inFlight.put(a.attemptId(), a);
        case REFUSED -> {
          inFlight.put(a.attemptId(), a);
          String detail = "Originate refused by Asterisk: " + r.message();
          ended.put(a.attemptId(), errorOutcome(r.atMs(), detail, true));
          neverUp(a.attemptId());
        }
        case INVALID -> {
          inFlight.put(a.attemptId(), a);
          ended.put(
              a.attemptId(), errorOutcome(r.atMs(), "Originate failed: " + r.message(), false));
          neverUp(a.attemptId());
        }
        // Given back to its entry by the activity: not dialed, the try not counted.
        case CANCELLED ->
            toReport.add(new AttemptOutcome(a.attemptId(), 0, 0, 0, r.message(), false));
        case ALREADY_SETTLED ->
            toReport.add(new AttemptOutcome(a.attemptId(), 0, 0, 0, "already settled", true));
      }
    }
  }

  /**
   * The originate's retries ran out (AMI down all along, workers dying under it): the attempts
   * whose Originate never left go back to their entries; the others may have left, and are followed
   * like any call whose events may be lost.
   */
  private void gaveUp(List<AttemptInput> batch, ActivityFailure e) {
    String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    log.warn(
        "lane {} of campaign {}: originate of {} attempts gave up: {}",
        lane,
        campaignId,
        batch.size(),
        why);
    List<String> released =
        recordStub.releaseUnsent(batch.stream().map(AttemptInput::attemptId).toList());
    for (AttemptInput a : batch) {
      if (released.contains(a.attemptId())) {
        toReport.add(
            new AttemptOutcome(a.attemptId(), 0, 0, 0, "originate gave up: " + why, false));
      } else {
        inFlight.put(a.attemptId(), a);
      }
    }
  }

  /** A call that never went up is reported like one that ended. */
  private void neverUp(String attemptId) {
    if (reportsHangups) {
      hungUp.add(attemptId);
    }
  }

  private void recordSome() {
    List<ResultToRecord> batch = new ArrayList<>();
    var it = ended.entrySet().iterator();
    int most = reportsHangups ? RECORD_BATCH : RECORD_BATCH_BEFORE_REPORTING_HANGUPS;
    while (it.hasNext() && batch.size() < most) {
      var e = it.next();
      AttemptInput a = inFlight.get(e.getKey());
      if (a != null) {
        batch.add(new ResultToRecord(a, e.getValue()));
        it.remove();
      } else if (!beingOriginated(e.getKey())) {
        it.remove(); // the end of a call already recorded (a worker that reported it twice)
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    recording = batch;
    recordingDone =
        Async.function(recordStub::recordResults, new LaneActivities.ResultBatch(batch));
  }

  private void recorded() {
    List<ResultToRecord> batch = recording;
    Promise<List<AttemptOutcome>> done = recordingDone;
    recording = null;
    recordingDone = null;
    try {
      for (AttemptOutcome o : done.get()) {
        inFlight.remove(o.attemptId());
        toReport.add(o);
      }
    } catch (ActivityFailure e) {
      // Only a permanent failure ends the retries; the activity has already settled as errors
      // the results it could not write, so this is a failure to write even those.
      log.error(
          "lane {} of campaign {}: {} results could not be recorded: {}",
          lane,
          campaignId,
          batch.size(),
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      for (ResultToRecord r : batch) {
        inFlight.remove(r.attempt().attemptId());
        toReport.add(
            new AttemptOutcome(
                r.attempt().attemptId(),
                DialingStatus.ERROR.code(),
                0,
                0,
                "result could not be recorded",
                true));
      }
    }
  }

  /**
   * Asks how many workers serve this lane's PBX (runs with the change lane-spreads); keeps the last
   * answer when the step fails.
   */
  private void askWorkers() {
    if (!spreads) {
      return;
    }
    try {
      workers = asking.laneWorkers(Workflow.getInfo().getTaskQueue());
    } catch (ActivityFailure e) {
      log.warn("lane {} of campaign {}: could not ask for its workers: {}", lane, campaignId, e);
    }
  }

  /** Follows up calls in flight with the worker; those already settled are reported. */
  private void followUp() {
    askWorkers();
    List<String> ids = new ArrayList<>(inFlight.keySet());
    if (ids.isEmpty()) {
      return;
    }
    List<String> settled;
    try {
      settled =
          following.followCalls(
              new LaneActivities.FollowCalls(Workflow.getInfo().getWorkflowId(), ids));
    } catch (ActivityFailure e) {
      log.warn(
          "lane {} of campaign {}: following up {} calls failed, again in {}: {}",
          lane,
          campaignId,
          ids.size(),
          FOLLOW_EVERY,
          e.getMessage());
      return;
    }
    for (String id : settled) {
      if (inFlight.remove(id) != null) {
        toReport.add(new AttemptOutcome(id, 0, 0, 0, "already settled", true));
      }
    }
  }

  /**
   * Tells the campaign, in one signal, which of its attempts are done and (in runs that report
   * hangups) which calls have ended since the last report.
   */
  private void report() {
    if (toReport.isEmpty() && hungUp.isEmpty()) {
      return;
    }
    FinishedAttempts finished =
        reportsHangups
            ? new FinishedAttempts(new ArrayList<>(toReport), new ArrayList<>(hungUp))
            : new FinishedAttempts(new ArrayList<>(toReport));
    toReport.clear();
    hungUp.clear();
    if (reportsByActivity == null) {
      reportsByActivity =
          Workflow.getVersion("lane-reports-by-activity", Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    if (reportsByActivity) {
      try {
        if (!reporting.reportToCampaign(
            new LaneActivities.CampaignReport(CampaignWorkflow.workflowId(campaignId), finished))) {
          // The campaign's workflow is gone (terminated by hand): the results are recorded all
          // the same.
          log.warn(
              "lane {}: campaign {} is gone; {} attempts and {} ends not reported to it",
              lane,
              campaignId,
              finished.outcomes().size(),
              finished.hungUp() == null ? 0 : finished.hungUp().size());
        }
      } catch (ActivityFailure e) {
        log.warn(
            "lane {}: the server refused the report of {} attempts to campaign {}: {}",
            lane,
            finished.outcomes().size(),
            campaignId,
            e.getMessage());
      }
      return;
    }
    ExternalWorkflowStub campaign =
        Workflow.newUntypedExternalWorkflowStub(CampaignWorkflow.workflowId(campaignId));
    try {
      campaign.signal("AttemptsFinished", finished);
    } catch (SignalExternalWorkflowException e) {
      // The campaign's workflow is gone (terminated by hand): the results are recorded all the
      // same.
      log.warn(
          "lane {}: could not report {} attempts and {} ends to campaign {}: {}",
          lane,
          finished.outcomes().size(),
          finished.hungUp() == null ? 0 : finished.hungUp().size(),
          campaignId,
          e.getMessage());
    }
  }

  private static CallOutcome errorOutcome(long atMs, String detail, boolean sent) {
    int error = DialingStatus.ERROR.code();
    List<StatusChange> trail =
        sent
            ? List.of(
                new StatusChange(DialingStatus.ORIGINATE_SENT.code(), atMs, null),
                new StatusChange(error, atMs, detail))
            : List.of(new StatusChange(error, atMs, detail));
    return new CallOutcome(trail, error, 0, 0, null, null, sent ? atMs : null, null, detail);
  }

  private static boolean historyTooLong() {
    WorkflowInfo info = Workflow.getInfo();
    return info.getHistoryLength() > CONTINUE_AS_NEW_AFTER_EVENTS
        || info.isContinueAsNewSuggested();
  }
}
