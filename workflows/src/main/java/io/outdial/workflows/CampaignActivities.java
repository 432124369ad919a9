package io.outdial.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Database steps of a campaign. */
@ActivityInterface
public interface CampaignActivities {
  /** Checks that plan, destination and dial list exist; returns what the campaign dials with. */
  @ActivityMethod(name = "CheckCampaign")
  CampaignCheck checkCampaign(String campaignId);

  /** Mirrors the status to the campaign row. */
  @ActivityMethod(name = "SetCampaignStatus")
  void setStatus(String campaignId, int status, String reason);

  /**
   * Reserves up to {@code limit} attempts atomically; the same {@code reservationKey} always
   * returns the same reservation, so a retry never reserves twice.
   */
  @ActivityMethod(name = "ReserveAttempts")
  List<AttemptInput> reserveAttempts(String campaignId, String reservationKey, int limit);

  /** What is left of the list: eligible now, waiting for a retry (and until when), in flight. */
  @ActivityMethod(name = "ListProgress")
  ListProgress listProgress(String campaignId);

  record CampaignCheck(boolean ok, String reason, String campaignName, int dlEndHandle,
      int maxConcurrentCalls, long dialTimeoutMs) {}

  record ListProgress(long eligibleNow, long waiting, Long nextRetryAtMs, long inFlight) {
    public boolean finished() {
      return eligibleNow == 0 && waiting == 0 && inFlight == 0;
    }
  }
}
