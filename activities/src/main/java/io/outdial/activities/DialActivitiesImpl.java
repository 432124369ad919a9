package io.outdial.activities;

import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.activities.ami.CallTracker;
import io.outdial.store.CampaignStore.DialContext;
import io.outdial.store.Column;
import io.outdial.store.Database;
import io.outdial.store.DncStore;
import io.outdial.store.Json;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Rows.WorkflowRun;
import io.outdial.workflows.AmiLimits;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.AttemptOutcome;
import io.outdial.workflows.CallOutcome;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialActivities;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.HangupCause;
import io.outdial.workflows.OriginateResult;
import io.outdial.workflows.ResultToRecord;
import io.outdial.workflows.StatusChange;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Originate through AMI at most once, wait for the call's end, record its one result. */
public final class DialActivitiesImpl implements DialActivities {
  private static final Logger log = LoggerFactory.getLogger(DialActivitiesImpl.class);

  /** Longest call waited for before the attempt is settled by timeout (PRODUCT.md 4). */
  static final long MAX_CALL_LENGTH_MS = 2 * 3600 * 1000L;

  private final Database db;
  private final CallRegistry calls;
  private final AmiClient ami;

  private final TrunkGate trunks;

  public DialActivitiesImpl(Database db, CallRegistry calls, AmiClient ami) {
    this.db = db;
    this.calls = calls;
    this.ami = ami;
    this.trunks = new TrunkGate(db.trunks());
  }

  @Override
  public OriginateResult originate(AttemptInput in) {
    return originate(in, () -> dialContext(in.campaignId()), null);
  }

