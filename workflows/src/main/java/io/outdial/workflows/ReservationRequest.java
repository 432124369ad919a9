package io.outdial.workflows;

import java.util.List;

/**
 * The input of ReserveAttemptBatch: up to {@code limit} attempts of the campaign's list, under
 * {@code reservationKey} so that a retry answers the same reservation.
 *
 * @param openZones when not null, entries with a time zone are only taken when their zone is in it
 *     (the zones whose calling window is open)
 */
public record ReservationRequest(
    String campaignId, String reservationKey, int limit, List<String> openZones) {}
