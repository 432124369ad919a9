package io.outdial.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running workflow per campaign, id {@code campaign-<campaignId>}: it reserves attempts,
 * runs each as a child {@link DialAttemptWorkflow}, and stops when its list is done.
 */
@WorkflowInterface
public interface CampaignWorkflow {
  String TASK_QUEUE = "outdial-campaigns";

  static String workflowId(String campaignId) {
    return "campaign-" + campaignId;
  }

  @WorkflowMethod
  CampaignStatus run(CampaignInput input);

  /** An operator asks for the campaign to stop gracefully (calls in flight finish). */
  @SignalMethod
  void stop(OperatorAction action);

  @QueryMethod
  CampaignStatus status();
}
