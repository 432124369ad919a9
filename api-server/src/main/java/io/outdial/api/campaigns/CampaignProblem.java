package io.outdial.api.campaigns;

/**
 * Why a campaign is not progressing, as Temporal sees it: the workflow (the campaign's, or one of
 * its attempts') whose task or activity has been failing, the failing step, how many times it was
 * tried, and its last error. Shown in a campaign's read, and in the answer to an operator action
 * the workflow could not take because of it.
 */
public record CampaignProblem(
    String message,
    String workflowId,
    String activity,
    int attempt,
    String lastError,
    String temporalUiUrl) {

  /** An activity of {@code workflowId} that keeps failing. */
  public static CampaignProblem activity(
      String workflowId, String activity, int attempt, String lastError, String uiUrl) {
    return new CampaignProblem(
        activity + " of " + workflowId + " has failed " + (attempt - 1) + " times: " + lastError,
        workflowId,
        activity,
        attempt,
        lastError,
        uiUrl);
  }
}
