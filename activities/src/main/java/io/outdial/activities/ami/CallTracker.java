package io.outdial.activities.ami;

import io.outdial.store.Json;
import io.outdial.workflows.CallOutcome;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.DialingStatus;
import io.outdial.workflows.HangupCause;
import io.outdial.workflows.StatusChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What AMI has told us about one attempt's call, built up event by event in whatever order the
 * events come (real Asterisk varies it between runs). Its state is saved as JSON after every
 * change, so a restarted worker carries on from what was seen before the crash.
 */
public final class CallTracker {
  /** Dialing status codes of PRODUCT.md 3.2. */
  public static final int ORIGINATE_SENT = DialingStatus.ORIGINATE_SENT.code();

  public static final int DIALING_BEGIN = DialingStatus.DIALING_BEGIN.code();
  public static final int CHANNEL_CREATE = DialingStatus.CHANNEL_CREATE.code();
  public static final int DIALING_END = DialingStatus.DIALING_END.code();
  public static final int ORIGINATE_RESPONSE = DialingStatus.ORIGINATE_RESPONSE.code();
  public static final int HANGUP = DialingStatus.HANGUP.code();
  public static final int ERROR = DialingStatus.ERROR.code();

  /** How long a failed originate that created no channel waits for late channel events. */
  static final long NO_CHANNEL_GRACE_MS = 500;

  /**
   * How long after the last leg hung up a call waits for an OriginateResponse that may have been
   * lost (it was sent while the worker or the link was down) before it ends without one.
   */
  static final long RESPONSE_GRACE_MS = 3000;

  /** One leg of the call: {@code <attemptId>} is the originated side, {@code ;2} its peer. */
  public record Leg(
      String uniqueId,
      String channel,
      boolean hungUp,
      Integer cause,
      String causeText,
      Long hangupAtMs) {}

  /**
   * The saved form of a tracker. {@code reportTo}: the dialing lane workflow its end is reported to
   * by signal; null for attempts run as their own workflow (whose activity waits for the end) and
   * in states saved before lanes.
   */
  public record State(
      String attemptId,
      List<StatusChange> trail,
      Map<String, Leg> legs,
      String response,
      Integer reason,
      String responseChannel,
      Long responseAtMs,
      Long originateSentAtMs,
      String lostDetail,
      String dialStatus,
      long version,
      String reportTo) {}

  private final String attemptId;
  private final List<StatusChange> trail;
  private final Map<String, Leg> legs;
  private String response;
  private Integer reason;
  private String responseChannel;
  private Long responseAtMs;
  private Long originateSentAtMs;
  private String lostDetail;
  private String dialStatus;
  private String reportTo;

  /** Counts changes, so a save of an older state never overwrites a newer one. */
  private long version;

  public CallTracker(String attemptId) {
    this(
        new State(
            attemptId, List.of(), Map.of(), null, null, null, null, null, null, null, 0, null));
  }

  private CallTracker(State s) {
    this.attemptId = s.attemptId();
    this.trail = new ArrayList<>(s.trail() == null ? List.of() : s.trail());
    this.legs = new LinkedHashMap<>(s.legs() == null ? Map.of() : s.legs());
    this.response = s.response();
    this.reason = s.reason();
    this.responseChannel = s.responseChannel();
    this.responseAtMs = s.responseAtMs();
    this.originateSentAtMs = s.originateSentAtMs();
    this.lostDetail = s.lostDetail();
    this.dialStatus = s.dialStatus();
    this.version = s.version();
    this.reportTo = s.reportTo();
  }

  public static CallTracker fromJson(String json) {
    return new CallTracker(Json.read(json, State.class));
  }

  /** The saved form and its version, taken together under the tracker's lock. */
  public record Snapshot(String json, int dialingStatus, long version) {}

  public synchronized Snapshot snapshot() {
    return new Snapshot(
        Json.write(
            new State(
                attemptId,
                List.copyOf(trail),
                Map.copyOf(legs),
                response,
                reason,
                responseChannel,
                responseAtMs,
                originateSentAtMs,
                lostDetail,
                dialStatus,
                version,
                reportTo)),
        dialingStatus(),
        version);
  }

