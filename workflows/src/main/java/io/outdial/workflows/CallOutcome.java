package io.outdial.workflows;

import java.util.List;

/**
 * What AMI told us about one call: the dialing status trail, the OriginateResponse Reason
 * (resDial), the hangup cause and its text, and the originated channel's name.
 *
 * @param finalDialingStatusName the name of {@code finalDialingStatus}, for whoever reads the
 *     payload in the Temporal UI; null in payloads recorded before it was added
 */
public record CallOutcome(
    List<StatusChange> trail,
    int finalDialingStatus,
    String finalDialingStatusName,
    int resDial,
    int resHangup,
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
        resHangup,
        hangupText,
        channel,
        dialedAtMs,
        hangupAtMs,
        detail);
  }
}
