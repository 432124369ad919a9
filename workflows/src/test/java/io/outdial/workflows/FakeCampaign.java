package io.outdial.workflows;

import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-in for the database and AMI activities, with the store's reservation rules
 * (fewest tries first, retry delay, answered ends an entry). Its clock is the test server's.
 */
final class FakeCampaign implements CampaignActivities, DialActivities, LaneActivities {
  record Entry(String id, int resDial, int maxTries, String zone, AtomicInteger tries) {}

  final Map<String, Entry> entries = new LinkedHashMap<>();
  final Map<String, Long> nextTryAt = new ConcurrentHashMap<>();
  final Map<String, Integer> lastResDial = new ConcurrentHashMap<>();
  final Map<String, AttemptInput> attempts = new ConcurrentHashMap<>();
  final java.util.Set<String> inFlightEntries = ConcurrentHashMap.newKeySet();
  final List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
  final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
  final List<AttemptOutcome> recorded = Collections.synchronizedList(new ArrayList<>());
  final List<Long> originateTimes = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Long> originatedAt = new ConcurrentHashMap<>();
  final List<List<String>> zonesAsked = Collections.synchronizedList(new ArrayList<>());
  final List<List<String>> hangups = Collections.synchronizedList(new ArrayList<>());
  final List<String> started = Collections.synchronizedList(new ArrayList<>());
  final Map<String, List<AttemptInput>> reservations = new ConcurrentHashMap<>();

  /** Run ids of the campaign workflow seen by its activities (one per continue-as-new). */
  final java.util.Set<String> campaignRuns = ConcurrentHashMap.newKeySet();

  volatile boolean checkOk = true;
  volatile int dlEndHandle = 1;

  /** How many Originates fail as if AMI were down (each retry counts). */
  final java.util.concurrent.atomic.AtomicInteger failOriginates =
      new java.util.concurrent.atomic.AtomicInteger();

  /** When set, every Originate fails for good with this message (a value Asterisk refuses). */
  volatile String invalidOriginate;

  /** Reasons longer than this are refused for good, as the database's column would. */
  volatile int statusReasonMax = Integer.MAX_VALUE;

  /** When set, results that name a channel are refused for good (a channel too long). */
  volatile boolean refuseResultsWithChannel;

  volatile double callsPerSecond;
  volatile int maxConcurrent;
  volatile int availability = -1;
  volatile int serviceLevel;
  volatile long retryDelayMs = 60_000;
  volatile Map<String, Object> schedule = Map.of("mode", 1);
  volatile String nextCampaign;

  /** The PBX the campaign's plan dials through. */
  volatile String pbx = "default";

  volatile boolean refuse;
  volatile CountDownLatch hold;

  /** When set, lanes' RecordResults wait for it: calls have ended, their results are late. */
  volatile CountDownLatch holdRecords;

  /** Campaign status as the database row has it: originates only leave while it is START. */
  volatile int rowStatus;

  /** The test server's client: calls of lanes end by a CallsEnded signal, as the worker sends. */
  volatile WorkflowClient client;

  /**
   * When set, lanes' OriginateBatch holds each paced call until its moment by the wall clock, as
   * the real activity does (only on a real Temporal server, whose time is the wall clock).
   */
  volatile boolean holdPaced;

  /** Each originate's {@link AttemptInput#notBeforeMs}, as asked (null: at once). */
  final List<Long> notBefore = Collections.synchronizedList(new ArrayList<>());

  final Map<String, Long> notBeforeById = new java.util.concurrent.ConcurrentHashMap<>();

  /** Originates of lanes' batches, one list per OriginateBatch. */
  final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

  /** Each call-bound step as {@code <activity type>@<task queue>}, in the order they ran. */
  final List<String> queues = Collections.synchronizedList(new ArrayList<>());

  /** The lanes that originated, in the order of their first batch. */
  final Set<String> lanes = Collections.synchronizedSet(new java.util.LinkedHashSet<>());