  public String toJson() {
    return snapshot().json();
  }

  public String attemptId() {
    return attemptId;
  }

  public synchronized int dialingStatus() {
    return trail.isEmpty() ? DialingStatus.NONE.code() : trail.get(trail.size() - 1).status();
  }

  /** The lane workflow this call's end is reported to, or null (see {@link State}). */
  public synchronized String reportTo() {
    return reportTo;
  }

  /** Has this call's end reported to {@code laneWorkflowId}. */
  public synchronized void reportTo(String laneWorkflowId) {
    if (!java.util.Objects.equals(reportTo, laneWorkflowId)) {
      reportTo = laneWorkflowId;
      version++;
    }
  }

  public synchronized Long originateSentAtMs() {
    return originateSentAtMs;
  }

  public synchronized void originateSent(long atMs) {
    if (originateSentAtMs == null) {
      originateSentAtMs = atMs;
      trail.add(new StatusChange(ORIGINATE_SENT, atMs, null));
      version++;
    }
  }

  public synchronized void channelCreated(String uniqueId, String channel, long atMs) {
    if (!legs.containsKey(uniqueId)) {
      legs.put(uniqueId, new Leg(uniqueId, channel, false, null, null, null));
      if (uniqueId.equals(attemptId)) {
        trail.add(new StatusChange(CHANNEL_CREATE, atMs, channel));
      }
      version++;
    }
  }

  public synchronized void dialBegin(long atMs) {
    trail.add(new StatusChange(DIALING_BEGIN, atMs, null));
    version++;
  }

  public synchronized void dialEnd(String dialStatus, long atMs) {
    trail.add(new StatusChange(DIALING_END, atMs, dialStatus));
    this.dialStatus = dialStatus;
    version++;
  }

  /**
   * Asterisk lists the originated leg as Up: the call was answered, whatever events were lost.
   * Returns whether this was news.
   */
  public synchronized boolean answeredSeenLive(long atMs) {
    if (dialStatus != null || responseAtMs != null) {
      return false;
    }
    dialStatus = "ANSWER";
    trail.add(new StatusChange(DIALING_END, atMs, "ANSWER (leg Up in CoreShowChannels)"));
    version++;
    return true;
  }

  public synchronized void originateResponse(
      String response, Integer reason, String channel, long atMs) {
    if (responseAtMs != null) {
      return;
    }
    this.response = response;
    this.reason = reason;
    this.responseChannel = channel;
    this.responseAtMs = atMs;
    trail.add(new StatusChange(ORIGINATE_RESPONSE, atMs, response + " reason " + reason));
    version++;
  }

  public synchronized void hangup(
      String uniqueId, String channel, Integer cause, String causeText, long atMs) {
    Leg before = legs.get(uniqueId);
    if (before != null && before.hungUp()) {
      return;
    }
    String name = channel != null ? channel : before == null ? null : before.channel();
    legs.put(uniqueId, new Leg(uniqueId, name, true, cause, causeText, atMs));
    if (uniqueId.equals(attemptId)) {
      trail.add(new StatusChange(HANGUP, atMs, "cause " + cause));
    }
    version++;
  }

  /** Settles a call whose end was never seen (events lost while the link or worker was down). */
  public synchronized void lost(String detail, long atMs) {
    if (lostDetail == null && !ended(atMs)) {
      lostDetail = detail;
      trail.add(new StatusChange(ERROR, atMs, detail));
      version++;
    }
  }

  /** Whether anything of this call is still up, as far as the events tell. */
  public synchronized boolean hasOpenLegs() {
    return legs.values().stream().anyMatch(l -> !l.hungUp());
  }

