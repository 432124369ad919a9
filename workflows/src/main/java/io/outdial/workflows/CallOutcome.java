package io.outdial.workflows;

import java.util.List;

/**
 * What AMI told us about one call: the dialing status trail, the OriginateResponse Reason
 * (resDial), the hangup cause and its text, and the originated channel's name.
 */
public record CallOutcome(
    List<StatusChange> trail,
    int finalDialingStatus,
    int resDial,
    int resHangup,
    String hangupText,
    String channel,
    Long dialedAtMs,
    Long hangupAtMs,
    String detail) {}
