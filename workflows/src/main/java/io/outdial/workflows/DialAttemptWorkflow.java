package io.outdial.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One call attempt, id {@code campaign-<campaignId>/attempt-<attemptId>}: originates once through
 * AMI, waits for the call to end, and records exactly one result.
 */
@WorkflowInterface
public interface DialAttemptWorkflow {
  static String workflowId(String campaignId, String attemptId) {
    return CampaignWorkflow.workflowId(campaignId) + "/attempt-" + attemptId;
  }

  @WorkflowMethod
  AttemptOutcome run(AttemptInput input);
}
