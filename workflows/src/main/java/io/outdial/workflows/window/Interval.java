package io.outdial.workflows.window;

import java.time.Instant;

/**
 * One calling window as the half-open interval [{@code opensAt}, {@code closesAt}): dialing is
 * allowed at {@code opensAt} and no longer at {@code closesAt}. Windows that touch (one closes
 * exactly when the next opens, such as whole days in a row) are reported as one interval.
 *
 * <p>Either end can be {@code null}, meaning unbounded as far as the calculator looks:
 *
 * <ul>
 *   <li>{@code opensAt == null}: the window has been open since before the look-back horizon of
 *       {@link CallingWindow#HORIZON_DAYS} days (or always, when scheduling is off);
 *   <li>{@code closesAt == null}: the window does not close within the look-ahead horizon of {@link
 *       CallingWindow#HORIZON_DAYS} days (or never, when scheduling is off).
 * </ul>
 *
 * <p>When both ends are set, {@code opensAt} is strictly before {@code closesAt}.
 */
public record Interval(Instant opensAt, Instant closesAt) {

  public Interval {
    if (opensAt != null && closesAt != null && !opensAt.isBefore(closesAt)) {
      throw new IllegalArgumentException(
          "an interval must open before it closes: [" + opensAt + ", " + closesAt + ")");
    }
  }

  /** The interval that is always open: what a schedule with mode off has. */
  public static Interval always() {
    return new Interval(null, null);
  }

  /** Whether {@code t} lies in [opensAt, closesAt), a missing end counting as unbounded. */
  public boolean contains(Instant t) {
    return (opensAt == null || !t.isBefore(opensAt)) && (closesAt == null || t.isBefore(closesAt));
  }

  @Override
  public String toString() {
    return "["
        + (opensAt == null ? "-inf" : opensAt)
        + ", "
        + (closesAt == null ? "+inf" : closesAt)
        + ")";
  }
}
