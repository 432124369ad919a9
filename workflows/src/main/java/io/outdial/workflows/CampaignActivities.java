package io.outdial.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;
import java.util.Map;

/** Database and AMI steps of a campaign. */
@ActivityInterface
public interface CampaignActivities {
  /** Checks that plan, destination and dial list exist; returns what the campaign dials with. */
  @ActivityMethod(name = "CheckCampaign")
  CampaignCheck checkCampaign(String campaignId);

  /**
   * Mirrors the status to the campaign row. Kept for histories from before the change
   * named-payloads: runs since then call {@link #recordStatus}.
   */
  @ActivityMethod(name = "SetCampaignStatus")
  void setStatus(String campaignId, int status, String reason);

  /** Mirrors the status to the campaign row. */
  @ActivityMethod(name = "RecordCampaignStatus")
  void recordStatus(CampaignStatusChange change);

  /**
   * Reserves up to {@code limit} attempts atomically; the same {@code reservationKey} always
   * returns the same reservation, so a retry never reserves twice. When {@code openZones} is not
   * null, entries with a time zone are only taken when their zone is in it. Kept for histories from
   * before the change named-payloads: runs since then call {@link #reserveBatch}.
   */
  @ActivityMethod(name = "ReserveAttempts")
  List<AttemptInput> reserveAttempts(
      String campaignId, String reservationKey, int limit, List<String> openZones);

  /** {@link #reserveAttempts} with its arguments named in one record. */
  @ActivityMethod(name = "ReserveAttemptBatch")
  List<AttemptInput> reserveBatch(ReservationRequest request);

  /** Gives back reserved attempts that will not be dialed (a stop came first): tries uncounted. */
  @ActivityMethod(name = "ReleaseAttempts")
  void releaseAttempts(List<String> attemptIds);

  /** What is left of the list: eligible now, waiting for a retry (and until when), in flight. */
  @ActivityMethod(name = "ListProgress")
  ListProgress listProgress(String campaignId);

  /** The time zones of the list's entries that may still be dialed. */
  @ActivityMethod(name = "ListTimezones")
  List<String> listTimezones(String campaignId);

  /** Calls the destination can take now: QueueSummary's Available for a queue, else -1. */
  @ActivityMethod(name = "DestinationAvailability")
  int destinationAvailability(String campaignId);

  /** Hangs up, through AMI, every call of these attempts (force stop). */
  @ActivityMethod(name = "HangupCalls")
  int hangupCalls(List<String> attemptIds);

  /**
   * Starts another campaign (nextCampaign), as an operator would. Kept for histories from before
   * the change named-payloads: runs since then call {@link #startNextCampaign}.
   */
  @ActivityMethod(name = "StartCampaign")
  ControlResult startCampaign(String campaignId, OperatorAction action);

  /** Starts another campaign (nextCampaign), as an operator would. */
  @ActivityMethod(name = "StartNextCampaign")
  ControlResult startNextCampaign(CampaignStartRequest request);

  /**
   * What a campaign dials with. {@code pbx}: the name of the PBX its plan's trunk belongs to,
   * {@value DialLaneWorkflow#DEFAULT_LANE} when the plan names no trunk (null in histories from
   * before the change lane-per-pbx).
   */
  record CampaignCheck(
      boolean ok,
      String reason,
      String campaignName,
      int dlEndHandle,
      int maxConcurrentCalls,
      double callsPerSecond,
      int serviceLevel,
      long dialTimeoutMs,
      boolean queueDestination,
      Map<String, Object> schedule,
      String nextCampaignId,
      String pbx) {}

  record ListProgress(long eligibleNow, long waiting, Long nextRetryAtMs, long inFlight) {
    public boolean finished() {
      return eligibleNow == 0 && waiting == 0 && inFlight == 0;
    }
  }
}
