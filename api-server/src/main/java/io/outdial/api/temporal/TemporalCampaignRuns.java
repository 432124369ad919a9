package io.outdial.api.temporal;

import io.grpc.StatusRuntimeException;
import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.workflows.CampaignInput;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.OperatorAction;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import java.util.Map;
import java.util.function.Supplier;

/** {@link CampaignRuns} over a Temporal {@link WorkflowClient}. */
public final class TemporalCampaignRuns implements CampaignRuns {
  private final WorkflowClient client;
  private final String uiBase;
  private final String taskQueue;

  public TemporalCampaignRuns(WorkflowClient client, String uiBase, String taskQueue) {
    this.client = client;
    this.uiBase = uiBase;
    this.taskQueue = taskQueue;
  }

  @Override
  public boolean isRunning(String campaignId) {
    return call("describe", () -> {
      try {
        return client.newUntypedWorkflowStub(workflowId(campaignId)).describe().getStatus()
            == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
      } catch (WorkflowNotFoundException e) {
        return false;
      }
    });
  }

  @Override
  public void start(String campaignId, String campaignName, OperatorAction action) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(campaignId))
        .setTaskQueue(taskQueue)
        .setTypedSearchAttributes(io.temporal.common.SearchAttributes.newBuilder()
            .set(io.outdial.workflows.SearchAttributes.CAMPAIGN_ID, campaignId)
            .set(io.outdial.workflows.SearchAttributes.CAMPAIGN_STATUS, CampaignStatus.STARTING.name())
            .build())
        .setMemo(Map.of(io.outdial.workflows.SearchAttributes.MEMO_CAMPAIGN_NAME, campaignName))
        .build();
    CampaignWorkflow stub = client.newWorkflowStub(CampaignWorkflow.class, options);
    call("start", () -> {
      try {
        WorkflowClient.start(stub::run, new CampaignInput(campaignId, action));
      } catch (WorkflowExecutionAlreadyStarted e) {
        throw new AlreadyRunning("workflow " + workflowId(campaignId) + " is already running");
      }
      return null;
    });
  }

  @Override
  public void stop(String campaignId, OperatorAction action) {
    CampaignWorkflow stub = client.newWorkflowStub(CampaignWorkflow.class, workflowId(campaignId));
    call("signal", () -> {
      try {
        stub.stop(action);
      } catch (WorkflowNotFoundException e) {
        throw new NotRunning("workflow " + workflowId(campaignId) + " is not running");
      }
      return null;
    });
  }

  @Override
  public String workflowId(String campaignId) {
    return CampaignWorkflow.workflowId(campaignId);
  }

  @Override
  public String uiUrl(String campaignId) {
    return uiBase + "/namespaces/" + client.getOptions().getNamespace() + "/workflows/"
        + workflowId(campaignId);
  }

  /** Runs one call to Temporal, turning "cannot reach or refused" into {@link Unavailable}. */
  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (WorkflowServiceException e) {
      throw new Unavailable("Temporal " + what + " failed: " + describe(e), e);
    } catch (StatusRuntimeException e) {
      throw new Unavailable("Temporal " + what + " failed: " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        String d = s.getStatus().getDescription();
        return s.getStatus().getCode() + (d == null ? "" : " " + d);
      }
    }
    return e.getMessage();
  }
}
