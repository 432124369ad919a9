package io.outdial.workflows;

import java.util.List;

/**
 * What AMI told us about one call: the dialing status trail, the OriginateResponse Reason
 * (resDial), the hangup cause and its text, and the originated channel's name.
 *
 * @param finalDialingStatusName the name of {@code finalDialingStatus}, for whoever reads the
 *     payload in the Temporal UI; null in payloads recorded before it was added
 * @param resDialName the name of {@code resDial} (ANSWERED, BUSY, ...), for the same readers; null
 *     in payloads recorded before it was added
 * @param resHangupName the name of {@code resHangup} (NORMAL_CLEARING, USER_BUSY, ...), likewise
 */
public record CallOutcome(
    List<StatusChange> trail,
    int finalDialingStatus,
    String finalDialingStatusName,
    int resDial,
    String resDialName,
    int resHangup,
    String resHangupName,
    String hangupText,
    String channel,
    Long dialedAtMs,
    Long hangupAtMs,
    String detail) {

  public CallOutcome(
      List<StatusChange> trail,
      int finalDialingStatus,
      int resDial,
      int resHangup,
      String hangupText,
      String channel,
      Long dialedAtMs,
      Long hangupAtMs,
      String detail) {
    this(
        trail,
        finalDialingStatus,
        DialingStatus.nameOf(finalDialingStatus),
        resDial,
        DialResult.nameOf(resDial),
        resHangup,
        HangupCause.nameOf(resHangup),
        hangupText,
        channel,
        dialedAtMs,
        hangupAtMs,
        detail);
  }

  /**
   * A call that never went out, or whose end could not be recorded: dialing status 10 (error
   * occurred) at {@code atMs}, its one trail step saying {@code why}, resDial 0 and no hangup
   * cause, {@code detail} for the result.
   */
  public static CallOutcome error(long atMs, String why, String detail) {
    int error = DialingStatus.ERROR.code();
    return new CallOutcome(
        List.of(new StatusChange(error, atMs, why)),
        error,
        DialResult.FAILED.code(),
        HangupCause.NOT_DEFINED.code(),
        null,
        null,
        null,
        null,
        detail);
  }
}
