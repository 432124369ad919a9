package io.outdial.workflows;

import java.time.Duration;

/**
 * How many calls one dialing decision of a campaign may start, and how long it then holds off
 * (PRODUCT.md 4). Plain arithmetic on what the decision knows, with no Temporal in it, so that it
 * can be tested on its own; the campaign workflow asks the database and then asks this.
 */
public final class Pacing {
  /** Safety bound on attempts in flight when neither the plan nor the destination sets one. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 100;

  /** Under load, free slots are filled in batches of a quarter of the slots, at most this. */
  public static final int MAX_BATCH = 50;

  /** {@link #allowance}'s queue availability when the destination is not a queue, or unknown. */
  public static final int NO_QUEUE = -1;

  private Pacing() {}

  /** What a decision may start: {@code calls} (zero or less: none), and whether a queue held it. */
  public record Allowance(int calls, boolean queueLimited) {}

  /** The most attempts in flight: the plan's {@code maxConcurrentCalls}, or the default. */
  public static int maxInFlight(int maxConcurrentCalls) {
    return maxConcurrentCalls > 0 ? maxConcurrentCalls : DEFAULT_MAX_IN_FLIGHT;
  }

  /**
   * The calls a decision may start: the free slots, then no more than the queue can take (its
   * available agents less the calls already in flight, plus the service level's overdial), then no
   * more than one second's worth at {@code callsPerSecond} (at least one; 0 is unpaced).
   *
   * @param queueAvailable available members of the destination's queue, or {@link #NO_QUEUE}
   */
  public static Allowance allowance(
      int maxInFlight, int inFlight, int queueAvailable, int serviceLevel, double callsPerSecond) {
    int allowed = maxInFlight - inFlight;
    boolean queueLimited = false;
    if (queueAvailable >= 0) {
      int byQueue = queueAvailable - inFlight + serviceLevel;
      queueLimited = byQueue < allowed;
      allowed = Math.min(allowed, byQueue);
    }
    if (callsPerSecond > 0) {
      allowed = Math.min(allowed, (int) Math.max(1, Math.ceil(callsPerSecond)));
    }
    return new Allowance(allowed, queueLimited);
  }

  /**
   * The batch free slots are filled in under load: a quarter of the slots, 1 to {@link #MAX_BATCH}.
   */
  public static int batch(int maxInFlight) {
    return Math.max(1, Math.min(MAX_BATCH, maxInFlight / 4));
  }

  /**
   * Whether a decision waits (once) for a batch to free up instead of starting the few calls it
   * may: only while calls are in flight, whose ends will free more slots soon.
   */
  public static boolean waitsForBatch(int allowed, int batch, int inFlight, boolean waitedOnce) {
    return allowed > 0 && allowed < batch && inFlight > 0 && !waitedOnce;
  }

  /**
   * How long to hold off after starting {@code started} calls at {@code callsPerSecond}, within
   * bounds a timer can take (1 ms to {@link PlanBounds#MAX_PACING_PAUSE}): a stored rate outside
   * what the API accepts must not make an invalid duration.
   */
  public static Duration pause(int started, double callsPerSecond) {
    double ms = 1000.0 * started / callsPerSecond;
    return Duration.ofMillis(
        (long) Math.max(1, Math.min(PlanBounds.MAX_PACING_PAUSE.toMillis(), ms)));
  }

  /**
   * How far behind its rate pacing may be and still make up for it: a timer that fired late (the
   * dev server's fire 100-200 ms late under load). Kept short, as a trunk's rate is a hard limit:
   * at most a quarter of a second's calls come early.
   */
  public static final long CATCH_UP_MS = 250;

