package io.outdial.workflows;

import io.outdial.workflows.CampaignActivities.CampaignCheck;
import io.outdial.workflows.CampaignActivities.ListProgress;
import io.outdial.workflows.window.CallingWindow;
import io.outdial.workflows.window.Schedule;
import io.outdial.workflows.window.ZoneOpenings;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The campaign: its seven statuses (PRODUCT.md 3.1), its calling windows on durable timers
 * (PRODUCT.md 5), pacing and picking (PRODUCT.md 4). Attempts run as child workflows that report
 * back by signal; the workflow continues as new well before Temporal's history limits, carrying its
 * calls in flight.
 */
public class CampaignWorkflowImpl implements CampaignWorkflow {
  /** History length at which a run hands over to a new one (Temporal's limit is 51,200). */
  static final int CONTINUE_AS_NEW_AFTER_EVENTS = 4000;

  /** How often a full queue's availability is asked again while nothing else wakes us. */
  static final Duration AVAILABILITY_RECHECK = Duration.ofSeconds(2);

  /** How long a decision under load waits for a batch of slots ({@link Pacing#batch}). */
  static final Duration BATCH_WAIT = Duration.ofSeconds(1);

  /** How often force stop hangs up calls again that are still in flight. */
  static final Duration FORCE_STOP_REPEAT = Duration.ofSeconds(2);

  /**
   * How long before a window opens the campaign goes to STARTING and runs its checks, so that at
   * the opening itself only the move to START stands before the first originate.
   */
  static final Duration PREFLIGHT_LEAD = Duration.ofSeconds(5);

  private static final Logger log = Workflow.getLogger(CampaignWorkflowImpl.class);

