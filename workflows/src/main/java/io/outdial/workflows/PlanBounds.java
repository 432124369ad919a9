package io.outdial.workflows;

import java.time.Duration;

/**
 * Bounds of the plan's numbers that the campaign paces and times calls with: the API accepts
 * nothing outside them, and a campaign whose stored plan lies outside (written before these bounds,
 * or by hand) is stopped at its check with the reason instead of failing its workflow.
 */
public final class PlanBounds {
  private PlanBounds() {}

  /**
   * Calls per second, when limited: below 0.01 (one call in 100 s) the pacing wait is longer than
   * any calling window is useful for, and a value near 0 makes it overflow.
   */
  public static final double CALLS_PER_SECOND_MIN = 0.01;

  public static final double CALLS_PER_SECOND_MAX = 1000;

  /** The longest pause pacing makes: one call at the slowest rate. */
  public static final Duration MAX_PACING_PAUSE =
      Duration.ofMillis((long) (1000 / CALLS_PER_SECOND_MIN));

  public static final int DIAL_TIMEOUT_MIN_MS = 1000;
  public static final int DIAL_TIMEOUT_MAX_MS = 600_000;
}