  private void ranOn() {
    var info = Activity.getExecutionContext().getInfo();
    queues.add(info.getActivityType() + "@" + info.getActivityTaskQueue());
  }

  private final ExecutorService enders = Executors.newCachedThreadPool();

  void addEntry(String id, int resDial, int maxTries) {
    addEntry(id, resDial, maxTries, null);
  }

  void addEntry(String id, int resDial, int maxTries, String zone) {
    entries.put(id, new Entry(id, resDial, maxTries, zone, new AtomicInteger()));
  }

  int attemptsOf(String id) {
    return entries.get(id).tries().get();
  }

  static long clock() {
    return Activity.getExecutionContext().getInfo().getScheduledTimestamp();
  }

  private boolean open(Entry e) {
    return e.tries().get() < e.maxTries() && lastResDial.getOrDefault(e.id(), -1) != 4;
  }

  // ---- CampaignActivities --------------------------------------------------------------------

  @Override
  public CampaignCheck checkCampaign(String campaignId) {
    return checkOk
        ? new CampaignCheck(
            true,
            null,
            "test",
            dlEndHandle,
            maxConcurrent,
            callsPerSecond,
            serviceLevel,
            1000,
            availability >= 0,
            schedule,
            nextCampaign,
            pbx)
        : new CampaignCheck(
            false, "plan is missing or deleted", null, 1, 0, 0, 0, 0, false, null, null, null);
  }