  /**
   * When the calls after these may start: {@code started} calls at {@code callsPerSecond} more than
   * where pacing stood ({@code pacedUntilMs}), so the rate is kept from one decision to the next
   * whatever reserving took or however late a timer fired. Pacing that fell further behind than
   * {@link #CATCH_UP_MS} (the campaign waited for slots, a window, an operator) starts again from
   * the decision ({@code decisionStartMs}): no burst after an idle spell.
   */
  public static long pacedUntil(
      long pacedUntilMs, long decisionStartMs, int started, double callsPerSecond) {
    long base = pacedUntilMs >= decisionStartMs - CATCH_UP_MS ? pacedUntilMs : decisionStartMs;
    return base + pause(started, callsPerSecond).toMillis();
  }

  /** The pause until {@code pacedUntilMs}, within what a timer can take (at least 1 ms). */
  public static Duration pauseUntil(long pacedUntilMs, long nowMs) {
    return Duration.ofMillis(
        Math.max(1, Math.min(PlanBounds.MAX_PACING_PAUSE.toMillis(), pacedUntilMs - nowMs)));
  }

  /**
   * How far ahead a paced campaign hands its calls to its lane (change pace-ahead): each call
   * carries the moment it may leave ({@link AttemptInput#notBeforeMs}) and the lane's originate
   * activity holds it until then, so the rate is kept to the millisecond by the worker's clock and
   * not by the campaign's timers (the dev server fires a timer of under a second after about 0.95
   * s).
   */
  public static final long LOOK_AHEAD_MS = 2000;

  /**
   * A paced campaign decides again this long before the calls it handed over run out: a timer that
   * fires up to this late, plus the decision's own work, leaves no gap in the calls.
   */
  public static final long DECIDE_AGAIN_BEFORE_MS = 1000;

  /**
   * The calls a paced decision hands over: {@code calls} of them, the first leaving at {@code
   * firstAtMs} and each next one {@link #offset} later.
   */
  public record Ahead(long firstAtMs, int calls) {}

  /**
   * What a paced decision at {@code nowMs} may hand over: from where pacing stood ({@code
   * pacedUntilMs}, or the decision itself when pacing fell further behind than {@link
   * #CATCH_UP_MS}) up to {@link #LOOK_AHEAD_MS} from now, at {@code callsPerSecond} (at least one
   * call when any time is left before that horizon).
   */
  public static Ahead ahead(long pacedUntilMs, long nowMs, double callsPerSecond) {
    long first = pacedUntilMs >= nowMs - CATCH_UP_MS ? pacedUntilMs : nowMs;
    long room = nowMs + LOOK_AHEAD_MS - first;
    if (room <= 0) {
      return new Ahead(first, 0);
    }
    double calls = Math.ceil(room * callsPerSecond / 1000.0);
    return new Ahead(first, (int) Math.max(1, Math.min(Integer.MAX_VALUE, calls)));
  }

  /**
   * How long after the first call of a decision its {@code i}-th (from 0) may leave at {@code
   * callsPerSecond}: 0 for the first, within what {@link #pause} bounds for the others.
   */
  public static long offset(int i, double callsPerSecond) {
    return i == 0 ? 0 : pause(i, callsPerSecond).toMillis();
  }

  /**
   * When a paced decision that handed over {@code calls} from {@code firstAtMs} decides again:
   * {@link #DECIDE_AGAIN_BEFORE_MS} before they run out (they run out at the answer's {@code
   * pacedUntilMs}).
   */
  public record Handed(long pacedUntilMs, long decideAgainAtMs) {}

  /** Where pacing stands after {@code calls} handed over from {@code firstAtMs}. */
  public static Handed handed(long firstAtMs, int calls, double callsPerSecond) {
    long until = firstAtMs + (calls == 0 ? 0 : pause(calls, callsPerSecond).toMillis());
    return new Handed(until, until - DECIDE_AGAIN_BEFORE_MS);
  }

  /** {@link #pause} as runs before the change bounded-pacing computed it, unbounded. */
  static Duration unboundedPause(int started, double callsPerSecond) {
    return Duration.ofMillis((long) (1000.0 * started / callsPerSecond));
  }
}
