package io.outdial.api.campaigns;

import io.outdial.api.codes.Codes;
import io.outdial.store.Rows.AttemptRow;
import java.time.Instant;

/**
 * A dialing: an attempt of a campaign that is not settled yet (reserved, or its originate sent),
 * with its dialing status as the worker last saved it.
 */
public record DialingResponse(
    String id,
    String entryId,
    String number,
    int numberIndex,
    int tryCount,
    String state,
    int dialingStatus,
    String dialingStatusName,
    Instant createdAt,
    Instant originateAt) {

  public static DialingResponse of(AttemptRow a) {
    return new DialingResponse(
        a.id(),
        a.entryId(),
        a.number(),
        a.numberIndex(),
        a.tryCount(),
        a.state().name(),
        a.dialingStatus(),
        Codes.DIALING_STATUS.name(a.dialingStatus()),
        a.createdAt(),
        a.originateAt());
  }
}