  @Override
  public void setStatus(String campaignId, int status, String reason) {
    if (reason != null && reason.length() > statusReasonMax) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Data too long for column 'status_reason'", "DataRejected");
    }
    rowStatus = status;
    statuses.add(status);
    reasons.add(reason);
  }

  @Override
  public void recordStatus(CampaignStatusChange change) {
    setStatus(change.campaignId(), change.status(), change.reason());
  }

  @Override
  public List<AttemptInput> reserveBatch(ReservationRequest request) {
    return reserveAttempts(
        request.campaignId(), request.reservationKey(), request.limit(), request.openZones());
  }

  @Override
  public synchronized List<AttemptInput> reserveAttempts(
      String campaignId, String key, int limit, List<String> openZones) {
    if (reservations.containsKey(key)) {
      return reservations.get(key);
    }
    zonesAsked.add(openZones == null ? null : List.copyOf(openZones));
    campaignRuns.add(Activity.getExecutionContext().getInfo().getRunId());
    long t = clock();
    List<AttemptInput> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (out.size() >= limit) {
        break;
      }
      boolean zoneOpen = openZones == null || e.zone() == null || openZones.contains(e.zone());
      if (open(e)
          && zoneOpen
          && !inFlightEntries.contains(e.id())
          && nextTryAt.getOrDefault(e.id(), 0L) <= t) {
        int tries = e.tries().incrementAndGet();
        AttemptInput a =
            new AttemptInput(campaignId, UUID.randomUUID().toString(), e.id(), 1, tries, 1000);
        attempts.put(a.attemptId(), a);
        inFlightEntries.add(e.id());
        out.add(a);
      }
    }
    reservations.put(key, out);
    return out;
  }

  @Override
  public synchronized void releaseAttempts(List<String> attemptIds) {
    for (String id : attemptIds) {
      AttemptInput a = attempts.remove(id);
      if (a != null) {
        entries.get(a.entryId()).tries().decrementAndGet();
        inFlightEntries.remove(a.entryId());
      }
    }
  }

  @Override
  public synchronized ListProgress listProgress(String campaignId) {
    long t = clock();
    long eligible = 0;
    long waiting = 0;
    Long next = null;
    for (Entry e : entries.values()) {
      if (!open(e) || inFlightEntries.contains(e.id())) {
        continue;
      }
      long at = nextTryAt.getOrDefault(e.id(), 0L);
      if (at <= t) {
        eligible++;
      } else {
        waiting++;
        next = next == null ? at : Math.min(next, at);
      }
    }
    return new ListProgress(eligible, waiting, next, inFlightEntries.size());
  }

  @Override
  public List<String> listTimezones(String campaignId) {
    return entries.values().stream()
        .map(Entry::zone)
        .filter(java.util.Objects::nonNull)
        .distinct()
        .sorted()
        .toList();
  }

  @Override
  public int destinationAvailability(String campaignId) {
    return availability;
  }

  @Override
  public int hangupCalls(List<String> attemptIds) {
    ranOn();
    hangups.add(List.copyOf(attemptIds));
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    return attemptIds.size();
  }

  @Override
  public ControlResult startCampaign(String campaignId, OperatorAction action) {
    started.add(campaignId);
    return ControlResult.of(CampaignStatus.STARTING, null, null);
  }

  @Override
  public ControlResult startNextCampaign(CampaignStartRequest request) {
    return startCampaign(request.campaignId(), request.action());
  }

  // ---- DialActivities ------------------------------------------------------------------------

  @Override
  public OriginateResult originate(AttemptInput attempt) {
    if (invalidOriginate != null) {
      throw ApplicationFailure.newNonRetryableFailure(invalidOriginate, "OriginateInvalid");
    }
    if (failOriginates.getAndDecrement() > 0) {
      throw io.temporal.failure.ApplicationFailure.newFailure(
          "AMI is not connected", "AmiNotConnected");
    }
    // A paced call leaves at its moment, as the real activity holds it (the test server skips no
    // time while an activity runs, so the moment is taken as the time it left).
    long leaves =
        attempt.notBeforeMs() == null ? clock() : Math.max(clock(), attempt.notBeforeMs());
    notBefore.add(attempt.notBeforeMs());
    if (attempt.notBeforeMs() != null) {
      notBeforeById.put(attempt.attemptId(), attempt.notBeforeMs());
    }
    if (rowStatus != CampaignStatus.START.code()
        || (attempt.sendBeforeMs() != null && leaves >= attempt.sendBeforeMs())) {
      return new OriginateResult(OriginateResult.Kind.CANCELLED, "campaign not dialing", clock());
    }
    originateTimes.add(leaves);
    originatedAt.put(attempt.entryId(), leaves);
    return refuse
        ? new OriginateResult(OriginateResult.Kind.REFUSED, "Extension does not exist.", clock())
        : new OriginateResult(OriginateResult.Kind.SENT, "queued", clock());
  }

  @Override
  public CallOutcome awaitCallEnd(AttemptInput attempt) {
    CountDownLatch h = hold;
    if (h != null) {
      try {
        h.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    return callOutcome(attempt);
  }

  private CallOutcome callOutcome(AttemptInput attempt) {
    int resDial = entries.get(attempt.entryId()).resDial();
    long start = clock();
    return new CallOutcome(
        List.of(new StatusChange(1, start, null), new StatusChange(6, start + 1000, "cause 16")),
        6,
        resDial,
        resDial == 5 ? 17 : 16,
        "x",
        "Local/x",
        start,
        start + 1000,
        null);
  }

  @Override
  public synchronized AttemptOutcome recordResult(AttemptInput attempt, CallOutcome outcome) {
    if (refuseResultsWithChannel && outcome.channel() != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Data too long for column 'channel'", "DataRejected");
    }
    AttemptOutcome o =
        new AttemptOutcome(
            attempt.attemptId(),
            outcome.finalDialingStatus(),
            outcome.resDial(),
            outcome.resHangup(),
            outcome.detail(),
            true);
    recorded.add(o);
    lastResDial.put(attempt.entryId(), outcome.resDial());
    inFlightEntries.remove(attempt.entryId());
    nextTryAt.put(attempt.entryId(), clock() + retryDelayMs);
    return o;
  }

  @Override
  public AttemptOutcome recordAttemptResult(ResultToRecord result) {
    return recordResult(result.attempt(), result.call());
  }

  @Override
  public AttemptOutcome awaitCallEndAndRecordResult(AttemptInput attempt) {
    return recordResult(attempt, awaitCallEnd(attempt));
  }

  @Override
  public boolean releaseIfUnsent(AttemptInput attempt) {
    releaseAttempts(List.of(attempt.attemptId()));
    return true;
  }

  // ---- LaneActivities ------------------------------------------------------------------------

  /** What LaneWorkers answers, and the task queues it was asked about. */
  volatile int laneWorkers = 1;

  final List<String> laneWorkersAsked = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public int laneWorkers(String taskQueue) {
    laneWorkersAsked.add(taskQueue);
    return laneWorkers;
  }

  /** Reports lanes sent to their campaigns through ReportToCampaign (by campaign workflow id). */
  final List<String> reportedTo = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public boolean reportToCampaign(CampaignReport report) {
    reportedTo.add(report.campaignWorkflowId());
    try {
      client
          .newUntypedWorkflowStub(report.campaignWorkflowId())
          .signal("AttemptsFinished", report.finished());
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      return false;
    }
  }

  @Override
  public List<Originated> originateBatch(OriginateBatch batch) {
    List<Originated> out = new ArrayList<>();
    List<DialLaneWorkflow.EndedCall> ended = new ArrayList<>();
    batches.add(batch.attempts().stream().map(AttemptInput::attemptId).toList());
    ranOn();
    lanes.add(batch.laneWorkflowId());
    for (AttemptInput a : batch.attempts()) {
      if (holdPaced && a.notBeforeMs() != null) {
        long left = a.notBeforeMs() - System.currentTimeMillis();
        if (left > 0) {
          try {
            Thread.sleep(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "Interrupted");
          }
        }
      }
      Originated o;
      try {
        OriginateResult r = originate(a);
        o =
            new Originated(
                a.attemptId(), Originated.Kind.valueOf(r.kind().name()), r.message(), r.atMs());
      } catch (ApplicationFailure f) {
        if (!f.isNonRetryable()) {
          throw f;
        }
        o = new Originated(a.attemptId(), Originated.Kind.INVALID, f.getOriginalMessage(), clock());
      }
      if (o.kind() == Originated.Kind.CANCELLED) {
        releaseAttempts(List.of(a.attemptId()));
      } else if (o.kind() == Originated.Kind.SENT) {
        ended.add(new DialLaneWorkflow.EndedCall(a.attemptId(), callOutcome(a)));
      }
      out.add(o);
    }
    if (!ended.isEmpty()) {
      CountDownLatch h = hold;
      if (h == null) {
        // Within the activity, as the test server skips no time while one runs.
        signalEnds(batch.laneWorkflowId(), ended);
      } else {
        enders.execute(
            () -> {
              try {
                h.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              signalEnds(batch.laneWorkflowId(), ended);
            });
      }
    }
    return out;
  }

  private void signalEnds(String lane, List<DialLaneWorkflow.EndedCall> ended) {
    client
        .newUntypedWorkflowStub(lane)
        .signal("CallsEnded", new DialLaneWorkflow.CallsEnded(ended));
  }

  @Override
  public List<AttemptOutcome> recordResults(ResultBatch batch) {
    CountDownLatch h = holdRecords;
    if (h != null) {
      try {
        h.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    List<AttemptOutcome> out = new ArrayList<>();
    for (ResultToRecord r : batch.results()) {
      try {
        out.add(recordResult(r.attempt(), r.call()));
      } catch (ApplicationFailure f) {
        if (!f.isNonRetryable()) {
          throw f;
        }
        String detail = "result could not be recorded: " + f.getOriginalMessage();
        out.add(
            recordResult(
                r.attempt(),
                new CallOutcome(
                    List.of(new StatusChange(10, clock(), detail)),
                    10,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    detail)));
      }
    }
    return out;
  }

  @Override
  public List<String> releaseUnsent(List<String> attemptIds) {
    releaseAttempts(attemptIds);
    return attemptIds;
  }

  @Override
  public List<String> followCalls(FollowCalls calls) {
    return calls.attemptIds().stream()
        .filter(
            id ->
                !attempts.containsKey(id)
                    || recorded.stream().anyMatch(o -> o.attemptId().equals(id)))
        .toList();
  }
}