  /** What a campaign's attempts are dialed with; a non-retryable failure when it is gone. */
  DialContext dialContext(String campaignId) {
    return db.campaigns()
        .dialContext(campaignId)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "campaign " + campaignId + " or its plan, destination or list is gone",
                    "CampaignIncomplete"));
  }

  /**
   * Sends the attempt's Originate at most once. {@code reportTo}: the dialing lane whose worker
   * reports the call's end to it by signal, or null when an activity waits for the end.
   */
  OriginateResult originate(AttemptInput in, Supplier<DialContext> context, String reportTo) {
    return originate(in, context, reportTo, null);
  }

  /**
   * The attempt's row and entry as a batch read them before its first originate (a hint: the
   * guarded mark decides whether it is sent); either may be null, then it is read here.
   */
  record Known(AttemptRow attempt, EntryRow entry) {}

  OriginateResult originate(
      AttemptInput in, Supplier<DialContext> context, String reportTo, Known known) {
    return originate(in, context, reportTo, known, currentRun());
  }

  /**
   * {@link #originate(AttemptInput, Supplier, String, Known)} for the workflow run {@code sender}
   * (null: not known), which the result links to: taken by the caller on the activity's own thread,
   * where the activity's context is.
   */
  OriginateResult originate(
      AttemptInput in,
      Supplier<DialContext> context,
      String reportTo,
      Known known,
      WorkflowRun sender) {
    return originate(in, context, reportTo, known, sender, null);
  }

  /**
   * How long the single-attempt Originate activity (attempt workflows from before dialing lanes)
   * holds a call for a busy trunk before it gives the call back: within its 20 s start-to-close.
   */
  static final long SINGLE_TRUNK_WAIT_MS = 15_000;

  /**
   * {@link #originate(AttemptInput, Supplier, String, Known, WorkflowRun)}; on a trunk with limits
   * the call first waits for its channel and moment with {@code hold} (null: heartbeating the
   * current activity, if any, for up to {@link #SINGLE_TRUNK_WAIT_MS}).
   */
  OriginateResult originate(
      AttemptInput in,
      Supplier<DialContext> context,
      String reportTo,
      Known known,
      WorkflowRun sender,
      TrunkGate.Hold hold) {
    AttemptRow attempt =
        known != null && known.attempt() != null ? known.attempt() : attempt(in.attemptId());
    long now = System.currentTimeMillis();
    if (attempt.state() == AttemptState.SETTLED) {
      return new OriginateResult(OriginateResult.Kind.ALREADY_SETTLED, null, now);
    }
    if (attempt.state() == AttemptState.ORIGINATE_SENT) {
      log.warn("attempt {} was already sent: reconciling, not dialing again", in.attemptId());
      return new OriginateResult(OriginateResult.Kind.ALREADY_SENT, null, now);
    }
    if (in.sendBeforeMs() != null && now >= in.sendBeforeMs()) {
      log.info(
          "attempt {} not dialed: the calling window closed at {}",
          in.attemptId(),
          Instant.ofEpochMilli(in.sendBeforeMs()));
      return new OriginateResult(
          OriginateResult.Kind.CANCELLED, "calling window closed before this originate left", now);
    }
    DialContext ctx = context.get();
    EntryRow entry =
        (known != null && known.entry() != null
                ? Optional.of(known.entry())
                : db.entries().findEntry(in.entryId()))
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "entry " + in.entryId() + " does not exist", "EntryMissing"));
    // Immediately before it leaves (after any hold for its moment): a number put on a do-not-call
    // list since the attempt was reserved is not dialed.
    Optional<DncStore.Hit> dnc = db.dnc().blockingList(dncLists(in.campaignId()), attempt.number());
    if (dnc.isPresent()) {
      return heldBackByDnc(attempt, ctx, entry, dnc.get(), now);
    }
    OriginateAction action = originateAction(attempt, ctx, entry);
    if (!ami.isConnected()) {
      // Nothing has left yet: a plain retry is safe.
      throw ApplicationFailure.newFailure("AMI is not connected", "AmiNotConnected");
    }
    Map<String, Object> snapshot = snapshot(ctx, entry);
    snapshot.put("channel", action.getChannel());
    if (TrunkGate.limits(ctx.trunk())) {
      // Right before the mark, so that a call leaves within milliseconds of the moment it is
      // given; and before it is tracked, so that no sweep looks for it in Asterisk meanwhile.
      OriginateResult held = holdForTrunk(in, ctx, hold == null ? singleHold(in) : hold);
      if (held != null) {
        return held;
      }
      now = System.currentTimeMillis();
      // It may have waited for its channel: looked up again.
      dnc = db.dnc().blockingList(dncLists(in.campaignId()), attempt.number());
      if (dnc.isPresent()) {
        return heldBackByDnc(attempt, ctx, entry, dnc.get(), now);
      }
    }
    TrunkGate.Spacing spacing = TrunkGate.limits(ctx.trunk()) ? trunks.spacing(ctx.trunk()) : null;
    if (spacing == null) {
      return markAndSend(in, snapshot, now, sender, action, reportTo);
    }
    spacing.acquire();
    OriginateResult r = null;
    try {
      r = markAndSend(in, snapshot, System.currentTimeMillis(), sender, action, reportTo);
      return r;
    } finally {
      spacing.release(r != null && r.kind() != OriginateResult.Kind.CANCELLED);
    }
  }

  /**
   * How long the do-not-call lists that apply to a campaign are kept before they are read again.
   */
  static final long DNC_LISTS_MAX_AGE_NANOS = 1_000_000_000L;

  private record DncLists(List<DncStore.Applying> lists, long readAtNanos) {}

  private final Map<String, DncLists> dncLists = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The do-not-call lists that apply to a campaign, read again once they are a second old: a list
   * created, made global or attached holds within a second. Its numbers are looked up on every
   * check, so a number added holds from the next check on.
   */
  private List<DncStore.Applying> dncLists(String campaignId) {
    long now = System.nanoTime();
    DncLists known = dncLists.get(campaignId);
    if (known == null || now - known.readAtNanos() > DNC_LISTS_MAX_AGE_NANOS) {
      known = new DncLists(db.dnc().applying(campaignId), now);
      dncLists.put(campaignId, known);
    }
    return known.lists();
  }

  /** What an attempt is dialed with, as its result's snapshot keeps it. */
  private static Map<String, Object> snapshot(DialContext ctx, EntryRow entry) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("campaign", ctx.campaign());
    snapshot.put("plan", ctx.plan());
    snapshot.put("destination", ctx.destination());
    snapshot.put("entry", entry);
    return snapshot;
  }

  /**
   * Settles an attempt whose number is on a do-not-call list, without dialing it: an error result
   * naming the list, no more tries of that number, counted as held back by the rule.
   */
  private OriginateResult heldBackByDnc(
      AttemptRow attempt, DialContext ctx, EntryRow entry, DncStore.Hit hit, long now) {
    String detail = "not dialed: the number is on the do-not-call list " + hit.listName();
    Map<String, Object> snapshot = snapshot(ctx, entry);
    snapshot.put("doNotCall", Map.of("listId", hit.listId(), "listName", hit.listName()));
    CallOutcome outcome = CallOutcome.error(now, "do-not-call list " + hit.listName(), detail);
    int slot = attempt.numberIndex() - 1;
    int maxTries = ctx.plan().maxRetry().get(slot);
    boolean settled =
        db.attempts()
            .settleHeldBack(
                resultRow(attempt, outcome, Json.write(snapshot)), maxTries, DncStore.RULE);
    calls.forget(attempt.id());
    if (settled) {
      log.info(
          "attempt {} not dialed: its number is on do-not-call list {}",
          attempt.id(),
          hit.listId());
    }
    return new OriginateResult(OriginateResult.Kind.ALREADY_SETTLED, detail, now);
  }

  /**
   * Marks the attempt ORIGINATE_SENT (guarded: only while RESERVED and its campaign dials), then
   * sends its Originate; answers what came of it.
   */
  private OriginateResult markAndSend(
      AttemptInput in,
      Map<String, Object> snapshot,
      long now,
      WorkflowRun sender,
      OriginateAction action,
      String reportTo) {
    CallTracker tracker = calls.track(in.attemptId());
    // The row moves to ORIGINATE_SENT and commits before the action leaves: from here on, no
    // retry of this activity, on any worker, sends it again.
    if (!db.attempts()
        .markOriginateSent(
            in.attemptId(), Json.write(snapshot), Instant.ofEpochMilli(now), sender, calls.pbx())) {
      if (db.attempts()
          .findAttempt(in.attemptId())
          .map(a -> a.state() == AttemptState.RESERVED)
          .orElse(false)) {
        calls.forget(in.attemptId());
        log.info("attempt {} not dialed: the campaign is no longer dialing", in.attemptId());
        return new OriginateResult(
            OriginateResult.Kind.CANCELLED,
            "campaign stopped dialing before this originate left",
            now);
      }
      return new OriginateResult(OriginateResult.Kind.ALREADY_SENT, null, now);
    }
    tracker.originateSent(now);
    if (reportTo != null) {
      tracker.reportTo(reportTo);
    }
    calls.save(tracker);
    ManagerResponse response;
    try {
      response = ami.originate(action);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new OriginateResult(OriginateResult.Kind.ALREADY_SENT, "interrupted", now);
    } catch (Exception e) {
      // It may or may not have reached Asterisk: the wait step reconciles, it is never resent.
      log.warn(
          "attempt {}: Originate outcome unknown ({}); will reconcile",
          in.attemptId(),
          e.getMessage());
      return new OriginateResult(OriginateResult.Kind.ALREADY_SENT, e.getMessage(), now);
    }
    if (response instanceof ManagerError err) {
      log.warn("attempt {}: Originate refused: {}", in.attemptId(), err.getMessage());
      calls.forget(in.attemptId());
      return new OriginateResult(OriginateResult.Kind.REFUSED, err.getMessage(), now);
    }
    return new OriginateResult(OriginateResult.Kind.SENT, response.getMessage(), now);
  }

  /**
   * Waits for the trunk's channel and moment (trunk limits across campaigns); null once given, or
   * what the attempt comes to instead (nothing has been sent, and nothing tracked: the registry has
   * nothing to forget).
   */
  private OriginateResult holdForTrunk(AttemptInput in, DialContext ctx, TrunkGate.Hold hold) {
    TrunkGate.Passage p = trunks.pass(ctx.trunk(), in, hold);
    long at = System.currentTimeMillis();
    return switch (p.outcome()) {
      case GO -> null;
      case NOT_DIALING -> {
        log.info("attempt {} not dialed: {}", in.attemptId(), p.why());
        yield new OriginateResult(OriginateResult.Kind.CANCELLED, p.why(), at);
      }
      case GAVE_UP -> {
        String why = "given back, trunk still busy: " + p.why();
        log.info("attempt {} not dialed: {}", in.attemptId(), why);
        yield new OriginateResult(OriginateResult.Kind.CANCELLED, why, at);
      }
      case NOT_RESERVED -> {
        AttemptRow now = db.attempts().findAttempt(in.attemptId()).orElse(null);
        if (now != null && now.state() == AttemptState.SETTLED) {
          yield new OriginateResult(OriginateResult.Kind.ALREADY_SETTLED, null, at);
        }
        if (now != null && now.state() == AttemptState.ORIGINATE_SENT) {
          yield new OriginateResult(OriginateResult.Kind.ALREADY_SENT, null, at);
        }
        yield new OriginateResult(OriginateResult.Kind.CANCELLED, p.why(), at);
      }
    };
  }

  /** How a single-attempt Originate activity waits for a trunk. */
  private TrunkGate.Hold singleHold(AttemptInput in) {
    Runnable beat;
    try {
      ActivityExecutionContext ctx = Activity.getExecutionContext();
      beat = () -> ctx.heartbeat(null);
    } catch (RuntimeException | Error e) {
      beat = () -> {};
    }
    return new TrunkGate.Hold(
        beat, campaignDials(in.campaignId()), System.currentTimeMillis() + SINGLE_TRUNK_WAIT_MS);
  }

  /**
   * Whether campaign {@code campaignId} still dials (status START), read from the database at most
   * every {@link TrunkGate#STEP_MS}: a stop, pause or force stop is written before it is accepted.
   */
  BooleanSupplier campaignDials(String campaignId) {
    return new BooleanSupplier() {
      private long readAtMs;
      private boolean dials = true;

      @Override
      public synchronized boolean getAsBoolean() {
        long now = System.currentTimeMillis();
        if (!dials || now - readAtMs < TrunkGate.STEP_MS) {
          return dials;
        }
        readAtMs = now;
        dials =
            db.campaigns()
                .findCampaign(campaignId)
                .map(c -> c.status() == CampaignStatus.START.code())
                .orElse(false);
        return dials;
      }
    };
  }

  static OriginateAction originateAction(AttemptRow attempt, DialContext ctx, EntryRow entry) {
    PlanRow plan = ctx.plan();
    DestinationRow dest = ctx.destination();
    OriginateAction a = new OriginateAction();
    a.setActionId("outdial-" + attempt.id());
    a.setChannelId(attempt.id());
    a.setChannel(channel(plan, attempt.number()));
    a.setTimeout((long) plan.dialTimeoutMs());
    a.setAsync(true);
    if (plan.callerId() != null && !plan.callerId().isBlank()) {
      a.setCallerId(plan.callerId());
    }
    if (dest.type() == DestinationRow.TYPE_APPLICATION) {
      a.setApplication(dest.application());
      a.setData(dest.data());
    } else {
      a.setContext(dest.context());
      a.setExten(dest.exten());
      a.setPriority(priority(dest.priority()));
    }
    // Entry over dial list over destination over plan (PRODUCT.md 5.2).
    Map<String, String> vars = new LinkedHashMap<>(plan.variables());
    vars.putAll(dest.variables());
    if (ctx.dlma() != null && ctx.dlma().variables() != null) {
      vars.putAll(ctx.dlma().variables());
    }
    vars.putAll(entry.variables());
    checkFitsAsterisk(a, vars);
    if (!vars.isEmpty()) {
      // asterisk-java writes each value as it is; Asterisk would split it at commas and drop
      // quotes and backslashes.
      Map<String, String> escaped = new LinkedHashMap<>();
      vars.forEach((name, value) -> escaped.put(name, AmiLimits.escapeVariableValue(value)));
      a.setVariables(escaped);
    }
    if (plan.earlyMedia() != null && !plan.earlyMedia().isBlank()) {
      a.setEarlyMedia(
          Boolean.parseBoolean(plan.earlyMedia()) || "yes".equalsIgnoreCase(plan.earlyMedia()));
    }
    if (plan.codecs() != null && !plan.codecs().isBlank()) {
      a.setCodecs(List.of(plan.codecs().split("\\s*,\\s*")));
    }
    return a;
  }

  /**
   * A destination's priority as Originate sends it: a number. Labels are refused by the API; a row
   * that holds one (written before, or by hand) can never be sent.
   */
  static int priority(String priority) {
    if (priority == null) {
      return 1;
    }
    try {
      int p = Integer.parseInt(priority);
      if (p >= 1) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(
        "destination priority '"
            + priority
            + "' is not a whole number from 1 (priority labels are not supported)");
  }

  /**
   * Refuses, before anything is sent, an Originate that Asterisk would truncate or drop: a channel
   * longer than its 255-byte buffer, context or exten longer than 79 characters, a header line
   * longer than Asterisk's 1024-byte input line, or more headers than the 128 it reads.
   */
  static void checkFitsAsterisk(OriginateAction a, Map<String, String> vars) {
    if (a.getChannel().getBytes(StandardCharsets.UTF_8).length > AmiLimits.CHANNEL_BYTES) {
      throw invalid(
          "channel '"
              + a.getChannel()
              + "' is longer than Asterisk's "
              + AmiLimits.CHANNEL_BYTES
              + " bytes");
    }
    if (a.getContext() != null && a.getContext().length() > AmiLimits.CONTEXT_CHARS) {
      throw invalid("context is longer than Asterisk's " + AmiLimits.CONTEXT_CHARS + " characters");
    }
    if (a.getExten() != null && a.getExten().length() > AmiLimits.EXTEN_CHARS) {
      throw invalid("exten is longer than Asterisk's " + AmiLimits.EXTEN_CHARS + " characters");
    }
    if (a.getCallerId() != null && !AmiLimits.fitsLine("CallerID", a.getCallerId())) {
      throw invalid("callerId does not fit one AMI line of " + AmiLimits.LINE_BYTES + " bytes");
    }
    if (a.getData() != null && !AmiLimits.fitsLine("Data", a.getData())) {
      throw invalid(
          "destination data does not fit one AMI line of " + AmiLimits.LINE_BYTES + " bytes");
    }
    if (vars.size() > AmiLimits.ORIGINATE_VARIABLES) {
      throw invalid(
          vars.size()
              + " channel variables, Asterisk reads at most "
              + AmiLimits.ORIGINATE_VARIABLES
              + " beside the Originate's other headers");
    }
    for (Map.Entry<String, String> v : vars.entrySet()) {
      if (!AmiLimits.variableFits(v.getKey(), v.getValue())) {
        throw invalid(
            "variable "
                + v.getKey()
                + " does not fit one AMI line of "
                + AmiLimits.LINE_BYTES
                + " bytes");
      }
    }
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, ORIGINATE_INVALID);
  }

  /** The failure type of an Originate that can never be sent as it stands. */
  public static final String ORIGINATE_INVALID = "OriginateInvalid";

  /** {@code <tech><number>} or {@code <tech><number>@<trunk>}. */
  static String channel(PlanRow plan, String number) {
    String trunk = plan.trunkName();
    return plan.techName() + number + (trunk == null || trunk.isBlank() ? "" : "@" + trunk);
  }

  @Override
  public CallOutcome awaitCallEnd(AttemptInput in) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    AttemptRow attempt = attempt(in.attemptId());
    if (attempt.state() == AttemptState.SETTLED) {
      return new CallOutcome(
          List.of(),
          attempt.dialingStatus(),
          DialResult.FAILED.code(),
          HangupCause.NOT_DEFINED.code(),
          null,
          null,
          null,
          null,
          "already settled");
    }
    boolean restored = !calls.isTracked(in.attemptId());
    CallTracker tracker = calls.track(in.attemptId());
    if (restored || ctx.getInfo().getAttempt() > 1) {
      // This process did not see the call from its start (worker restart): ask Asterisk.
      calls.reconcileSoon(in.attemptId());
    }
    long sentAt =
        tracker.originateSentAtMs() != null
            ? tracker.originateSentAtMs()
            : attempt.originateAt() != null
                ? attempt.originateAt().toEpochMilli()
                : System.currentTimeMillis();
    long deadline = sentAt + in.dialTimeoutMs() + MAX_CALL_LENGTH_MS;
    try {
      while (!CallRegistry.awaitEnd(tracker, 2000)) {
        ctx.heartbeat(tracker.dialingStatus());
        if (System.currentTimeMillis() > deadline) {
          tracker.lost(
              "safety timeout: no end of call within dial timeout plus "
                  + MAX_CALL_LENGTH_MS / 60000
                  + " min",
              System.currentTimeMillis());
          calls.save(tracker);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting for the call", "Interrupted");
    }
    return tracker.outcome();
  }

  @Override
  public AttemptOutcome recordAttemptResult(ResultToRecord result) {
    return recordResult(result.attempt(), result.call());
  }

  /** Kept for histories from before the change named-payloads, as its interface method. */
  @Override
  public AttemptOutcome recordResult(AttemptInput in, CallOutcome outcome) {
    AttemptRow attempt = attempt(in.attemptId());
    Optional<DialContext> ctx = db.campaigns().dialContext(in.campaignId());
    String snapshot = attempt.snapshot() != null ? attempt.snapshot() : snapshotNow(in, ctx);
    int retryDelaySeconds = ctx.map(c -> c.plan().retryDelaySeconds()).orElse(0);
    boolean recorded =
        db.attempts().settle(resultRow(attempt, outcome, snapshot), retryDelaySeconds);
    return recorded(attempt, outcome, recorded);
  }

  /** The result row of {@code attempt} for what its call ended with. */
  static ResultRow resultRow(AttemptRow attempt, CallOutcome outcome, String snapshot) {
    return new ResultRow(
            UUID.randomUUID().toString(),
            attempt.id(),
            attempt.campaignId(),
            attempt.entryId(),
            outcome.finalDialingStatus(),
            trailJson(outcome.trail()),
            outcome.resDial(),
            outcome.resHangup(),
            Column.RESULT_HANGUP_TEXT.cut(outcome.hangupText()),
            Column.RESULT_DETAIL.cut(outcome.detail()),
            Column.RESULT_CHANNEL.cut(outcome.channel()),
            attempt.number(),
            attempt.numberIndex(),
            attempt.tryCount(),
            snapshot,
            outcome.dialedAtMs() == null ? null : Instant.ofEpochMilli(outcome.dialedAtMs()),
            outcome.hangupAtMs() == null ? null : Instant.ofEpochMilli(outcome.hangupAtMs()),
            Instant.now())
        .recordedBy(recordRunId());
  }

  /** The run id of {@link #currentRun}, which records the result; null when it has none. */
  private static String recordRunId() {
    WorkflowRun run = currentRun();
    return run == null ? null : run.runId();
  }

  /**
   * The workflow run this activity runs for, which a result links to; null outside an activity
   * (tests that call the steps directly) or for an id longer than its column.
   */
  static WorkflowRun currentRun() {
    io.temporal.activity.ActivityInfo info;
    try {
      info = io.temporal.activity.Activity.getExecutionContext().getInfo();
    } catch (RuntimeException e) {
      return null;
    }
    if (!Column.ATTEMPT_WORKFLOW_ID.fits(info.getWorkflowId())
        || !Column.ATTEMPT_RUN_ID.fits(info.getRunId())) {
      log.warn("workflow id {} is too long to keep with its results", info.getWorkflowId());
      return null;
    }
    return new WorkflowRun(info.getWorkflowId(), info.getRunId());
  }

  /** After an attempt's result was written (or found written): forgets the call, logs it. */
  AttemptOutcome recorded(AttemptRow attempt, CallOutcome outcome, boolean recorded) {
    calls.forget(attempt.id());
    log.info(
        "attempt {} number {}: dialing status {}, resDial {}, resHangup {} ({}){}",
        attempt.id(),
        PhoneMask.mask(attempt.number()),
        outcome.finalDialingStatus(),
        outcome.resDial(),
        outcome.resHangup(),
        outcome.hangupText(),
        recorded ? "" : " (already recorded)");
    return new AttemptOutcome(
        attempt.id(),
        outcome.finalDialingStatus(),
        outcome.resDial(),
        outcome.resHangup(),
        outcome.detail(),
        true);
  }

  /**
   * The dialing status trail as its column takes it. Details quote Asterisk (a refused Originate's
   * message, a dial string as channel name): each is cut to a result's detail size, and a trail
   * that still does not fit keeps its newest steps.
   */
  static String trailJson(List<StatusChange> trail) {
    List<StatusChange> fitted =
        trail.stream()
            .map(
                c ->
                    c.detail() == null
                        ? c
                        : new StatusChange(
                            c.status(), c.atMs(), Column.RESULT_DETAIL.cut(c.detail())))
            .toList();
    String json = Json.write(fitted);
    while (!Column.RESULT_STATUS_TRAIL.fits(json) && fitted.size() > 1) {
      fitted = fitted.subList(1, fitted.size());
      json = Json.write(fitted);
    }
    return json;
  }

  /**
   * What the attempt was dialed with, for one that never left (its snapshot is written when the
   * Originate is sent): whatever of it still exists, so that a result is recorded even when the
   * campaign's resources are gone.
   */
  private String snapshotNow(AttemptInput in, Optional<DialContext> ctx) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    ctx.ifPresent(
        c -> {
          snapshot.put("campaign", c.campaign());
          snapshot.put("plan", c.plan());
          snapshot.put("destination", c.destination());
        });
    db.entries().findEntry(in.entryId()).ifPresent(e -> snapshot.put("entry", e));
    return Json.write(snapshot);
  }

  @Override
  public AttemptOutcome awaitCallEndAndRecordResult(AttemptInput in) {
    AttemptRow attempt = attempt(in.attemptId());
    if (attempt.state() == AttemptState.SETTLED) {
      // A retry after the result was written (the worker died before answering Temporal).
      return db.results()
          .findResultOfAttempt(in.attemptId())
          .map(
              r ->
                  new AttemptOutcome(
                      attempt.id(),
                      r.dialingStatus(),
                      r.resDial(),
                      r.resHangup(),
                      r.detail(),
                      true))
          .orElseThrow(
              () ->
                  ApplicationFailure.newNonRetryableFailure(
                      "attempt " + in.attemptId() + " is settled without a result",
                      "ResultMissing"));
    }
    return recordResult(in, awaitCallEnd(in));
  }

  @Override
  public boolean releaseIfUnsent(AttemptInput in) {
    // Deletes the row only while it is RESERVED (locked), so a late retry of the originate
    // still running somewhere finds nothing to mark and sends nothing. No row at all: a retry
    // of this activity after it released it.
    boolean released =
        db.attempts().releaseAttempts(List.of(in.attemptId())) == 1
            || db.attempts().findAttempt(in.attemptId()).isEmpty();
    if (!released) {
      return false; // ORIGINATE_SENT or later, it may have left: settled by waiting
    }
    calls.forget(in.attemptId());
    log.info("attempt {} released: its Originate never left", in.attemptId());
    return true;
  }

  private AttemptRow attempt(String id) {
    return db.attempts()
        .findAttempt(id)
        .orElseThrow(
            () ->
                ApplicationFailure.newNonRetryableFailure(
                    "attempt " + id + " does not exist", "AttemptMissing"));
  }
}
