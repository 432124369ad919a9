package io.outdial.workflows;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Client side of {@link CampaignWorkflow} (not workflow code): makes sure a campaign's workflow
 * runs and applies an operator action to it, turning a refused transition into its
 * {@link ControlResult} instead of an exception.
 */
public final class CampaignControl {
  private final WorkflowClient client;
  private final String taskQueue;

  public CampaignControl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /** The outcome of an action: accepted (the status it moves to) or refused (the current one). */
  public record Outcome(boolean accepted, ControlResult result) {}

  /** Starts the campaign's workflow unless it runs already (it then waits in STOP). */
  public void ensureRunning(String campaignId, String campaignName, OperatorAction by) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(CampaignWorkflow.workflowId(campaignId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(SearchAttributes.CAMPAIGN_ID, campaignId)
            .set(SearchAttributes.CAMPAIGN_STATUS, CampaignStatus.STOP.name())
            .build())
        .setMemo(Map.of(SearchAttributes.MEMO_CAMPAIGN_NAME,
            campaignName == null ? campaignId : campaignName))
        .build();
    CampaignWorkflow stub = client.newWorkflowStub(CampaignWorkflow.class, options);
    WorkflowClient.start(stub::run, new CampaignInput(campaignId, by));
  }

  public Outcome start(String campaignId, OperatorAction action) {
    return apply(campaignId, action, CampaignWorkflow::start);
  }

  public Outcome stop(String campaignId, OperatorAction action) {
    return apply(campaignId, action, CampaignWorkflow::stop);
  }

  public Outcome pause(String campaignId, OperatorAction action) {
    return apply(campaignId, action, CampaignWorkflow::pause);
  }

  public Outcome forceStop(String campaignId, OperatorAction action) {
    return apply(campaignId, action, CampaignWorkflow::forceStop);
  }

  private Outcome apply(String campaignId, OperatorAction action,
      BiFunction<CampaignWorkflow, OperatorAction, ControlResult> update) {
    CampaignWorkflow stub = client.newWorkflowStub(CampaignWorkflow.class,
        CampaignWorkflow.workflowId(campaignId));
    try {
      return new Outcome(true, update.apply(stub, action));
    } catch (WorkflowUpdateException e) {
      if (e.getCause() instanceof ApplicationFailure f) {
        if (CampaignWorkflow.ILLEGAL_TRANSITION.equals(f.getType())) {
          return new Outcome(false, f.getDetails().get(ControlResult.class));
        }
        // SDK 1.38 loses the type and details of a failure thrown by an update validator
        // (temporalio/sdk-java#2875, fixed after 1.38.0); the message still says it all.
        ControlResult parsed = parseRefusal(f.getOriginalMessage());
        if (parsed != null) {
          return new Outcome(false, parsed);
        }
      }
      throw e;
    }
  }

  private static final java.util.regex.Pattern REFUSAL = java.util.regex.Pattern.compile(
      "cannot (\\S+) a campaign in ([A-Z_]+)(?: outside the calling window, next opening at"
          + " (\\d+|never))?");

  /** The message of a refused action; {@link #parseRefusal} reads it back. */
  public static String refusalMessage(String action, CampaignStatus status, Long nextOpeningMs) {
    return "cannot " + action + " a campaign in " + status.name() + (nextOpeningMs == null ? ""
        : " outside the calling window, next opening at " + nextOpeningMs);
  }

  static ControlResult parseRefusal(String message) {
    if (message == null) {
      return null;
    }
    java.util.regex.Matcher m = REFUSAL.matcher(message);
    if (!m.matches()) {
      return null;
    }
    CampaignStatus status = CampaignStatus.valueOf(m.group(2));
    Long next = m.group(3) == null || "never".equals(m.group(3)) ? null
        : Long.parseLong(m.group(3));
    return ControlResult.of(status, next, message);
  }
}