  // Database steps retry until the database is back: a MariaDB restart must not end a campaign.
  /** The campaign's steps retry until the database (or Asterisk) is back. */
  private static final ActivityOptions DB_STEPS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(500))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  private final CampaignActivities db =
      Workflow.newActivityStub(CampaignActivities.class, DB_STEPS);

  private String campaignId;
  private CampaignStatus status = CampaignStatus.STOP;
  private String statusReason;
  private final Map<String, AttemptInput> inFlight = new LinkedHashMap<>();

  /**
   * Attempts in flight whose calls a lane has reported ended, and whose results are on their way:
   * they are not calls up, and pacing does not count them (see {@link #callsUp}).
   */
  private final Set<String> hungUp = new java.util.LinkedHashSet<>();

  private boolean listFinished;
  private boolean holdUntilNextWindow;
  private long attemptsStarted;

  private CampaignCheck config;
  private Schedule schedule = Schedule.off();
  private List<String> zones = List.of();
  private boolean progressed;
  private boolean listChanged;
  private boolean mirroring;
  private boolean batchWaited;

  /**
   * Attempts reported finished before {@link #run} took over its carried calls: the SDK hands a new
   * run the signals of its first task before its workflow method starts.
   */
  private final Set<String> finishedBeforeRun = new HashSet<>();

  private boolean runStarted;
  private Boolean namedPayloads;
  private Boolean dialingLanes;

  /** Dialing lanes started so far; the newest is open while the campaign dials through it. */
  private int laneGeneration;

  private boolean laneOpen;

  /**
   * Whether a report of attempts this run does not know wakes it to look at its list again (change
   * foreign-reports-wake): the results of a lane of an earlier workflow of the campaign (terminated
   * by hand) free entries this run waits for. Asked once as the run begins.
   */
  private boolean wakesOnForeignReports;

  /** When the next calls may start at the plan's callsPerSecond (see {@link Pacing#pacedUntil}). */
  private long pacedUntilMs;

  /**
   * The PBX of the newest lane, whose task queue runs its activities and the campaign's steps that
   * ask or tell Asterisk (change lane-per-pbx); null while this run has not chosen, and for lanes
   * from before the change.
   */
  private String lanePbx;

  /**
   * Whether this run routes call-bound work by PBX (change lane-per-pbx); asked when first needed.
   */
  private Boolean perPbx;

  /** The campaign's steps on a PBX's task queue, by PBX name. */
  private final Map<String, CampaignActivities> pbxSteps = new HashMap<>();

  @Override
  public CampaignStatus run(CampaignInput input) {
    campaignId = input.campaignId();
    CampaignState carried = input.carried();
    if (carried != null) {
      status = CampaignStatus.ofCode(carried.status()).orElse(CampaignStatus.STOP);
      statusReason = carried.statusReason();
      inFlight.putAll(carried.inFlight());
      listFinished = carried.listFinished();
      holdUntilNextWindow = carried.holdUntilNextWindow();
      attemptsStarted = carried.attemptsStarted();
      laneGeneration = carried.laneGeneration();
      laneOpen = carried.laneOpen();
      pacedUntilMs = carried.pacedUntilMs();
      lanePbx = carried.lanePbx();
      if (carried.hungUp() != null) {
        carried.hungUp().stream().filter(inFlight::containsKey).forEach(hungUp::add);
      }
    }
    runStarted = true;
    showDetails();
    // Before this, such a report was lost and its attempt stayed "in flight" for ever.
    if (!finishedBeforeRun.isEmpty()
        && Workflow.getVersion("early-finished-signals", Workflow.DEFAULT_VERSION, 1) >= 1) {
      finishedBeforeRun.forEach(this::finished);
    }
    finishedBeforeRun.clear();
    namedPayloads();
    dialingLanes();
    wakesOnForeignReports =
        Workflow.getVersion("foreign-reports-wake", Workflow.DEFAULT_VERSION, 1) >= 1;
    loadConfig();
    while (true) {
      if (historyTooLong() && Workflow.isEveryHandlerFinished() && !mirroring) {
        log.info(
            "campaign {} continues as new with {} calls in flight", campaignId, inFlight.size());
        Workflow.continueAsNew(
            new CampaignInput(
                campaignId,
                null,
                new CampaignState(
                    status.code(),
                    statusReason,
                    new LinkedHashMap<>(inFlight),
                    listFinished,
                    holdUntilNextWindow,
                    attemptsStarted,
                    laneGeneration,
                    laneOpen,
                    new ArrayList<>(hungUp),
                    pacedUntilMs,
                    lanePbx)));
      }
      switch (status) {
        case STOP -> stopped();
        case PAUSE -> Workflow.await(() -> status != CampaignStatus.PAUSE || historyTooLong());
        case STARTING -> starting();
        case START -> dialOnce();
        case STOPPING, PAUSING -> draining();
        case STOPPING_FORCEDLY -> forceStopping();
      }
    }
  }

  // ---- statuses ------------------------------------------------------------------------------

  private void stopped() {
    if (listChanged) {
      listChanged = false;
      listFinished = false;
      loadConfig();
    }
    Supplier<Boolean> wake = () -> status != CampaignStatus.STOP || listChanged || historyTooLong();
    if (!schedule.modeOn() || listFinished || config == null || !config.ok()) {
      Workflow.await(wake::get);
      return;
    }
    Instant now = now();
    if (CallingWindow.isOpen(schedule, now)) {
      if (!holdUntilNextWindow) {
        moveTo(CampaignStatus.STARTING, "calling window opened");
        return;
      }
      // A manual stop inside a window holds until the next window.
      Optional<Instant> closing = CallingWindow.nextClosing(schedule, now);
      if (closing.isEmpty()) {
        Workflow.await(wake::get);
      } else if (!Workflow.await(until(closing.get()), wake::get)) {
        holdUntilNextWindow = false;
      }
      return;
    }
    holdUntilNextWindow = false;
    Optional<Instant> opening = CallingWindow.nextOpening(schedule, now);
    if (opening.isEmpty()) {
      Workflow.await(wake::get);
    } else if (!preflight()) {
      Workflow.await(until(opening.get()), wake::get);
    } else if (now.isBefore(opening.get().minus(PREFLIGHT_LEAD))) {
      Workflow.await(until(opening.get().minus(PREFLIGHT_LEAD)), wake::get);
    } else {
      moveTo(CampaignStatus.STARTING, "calling window opens at " + opening.get());
    }
  }

  /** Whether this run checks a campaign before its window opens (see {@link #PREFLIGHT_LEAD}). */
  private static boolean preflight() {
    return Workflow.getVersion("preflight-before-opening", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  private void starting() {
    loadConfig();
    if (!config.ok()) {
      moveTo(CampaignStatus.STOP, config.reason());
    } else if (schedule.modeOn()
        && !CallingWindow.isOpen(schedule, now())
        && preflight()
        && opensSoon()) {
      // Checked ahead of the opening: START at the opening itself, unless an operator acts.
      Instant opening = CallingWindow.nextOpening(schedule, now()).orElseThrow();
      boolean operatorActed =
          Workflow.await(until(opening), () -> status != CampaignStatus.STARTING);
      if (!operatorActed && CallingWindow.isOpen(schedule, now())) {
        listFinished = false;
        moveTo(CampaignStatus.START, "calling window opened");
      }
    } else if (schedule.modeOn() && !CallingWindow.isOpen(schedule, now())) {
      moveTo(
          CampaignStatus.STOP,
          "outside the calling window; next opening "
              + CallingWindow.nextOpening(schedule, now()).map(Instant::toString).orElse("never"));
    } else {
      listFinished = false;
      moveTo(CampaignStatus.START, null);
    }
  }

  /**
   * One dialing decision: what pacing allows is reserved and started, then the campaign sleeps
   * until it is needed again (a call's end, a retry falling due, a zone or queue opening up, the
   * window closing). The activities run in the same order as before these steps were named.
   */
  private void dialOnce() {
    progressed = false;
    Instant now = now();
    if (schedule.modeOn() && !CallingWindow.isOpen(schedule, now)) {
      moveTo(CampaignStatus.STOPPING, "calling window closed");
      return;
    }
    if (listChanged) {
      listChanged = false;
      zones = db.listTimezones(campaignId);
    }
    int maxInFlight = Pacing.maxInFlight(config.maxConcurrentCalls());
    boolean ahead = pacesAhead();
    Pacing.Allowance allowance = allowance(maxInFlight, ahead);
    Pacing.Ahead paced = null;
    if (ahead) {
      paced = Pacing.ahead(pacedUntilMs, now.toEpochMilli(), config.callsPerSecond());
      if (paced.calls() == 0 && allowance.calls() > 0) {
        // The next seconds' calls are handed over already: come back before they run out.
        awaitPacing(pacedUntilMs - Pacing.DECIDE_AGAIN_BEFORE_MS);
        return;
      }
      allowance =
          new Pacing.Allowance(
              Math.min(allowance.calls(), paced.calls()), allowance.queueLimited());
    }
    if (waitForBatch(maxInFlight, allowance.calls())) {
      return;
    }
    ZoneOpenings zoneOpenings = ZoneOpenings.at(schedule, zones, now);
    List<AttemptInput> started =
        reserveAndStart(allowance.calls(), zoneOpenings.open(), now, paced);
    if (started == null) {
      return; // a stop, pause or force stop was accepted while reserving
    }
    if (ahead && !started.isEmpty()) {
      Pacing.Handed handed =
          Pacing.handed(paced.firstAtMs(), started.size(), config.callsPerSecond());
      pacedUntilMs = handed.pacedUntilMs();
      awaitPacing(handed.decideAgainAtMs());
    } else if (config.callsPerSecond() > 0 && !started.isEmpty()) {
      Duration pause = pacingPause(started.size(), config.callsPerSecond());
      if (Workflow.getVersion("pace-from-decision-start", Workflow.DEFAULT_VERSION, 1) >= 1) {
        // Reserving and handing over took time, and the last pause's timer may have fired late:
        // only what keeps the rate is waited, so a plan of 100 calls/s dials 100 a second.
        pacedUntilMs =
            Pacing.pacedUntil(
                pacedUntilMs, now.toEpochMilli(), started.size(), config.callsPerSecond());
        pause = Pacing.pauseUntil(pacedUntilMs, Workflow.currentTimeMillis());
      }
      Workflow.await(pause, () -> status != CampaignStatus.START);
    }
    if (allowance.calls() > 0 && started.size() == allowance.calls()) {
      return; // there may be more to dial right now
    }
    sleepUntilNeeded(now, started.isEmpty(), allowance.queueLimited(), zoneOpenings.nextOpening());
  }

  /**
   * Whether this decision hands a paced campaign's calls over ahead, each with its moment to leave
   * (change pace-ahead): only through dialing lanes, whose originate activity holds each call until
   * its moment.
   */
  private boolean pacesAhead() {
    return config.callsPerSecond() > 0
        && dialingLanes()
        && Workflow.getVersion("pace-ahead", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * Waits until {@code atMs} (no timer when it has come) or an operator's stop, pause or force
   * stop.
   */
  private void awaitPacing(long atMs) {
    long wait = atMs - Workflow.currentTimeMillis();
    if (wait > 0) {
      Workflow.await(Duration.ofMillis(wait), () -> status != CampaignStatus.START);
    }
  }

  /**
   * What pacing allows now; the queue's availability is asked only when a slot is free. Paced
   * {@code ahead}, the rate is left to {@link Pacing#ahead}.
   */
  private Pacing.Allowance allowance(int maxInFlight, boolean ahead) {
    int available = Pacing.NO_QUEUE;
    if (config.queueDestination() && maxInFlight - callsUp() > 0) {
      available =
          Math.max(Pacing.NO_QUEUE, stepsOn(targetPbx()).destinationAvailability(campaignId));
    }
    return Pacing.allowance(
        maxInFlight,
        callsUp(),
        available,
        config.serviceLevel(),
        ahead ? 0 : config.callsPerSecond());
  }

  /**
   * Under load, waits (once, at most {@link #BATCH_WAIT}) for a batch of slots to free instead of
   * starting a few calls, so the campaign's history grows per batch rather than per call. Answers
   * whether it waited, and the decision is to be made again.
   */
  private boolean waitForBatch(int maxInFlight, int allowed) {
    int batch = Pacing.batch(maxInFlight);
    // Batched reservations came after the first recorded histories: runs that began before
    // replay without them.
    boolean batching = Workflow.getVersion("reserve-in-batches", Workflow.DEFAULT_VERSION, 1) >= 1;
    if (batching && Pacing.waitsForBatch(allowed, batch, callsUp(), batchWaited)) {
      batchWaited = true;
      Workflow.await(
          BATCH_WAIT,
          () ->
              status != CampaignStatus.START
                  || listChanged
                  || maxInFlight - callsUp() >= batch
                  || historyTooLong());
      return true;
    }
    batchWaited = false;
    return false;
  }

  /**
   * Reserves up to {@code allowed} entries dialable in {@code openZones} (null: any) and starts an
   * attempt for each. Answers the attempts started, or null when an operator's stop, pause or force
   * stop was accepted meanwhile: then nothing is dialed and the reservations are given back.
   */
  private List<AttemptInput> reserveAndStart(
      int allowed, List<String> openZones, Instant now, Pacing.Ahead paced) {
    List<AttemptInput> reserved =
        allowed > 0
            ? reserve(campaignId + "/" + Workflow.randomUUID(), allowed, openZones)
            : List.of();
    if (status != CampaignStatus.START) {
      if (!reserved.isEmpty()) {
        db.releaseAttempts(reserved.stream().map(AttemptInput::attemptId).toList());
      }
      return null;
    }
    if (!reserved.isEmpty()
        && Workflow.getVersion("originate-before-closing", Workflow.DEFAULT_VERSION, 1) >= 1) {
      // The originate activity refuses to send once the window has closed, however late the
      // child gets to it.
      Instant closing = windowClosing(now);
      Long closingMs = closing == null ? null : closing.toEpochMilli();
      reserved = reserved.stream().map(a -> a.sendBefore(closingMs)).toList();
    }
    if (paced != null) {
      List<AttemptInput> timed = new ArrayList<>(reserved.size());
      for (int i = 0; i < reserved.size(); i++) {
        timed.add(
            reserved
                .get(i)
                .notBefore(paced.firstAtMs() + Pacing.offset(i, config.callsPerSecond())));
      }
      reserved = timed;
    }
    if (dialingLanes()) {
      dispatch(reserved);
    } else {
      startAttempts(reserved);
    }
    return reserved;
  }

  /**
   * Sleeps until the campaign is needed: the list's next retry, the next zone opening, the queue
   * asked again, the window closing, or a call's end or an operator (whichever comes first). When
   * the list is done it stops the campaign (dlEndHandle 1) or keeps waiting for entries.
   */
  private void sleepUntilNeeded(
      Instant now, boolean noneStarted, boolean queueLimited, Instant nextZoneOpening) {
    ListProgress progress = db.listProgress(campaignId);
    if (inFlight.isEmpty() && progress.finished()) {
      listFinished = true;
      if (config.dlEndHandle() == 1) {
        moveTo(CampaignStatus.STOPPING, "dial list finished");
      } else {
        // dlEndHandle 0 keeps the status and picks up entries added later.
        awaitWake(windowClosing(now));
      }
      return;
    }
    Instant wake = windowClosing(now);
    if (progress.nextRetryAtMs() != null) {
      wake = earliest(wake, Instant.ofEpochMilli(progress.nextRetryAtMs()));
    }
    if (nextZoneOpening != null) {
      wake = earliest(wake, nextZoneOpening);
    }
    if (queueLimited) {
      wake = earliest(wake, now.plus(AVAILABILITY_RECHECK));
    }
    if (progress.eligibleNow() > 0 && noneStarted && inFlight.isEmpty() && wake == null) {
      wake = now.plusSeconds(60); // eligible entries none of which could be reserved: look again
    }
    awaitWake(wake);
  }

  private void awaitWake(Instant wake) {
    Supplier<Boolean> cond =
        () -> status != CampaignStatus.START || progressed || listChanged || historyTooLong();
    if (wake == null) {
      Workflow.await(cond::get);
    } else {
      Workflow.await(until(wake), cond::get);
    }
  }

  private void draining() {
    CampaignStatus draining = status;
    Workflow.await(() -> inFlight.isEmpty() || status != draining || historyTooLong());
    if (status == draining && inFlight.isEmpty()) {
      boolean finished = listFinished && draining == CampaignStatus.STOPPING;
      moveTo(
          draining == CampaignStatus.STOPPING ? CampaignStatus.STOP : CampaignStatus.PAUSE,
          statusReason);
      closeLane();
      if (finished && config.nextCampaignId() != null) {
        OperatorAction by =
            new OperatorAction(
                "campaign " + campaignId,
                Workflow.currentTimeMillis(),
                "previous campaign's dial list finished");
        ControlResult next =
            namedPayloads()
                ? db.startNextCampaign(new CampaignStartRequest(config.nextCampaignId(), by))
                : db.startCampaign(config.nextCampaignId(), by);
        log.info(
            "campaign {} started next campaign {}: {}", campaignId, config.nextCampaignId(), next);
      }
    }
  }

  private void forceStopping() {
    while (!inFlight.isEmpty()) {
      // Calls whose end a lane has reported are not hung up again: their results are on the way.
      List<String> up = inFlight.keySet().stream().filter(id -> !hungUp.contains(id)).toList();
      if (!up.isEmpty()) {
        stepsOn(lanePbx).hangupCalls(new ArrayList<>(up));
      }
      Workflow.await(FORCE_STOP_REPEAT, inFlight::isEmpty);
    }
    moveTo(CampaignStatus.STOP, statusReason);
    closeLane();
  }

  // ---- attempts ------------------------------------------------------------------------------

  private void startAttempts(List<AttemptInput> attempts) {
    List<Promise<io.temporal.api.common.v1.WorkflowExecution>> started = new ArrayList<>();
    for (AttemptInput attempt : attempts) {
      DialAttemptWorkflow child =
          Workflow.newChildWorkflowStub(DialAttemptWorkflow.class, attemptOptions(attempt));
      inFlight.put(attempt.attemptId(), attempt);
      attemptsStarted++;
      Promise<AttemptOutcome> result = Async.function(child::run, attempt);
      result.exceptionally(
          failure -> {
            // A child that failed never signals: do not wait for it forever.
            log.error("attempt {} failed: {}", attempt.attemptId(), failure.getMessage());
            finished(attempt.attemptId());
            return null;
          });
      started.add(Workflow.getWorkflowExecution(child));
    }
    // Every child is started before the next decision, so continue-as-new never loses one.
    Promise.allOf(started).get();
  }

  @Override
  public void attemptFinished(AttemptOutcome outcome) {
    finished(outcome.attemptId());
  }

  @Override
  public void attemptsFinished(FinishedAttempts finished) {
    if (finished.hungUp() != null) {
      for (String id : finished.hungUp()) {
        if (inFlight.containsKey(id) && hungUp.add(id)) {
          progressed = true;
        }
      }
    }
    for (AttemptOutcome o : finished.outcomes()) {
      if (runStarted && wakesOnForeignReports && !inFlight.containsKey(o.attemptId())) {
        progressed = true;
      }
      finished(o.attemptId());
    }
  }

  /**
   * The calls the campaign counts as up, for pacing: attempts in flight but those whose end has
   * been reported ahead of their result. Equal to the attempts in flight in runs whose lanes do not
   * report ends early (and in every run before lanes), so their histories replay unchanged.
   */
  private int callsUp() {
    return inFlight.size() - hungUp.size();
  }

  // ---- dialing lanes -------------------------------------------------------------------------

  /**
   * Hands reserved attempts to the open dialing lane, or to a new one when none is open (or the
   * open one is gone). Each lane has a workflow id of its own (its generation), so a closing lane
   * and a new one never share one.
   */
  private void dispatch(List<AttemptInput> attempts) {
    if (attempts.isEmpty()) {
      return;
    }
    for (AttemptInput a : attempts) {
      inFlight.put(a.attemptId(), a);
      attemptsStarted++;
    }
    String pbx = targetPbx();
    if (laneOpen && !java.util.Objects.equals(pbx, lanePbx)) {
      // The plan now dials through another PBX: its calls go through a lane of that PBX.
      log.info("campaign {}: dials through PBX {} from now on", campaignId, pbx);
      closeLane();
    }
    if (laneOpen) {
      try {
        Workflow.newUntypedExternalWorkflowStub(laneWorkflowId())
            .signal("Dial", new DialLaneWorkflow.AttemptBatch(attempts));
        return;
      } catch (SignalExternalWorkflowException e) {
        log.warn(
            "campaign {}: lane {} is gone ({}); starting a new one",
            campaignId,
            laneWorkflowId(),
            e.getMessage());
      }
    }
    // A lane of that generation may run already (a campaign workflow started again after its
    // old one was terminated leaves its lanes running): then the next generation is taken.
    lanePbx = pbx;
    for (int tries = 1; ; tries++) {
      laneGeneration++;
      String laneId = laneWorkflowId();
      ChildWorkflowOptions.Builder laneOptions =
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(laneId)
              // A lane outlives a continue-as-new of its campaign; it reports by signal.
              .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
      if (pbx != null) {
        // The lane and its activities run where its PBX's AMI connections are.
        laneOptions.setTaskQueue(pbxQueue(pbx));
      }
      if (childrenCarryCampaignId()) {
        laneOptions
            .setTypedSearchAttributes(
                io.temporal.common.SearchAttributes.newBuilder()
                    .set(SearchAttributes.CAMPAIGN_ID, campaignId)
                    .build())
            .setStaticSummary(
                Summaries.fit(
                    "Dialing lane of campaign "
                        + campaignName()
                        + (pbx == null ? "" : " on PBX " + pbx)));
      }
      DialLaneWorkflow lane =
          Workflow.newChildWorkflowStub(DialLaneWorkflow.class, laneOptions.build());
      boolean[] started = {false};
      Promise<Void> done =
          Async.procedure(
              lane::run,
              new DialLaneWorkflow.LaneInput(
                  campaignId, laneName(), attempts, Map.of(), Map.of(), false));
      done.exceptionally(
          failure -> {
            if (!started[0]) {
              return null; // it never started: handled below
            }
            // A lane that failed reports nothing more: its calls are not waited for for ever.
            log.error(
                "campaign {}: lane {} failed: {}; {} attempts in flight no longer awaited",
                campaignId,
                laneId,
                failure.getMessage(),
                inFlight.size());
            if (laneId.equals(laneWorkflowId())) {
              laneOpen = false;
            }
            new ArrayList<>(inFlight.keySet()).forEach(this::finished);
            return null;
          });
      try {
        // Started before the next decision, so continue-as-new never loses it.
        Workflow.getWorkflowExecution(lane).get();
        started[0] = true;
        laneOpen = true;
        return;
      } catch (ChildWorkflowFailure e) {
        if (tries >= 5) {
          throw e;
        }
        log.warn(
            "campaign {}: lane {} could not be started ({}); trying the next",
            campaignId,
            laneId,
            e.getMessage());
        // Most likely a lane of an earlier workflow of this campaign (terminated by hand) that
        // still runs: nobody would close it, so it is told to complete once its calls settle.
        if (Workflow.getVersion("close-orphan-lanes", Workflow.DEFAULT_VERSION, 1) >= 1) {
          try {
            Workflow.newUntypedExternalWorkflowStub(laneId).signal("Close");
          } catch (SignalExternalWorkflowException gone) {
            log.info("campaign {}: lane {} is not running either", campaignId, laneId);
          }
        }
      }
    }
  }

  /** Tells the open lane the campaign dials no more through it (it completes once settled). */
  private void closeLane() {
    if (!laneOpen) {
      return;
    }
    laneOpen = false;
    try {
      Workflow.newUntypedExternalWorkflowStub(laneWorkflowId()).signal("Close");
    } catch (SignalExternalWorkflowException e) {
      log.warn(
          "campaign {}: lane {} was already gone: {}",
          campaignId,
          laneWorkflowId(),
          e.getMessage());
    }
  }

  private String laneWorkflowId() {
    return DialLaneWorkflow.workflowId(campaignId, laneName(), laneGeneration);
  }

  /** The newest lane's name: its PBX's (the default PBX's lane keeps the name lanes had before). */
  private String laneName() {
    return lanePbx == null ? DialLaneWorkflow.DEFAULT_LANE : lanePbx;
  }

  /**
   * The PBX the campaign dials through now (its plan's trunk's), or null in runs from before the
   * change lane-per-pbx: their call-bound work stays on the campaign's own task queue.
   */
  private String targetPbx() {
    if (perPbx == null) {
      perPbx = Workflow.getVersion("lane-per-pbx", Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    if (!perPbx) {
      return null;
    }
    return config == null || config.pbx() == null ? DialLaneWorkflow.DEFAULT_LANE : config.pbx();
  }

  private static String pbxQueue(String pbx) {
    return DialLaneWorkflow.pbxTaskQueue(Workflow.getInfo().getTaskQueue(), pbx);
  }

  /** The campaign's steps that ask or tell Asterisk, on the task queue of that PBX (null: own). */
  private CampaignActivities stepsOn(String pbx) {
    if (pbx == null) {
      return db;
    }
    return pbxSteps.computeIfAbsent(
        pbx,
        p ->
            Workflow.newActivityStub(
                CampaignActivities.class,
                ActivityOptions.newBuilder(DB_STEPS).setTaskQueue(pbxQueue(p)).build()));
  }

  /**
   * Whether this run dials through lanes (one child for many calls) rather than a child per
   * attempt; asked once as the run begins (see {@link #namedPayloads}).
   */
  private boolean dialingLanes() {
    if (dialingLanes == null) {
      dialingLanes = Workflow.getVersion("dialing-lanes", Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    return dialingLanes;
  }

  private void finished(String attemptId) {
    hungUp.remove(attemptId);
    if (inFlight.remove(attemptId) != null) {
      progressed = true;
    } else if (!runStarted) {
      finishedBeforeRun.add(attemptId);
    }
  }

  @Override
  public void listChanged() {
    listChanged = true;
  }

  // ---- operator actions ----------------------------------------------------------------------

  @Override
  public void validateStart(OperatorAction action) {
    if (status != CampaignStatus.STOP && status != CampaignStatus.PAUSE) {
      throw refused("start");
    }
    if (config != null) {
      refuseOutsideWindow();
    }
  }

  /** A manual start outside a calling window is refused with the time the next one opens. */
  private void refuseOutsideWindow() {
    if (schedule.modeOn() && !CallingWindow.isOpen(schedule, now())) {
      Long next =
          CallingWindow.nextOpening(schedule, now()).map(Instant::toEpochMilli).orElse(null);
      throw ApplicationFailure.newNonRetryableFailure(
          CampaignControl.refusalMessage("start", status, next),
          ILLEGAL_TRANSITION,
          ControlResult.of(status, next, "outside the calling window"));
    }
  }

  @Override
  public ControlResult start(OperatorAction action) {
    // The validator cannot wait for the campaign's schedule on the run's first task; this can.
    Workflow.await(() -> config != null);
    refuseOutsideWindow();
    holdUntilNextWindow = false;
    listFinished = false;
    moveTo(CampaignStatus.STARTING, "started by " + action.requestedBy());
    return ControlResult.of(status, null, null);
  }

  @Override
  public void validateStop(OperatorAction action) {
    if (status == CampaignStatus.STOP
        || status == CampaignStatus.STOPPING
        || status == CampaignStatus.STOPPING_FORCEDLY) {
      throw refused("stop");
    }
  }

  @Override
  public ControlResult stop(OperatorAction action) {
    if (schedule.modeOn() && CallingWindow.isOpen(schedule, now())) {
      holdUntilNextWindow = true;
    }
    moveTo(CampaignStatus.STOPPING, "stopped by " + action.requestedBy() + reason(action));
    return ControlResult.of(status, null, null);
  }

  @Override
  public void validatePause(OperatorAction action) {
    if (status != CampaignStatus.START && status != CampaignStatus.STARTING) {
      throw refused("pause");
    }
  }

  @Override
  public ControlResult pause(OperatorAction action) {
    moveTo(CampaignStatus.PAUSING, "paused by " + action.requestedBy() + reason(action));
    return ControlResult.of(status, null, null);
  }

  @Override
  public void validateForceStop(OperatorAction action) {
    if (status == CampaignStatus.STOP || status == CampaignStatus.STOPPING_FORCEDLY) {
      throw refused("force-stop");
    }
  }

  @Override
  public ControlResult forceStop(OperatorAction action) {
    if (schedule.modeOn() && CallingWindow.isOpen(schedule, now())) {
      holdUntilNextWindow = true;
    }
    moveTo(
        CampaignStatus.STOPPING_FORCEDLY,
        "force stopped by " + action.requestedBy() + reason(action));
    return ControlResult.of(status, null, null);
  }

  private ApplicationFailure refused(String action) {
    return ApplicationFailure.newNonRetryableFailure(
        CampaignControl.refusalMessage(action, status, null),
        ILLEGAL_TRANSITION,
        ControlResult.of(status, null, "campaign is " + status));
  }

  private static String reason(OperatorAction action) {
    return action.reason() == null || action.reason().isBlank() ? "" : ": " + action.reason();
  }

  @Override
  public CampaignView view() {
    Instant now = now();
    Long opening = null;
    Long closing = null;
    if (schedule.modeOn()) {
      opening = CallingWindow.nextOpening(schedule, now).map(Instant::toEpochMilli).orElse(null);
      closing =
          CallingWindow.isOpen(schedule, now)
              ? CallingWindow.nextClosing(schedule, now).map(Instant::toEpochMilli).orElse(null)
              : null;
    }
    return new CampaignView(
        status.code(),
        status.name(),
        statusReason,
        List.copyOf(inFlight.keySet()),
        listFinished,
        opening,
        closing,
        callsUp());
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** An attempt's child workflow (campaign runs from before dialing lanes). */
  private ChildWorkflowOptions attemptOptions(AttemptInput attempt) {
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(DialAttemptWorkflow.workflowId(campaignId, attempt.attemptId()))
            // Attempts outlive a continue-as-new of their campaign; they report by signal.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
    if (childrenCarryCampaignId()) {
      options
          .setTypedSearchAttributes(
              io.temporal.common.SearchAttributes.newBuilder()
                  .set(SearchAttributes.CAMPAIGN_ID, campaignId)
                  .build())
          .setStaticSummary(Summaries.fit("Attempt of campaign " + campaignName()));
    }
    return options.build();
  }

  /**
   * Whether the children this run starts carry the campaign's id (the CampaignId search attribute,
   * so that the Temporal UI finds every workflow of a campaign) and a summary naming it. Runs from
   * before started them without.
   */
  private boolean childrenCarryCampaignId() {
    return Workflow.getVersion("children-carry-campaign-id", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** The campaign's name, from the memo its workflow was started with (else its id). */
  private String campaignName() {
    String name = Workflow.getMemo(SearchAttributes.MEMO_CAMPAIGN_NAME, String.class, String.class);
    return name == null || name.isBlank() ? campaignId : name;
  }

  /**
   * What the Temporal UI shows as the workflow's current details: the campaign's name, status and
   * reason. Not in the history (the SDK answers it as a query), so it needs no version.
   */
  private void showDetails() {
    Workflow.setCurrentDetails(
        "**"
            + campaignName()
            + "**: "
            + status.name()
            + (statusReason == null || statusReason.isBlank() ? "" : " (" + statusReason + ")"));
  }

  /**
   * Changes the status and mirrors it to the database and the CampaignStatus search attribute.
   * Writes happen one at a time, in the order of the changes, so the row always ends with the
   * workflow's latest status; an operator action returns only once its status is written, which is
   * what stops originates (the originate step checks the row).
   */
  private void moveTo(CampaignStatus next, String reason) {
    Workflow.await(() -> !mirroring);
    mirroring = true;
    status = next;
    statusReason = reason;
    try {
      Workflow.upsertTypedSearchAttributes(SearchAttributes.CAMPAIGN_STATUS.valueSet(next.name()));
      showDetails();
      writeStatus(next, reason);
    } finally {
      mirroring = false;
    }
    log.info("campaign {} is {} ({})", campaignId, next, reason);
  }

  /**
   * Writes the status to the campaign row. A write the database refuses for good never holds the
   * state machine: the status is written again without its reason, and the campaign goes on.
   */
  private void writeStatus(CampaignStatus next, String reason) {
    try {
      setStatus(next, reason);
    } catch (ActivityFailure e) {
      if (Workflow.getVersion("permanent-failures", Workflow.DEFAULT_VERSION, 1) < 1
          || !DialAttemptWorkflowImpl.isPermanent(e)) {
        throw e;
      }
      log.warn(
          "campaign {}: status {} could not be written with its reason: {}",
          campaignId,
          next,
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      try {
        setStatus(next, "(the reason for this status could not be stored)");
      } catch (ActivityFailure again) {
        log.error(
            "campaign {}: status {} could not be written: {}",
            campaignId,
            next,
            again.getMessage());
      }
    }
  }

  private void setStatus(CampaignStatus next, String reason) {
    if (namedPayloads()) {
      db.recordStatus(CampaignStatusChange.of(campaignId, next, reason));
    } else {
      db.setStatus(campaignId, next.code(), reason);
    }
  }

  private List<AttemptInput> reserve(String reservationKey, int limit, List<String> openZones) {
    return namedPayloads()
        ? db.reserveBatch(new ReservationRequest(campaignId, reservationKey, limit, openZones))
        : db.reserveAttempts(campaignId, reservationKey, limit, openZones);
  }

  /**
   * Whether this run's activities take one named record each; before, they took positional
   * arguments, which the Temporal UI shows as bare arrays of values. Asked once, on the workflow
   * method's thread as the run begins: asked first inside an update handler, the version marker
   * changed the order of the handler's and the main loop's activities against older histories.
   */
  private boolean namedPayloads() {
    if (namedPayloads == null) {
      namedPayloads = Workflow.getVersion("named-payloads", Workflow.DEFAULT_VERSION, 1) >= 1;
    }
    return namedPayloads;
  }

  /** {@link Pacing#pause}, for runs since the change bounded-pacing. */
  private static Duration pacingPause(int started, double callsPerSecond) {
    if (Workflow.getVersion("bounded-pacing", Workflow.DEFAULT_VERSION, 1) < 1) {
      return Pacing.unboundedPause(started, callsPerSecond);
    }
    return Pacing.pause(started, callsPerSecond);
  }

  private void loadConfig() {
    config = db.checkCampaign(campaignId);
    schedule = Schedule.off();
    if (config.ok() && config.schedule() != null) {
      schedule = Schedule.fromMap(config.schedule());
    }
    zones = schedule.modeOn() ? db.listTimezones(campaignId) : List.of();
  }

  /** Whether the next window opens within the pre-flight lead (and a second of slack). */
  private boolean opensSoon() {
    Instant now = now();
    return CallingWindow.nextOpening(schedule, now)
        .map(o -> !now.plus(PREFLIGHT_LEAD).plusSeconds(1).isBefore(o))
        .orElse(false);
  }

  private Instant windowClosing(Instant now) {
    return schedule.modeOn() ? CallingWindow.nextClosing(schedule, now).orElse(null) : null;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static Duration until(Instant t) {
    return Duration.ofMillis(Math.max(1, t.toEpochMilli() - Workflow.currentTimeMillis()));
  }

  private static boolean historyTooLong() {
    WorkflowInfo info = Workflow.getInfo();
    return info.getHistoryLength() > CONTINUE_AS_NEW_AFTER_EVENTS
        || info.isContinueAsNewSuggested();
  }
}