  /**
   * The call is over when Asterisk has answered the originate and every leg it created has hung up;
   * a failed originate that created no channel (bad technology) waits a short grace for late
   * channel events first.
   */
  public synchronized boolean ended(long nowMs) {
    if (lostDetail != null) {
      return true;
    }
    if (hasOpenLegs()) {
      return false;
    }
    if (responseAtMs == null) {
      Leg originated = legs.get(attemptId);
      return originated != null
          && originated.hungUp()
          && nowMs - lastHangupAtMs() >= RESPONSE_GRACE_MS;
    }
    if (!legs.isEmpty()) {
      return true;
    }
    return !"Success".equalsIgnoreCase(response) && nowMs - responseAtMs >= NO_CHANNEL_GRACE_MS;
  }

  private long lastHangupAtMs() {
    return legs.values().stream()
        .map(Leg::hangupAtMs)
        .filter(java.util.Objects::nonNull)
        .mapToLong(Long::longValue)
        .max()
        .orElse(0);
  }

  /** The dial result when the OriginateResponse was lost: what DialEnd said, where it is clear. */
  private int resDialFromDialEnd() {
    if (dialStatus == null) {
      return DialResult.FAILED.code();
    }
    return switch (dialStatus) {
      case "ANSWER" -> DialResult.ANSWERED.code();
      case "BUSY" -> DialResult.BUSY.code();
      case "CONGESTION" -> DialResult.CONGESTION.code();
      default -> DialResult.FAILED.code();
    };
  }

  /** The cause a failed call stands for when no leg reported one: what its Reason says. */
  private static int causeFromReason(int resDial) {
    return DialResult.ofCode(resDial)
        .map(
            r ->
                switch (r) {
                  case NO_ANSWER -> HangupCause.NO_ANSWER;
                  case BUSY -> HangupCause.USER_BUSY;
                  case CONGESTION -> HangupCause.NORMAL_CIRCUIT_CONGESTION;
                  default -> HangupCause.NOT_DEFINED;
                })
        .orElse(HangupCause.NOT_DEFINED)
        .code();
  }

  /** Whether a leg reported a cause: Asterisk's 0 says it has none. */
  private static boolean hasCause(Leg leg) {
    return leg != null && leg.cause() != null && leg.cause() != HangupCause.NOT_DEFINED.code();
  }

  /** What the result row records. */
  public synchronized CallOutcome outcome() {
    Leg originated = legs.get(attemptId);
    Leg peer = legs.get(attemptId + ";2");
    int resDial = reason != null ? reason : resDialFromDialEnd();
    boolean failed = response == null || !"Success".equalsIgnoreCase(response);
    Leg causeLeg = originated;
    // With Local channels the originated side reports 0 on busy and congestion; the peer has
    // the real cause (17, 34). Fall back to the Reason when neither leg has one.
    if (failed && !hasCause(causeLeg) && hasCause(peer)) {
      causeLeg = peer;
    }
    int cause =
        causeLeg != null && causeLeg.cause() != null
            ? causeLeg.cause()
            : HangupCause.NOT_DEFINED.code();
    if (failed && cause == HangupCause.NOT_DEFINED.code()) {
      cause = causeFromReason(resDial);
    }
    String text =
        causeLeg != null
                && causeLeg.cause() != null
                && causeLeg.cause() == cause
                && causeLeg.causeText() != null
            ? causeLeg.causeText()
            : HangupCause.textOf(cause);
    int finalStatus =
        lostDetail != null
            ? ERROR
            : originated != null && originated.hungUp()
                ? HANGUP
                : responseAtMs != null ? ORIGINATE_RESPONSE : dialingStatus();
    String channel = originated != null ? originated.channel() : responseChannel;
    Long hangupAt =
        originated != null && originated.hangupAtMs() != null
            ? originated.hangupAtMs()
            : responseAtMs;
    String detail =
        lostDetail != null
            ? lostDetail
            : response == null
                ? "OriginateResponse never seen (sent while the worker or the AMI link"
                    + " was down); resDial taken from DialEnd "
                    + dialStatus
                : "OriginateResponse " + response;
    return new CallOutcome(
        List.copyOf(trail),
        finalStatus,
        resDial,
        cause,
        text,
        channel,
        originateSentAtMs,
        hangupAt,
        detail);
  }
}
