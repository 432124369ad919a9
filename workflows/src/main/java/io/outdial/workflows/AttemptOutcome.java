package io.outdial.workflows;

/**
 * What an attempt ended with, as recorded in its result row; {@code dialed} is false when the
 * campaign stopped before its originate left (no result row then, its try is given back).
 *
 * @param dialingStatusName the name of {@code dialingStatus}, for whoever reads the payload in the
 *     Temporal UI; null in payloads recorded before it was added
 */
public record AttemptOutcome(
    String attemptId,
    int dialingStatus,
    String dialingStatusName,
    int resDial,
    int resHangup,
    String detail,
    boolean dialed) {

  public AttemptOutcome(
      String attemptId,
      int dialingStatus,
      int resDial,
      int resHangup,
      String detail,
      boolean dialed) {
    this(
        attemptId,
        dialingStatus,
        DialingStatus.nameOf(dialingStatus),
        resDial,
        resHangup,
        detail,
        dialed);
  }
}
