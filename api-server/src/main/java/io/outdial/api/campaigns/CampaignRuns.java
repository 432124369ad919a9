package io.outdial.api.campaigns;

import io.outdial.workflows.OperatorAction;

/**
 * The campaign workflows, as the REST resources see them: whether one runs, start, stop.
 * {@link io.outdial.api.temporal.TemporalCampaignRuns} is the real one.
 */
public interface CampaignRuns {
  /** Whether a run of the campaign's workflow is open now. */
  boolean isRunning(String campaignId);

  /**
   * Starts the campaign's workflow.
   *
   * @throws AlreadyRunning when a run of it is open already
   * @throws Unavailable when Temporal cannot be reached or refuses the request
   */
  void start(String campaignId, String campaignName, OperatorAction action);

  /**
   * Asks the running workflow to stop gracefully.
   *
   * @throws NotRunning when no run of it is open
   * @throws Unavailable when Temporal cannot be reached or refuses the request
   */
  void stop(String campaignId, OperatorAction action);

  /** The workflow id of a campaign, {@code campaign-<id>}. */
  String workflowId(String campaignId);

  /** Link to the campaign's workflow in the Temporal Web UI. */
  String uiUrl(String campaignId);

  final class AlreadyRunning extends RuntimeException {
    public AlreadyRunning(String message) {
      super(message);
    }
  }

  final class NotRunning extends RuntimeException {
    public NotRunning(String message) {
      super(message);
    }
  }

  final class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
