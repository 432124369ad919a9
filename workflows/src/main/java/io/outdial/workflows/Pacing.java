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

  /** {@link #pause} as runs before the change bounded-pacing computed it, unbounded. */
  static Duration unboundedPause(int started, double callsPerSecond) {
    return Duration.ofMillis((long) (1000.0 * started / callsPerSecond));
  }
}
