package io.outdial.e2e.fuzz;

import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a campaign's workflow histories in Temporal, the campaign's own (every run of it, through
 * continue-as-new) and each attempt's ({@code campaign-<id>/attempt-<attemptId>}), and reports what
 * no accepted input may cause: a failed workflow task, a workflow that failed, or an activity
 * retried more than {@link #ACTIVITY_ATTEMPTS_MAX} times (found both in the history and among the
 * pending activities, where a retrying activity shows before it ends).
 */
final class Histories implements AutoCloseable {
  static final int ACTIVITY_ATTEMPTS_MAX = 5;

  /** Polls of 200 ms for an attempt's workflow to complete after its campaign stopped. */
  private static final int ENDING_POLLS = 25;

  private static final String NAMESPACE = "default";

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  Histories(String temporalAddress) {
    TemporalConnection temporal = TemporalConnection.plain(temporalAddress, NAMESPACE);
    service = temporal.newServiceStubs();
    client = temporal.newClient(service);
  }

  /**
   * Problems of the campaign's workflow and of each of its dialing lanes (its children); a lane
   * must have completed once its stopped campaign closed it. {@code attemptIds}: the attempts that
   * must have been dialed through a lane (a campaign with attempts has at least one).
   */
  List<String> problems(String campaignId, List<String> attemptIds) {
    List<String> out = new ArrayList<>();
    String campaign = "campaign-" + campaignId;
    out.addAll(problemsOf(campaign, false));
    java.util.Set<String> lanes = new java.util.TreeSet<>();
    var page =
        service
            .blockingStub()
            .listWorkflowExecutions(
                io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setQuery("WorkflowId STARTS_WITH \"" + campaign + "/\"")
                    .setPageSize(1000)
                    .build());
    page.getExecutionsList().forEach(e -> lanes.add(e.getExecution().getWorkflowId()));
    if (!attemptIds.isEmpty() && lanes.isEmpty()) {
      out.add(campaign + ": " + attemptIds.size() + " attempts but no child workflow dialed them");
    }
    for (String lane : lanes) {
      out.addAll(problemsOf(lane, true));
    }
    return out;
  }

  private List<String> problemsOf(String workflowId, boolean mustHaveEnded) {
    List<String> out = new ArrayList<>();
    DescribeWorkflowExecutionResponse d;
    try {
      d = describe(workflowId);
      // A lane completes just after its stopped campaign closed it: give it a moment to do so.
      for (int i = 0; mustHaveEnded && i < ENDING_POLLS && running(d); i++) {
        Thread.sleep(200);
        d = describe(workflowId);
      }
    } catch (RuntimeException | InterruptedException e) {
      out.add(workflowId + ": cannot be described: " + e.getMessage());
      return out;
    }
    String status = d.getWorkflowExecutionInfo().getStatus().name();
    if (mustHaveEnded && !status.endsWith("COMPLETED")) {
      out.add(
          workflowId
              + " is "
              + status
              + " at the end of the try (a stopped campaign's lane"
              + " completes once its calls are settled)");
    } else if (!mustHaveEnded && !status.endsWith("RUNNING")) {
      out.add(workflowId + " is " + status + " (a campaign's workflow runs for ever)");
    }
    for (PendingActivityInfo p : d.getPendingActivitiesList()) {
      if (p.getAttempt() > ACTIVITY_ATTEMPTS_MAX) {
        out.add(
            workflowId
                + ": activity "
                + p.getActivityType().getName()
                + " is on attempt "
                + p.getAttempt()
                + ", last failure: "
                + causes(p.getLastFailure()));
      }
    }
    if (d.hasPendingWorkflowTask() && d.getPendingWorkflowTask().getAttempt() > 1) {
      out.add(
          workflowId
              + ": its workflow task is on attempt "
              + d.getPendingWorkflowTask().getAttempt());
    }
    String runId = d.getWorkflowExecutionInfo().getExecution().getRunId();
    for (int runs = 0; runId != null && !runId.isEmpty() && runs < 100; runs++) {
      List<HistoryEvent> events = client.fetchHistory(workflowId, runId).getEvents();
      out.addAll(problemsIn(workflowId, events));
      runId =
          events.isEmpty()
              ? null
              : events
                  .get(0)
                  .getWorkflowExecutionStartedEventAttributes()
                  .getContinuedExecutionRunId();
    }
    return out;
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    return service
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(NAMESPACE)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }

  private static boolean running(DescribeWorkflowExecutionResponse d) {
    return d.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  private static List<String> problemsIn(String workflowId, List<HistoryEvent> events) {
    List<String> out = new ArrayList<>();
    Map<Long, String> activityTypes = new HashMap<>();
    for (HistoryEvent e : events) {
      EventType type = e.getEventType();
      if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        activityTypes.put(
            e.getEventId(),
            e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        var a = e.getWorkflowTaskFailedEventAttributes();
        out.add(
            workflowId
                + ": WorkflowTaskFailed ("
                + a.getCause().name()
                + "): "
                + causes(a.getFailure()));
      } else if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        var a = e.getActivityTaskStartedEventAttributes();
        if (a.getAttempt() > ACTIVITY_ATTEMPTS_MAX) {
          out.add(
              workflowId
                  + ": activity "
                  + activityTypes.get(a.getScheduledEventId())
                  + " took "
                  + a.getAttempt()
                  + " attempts, last failure: "
                  + causes(a.getLastFailure()));
        }
      } else if (type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED) {
        out.add(
            workflowId
                + ": WorkflowExecutionFailed: "
                + causes(e.getWorkflowExecutionFailedEventAttributes().getFailure()));
      }
    }
    return collapsed(out);
  }

  /** A failure's message with those of its causes, which say what actually broke. */
  static String causes(Failure f) {
    StringBuilder sb = new StringBuilder(f.getMessage());
    for (Failure c = f; c.hasCause(); ) {
      c = c.getCause();
      sb.append(" <- ").append(c.getMessage());
    }
    String s = sb.toString();
    return s.length() > 700 ? s.substring(0, 700) + "…" : s;
  }

  /** Equal lines once, with how often they came (a failing task repeats the same failure). */
  private static List<String> collapsed(List<String> lines) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    lines.forEach(l -> counts.merge(l, 1, Integer::sum));
    List<String> out = new ArrayList<>();
    counts.forEach((l, n) -> out.add(n == 1 ? l : l + " (" + n + " times)"));
    return out;
  }

  /** Ends a wedged campaign's workflow so that it stops loading the shared stack. */
  void terminate(String campaignId, String reason) {
    try {
      client.newUntypedWorkflowStub("campaign-" + campaignId).terminate(reason);
    } catch (RuntimeException e) {
      // Already ended: nothing left to stop.
    }
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
