package io.outdial.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a campaign cost in Temporal: every workflow whose id starts with {@code campaign-<id>} (each
 * run of the campaign through continue-as-new, and every child, whatever the children are per),
 * with its history length; and, from the campaign's own runs, when the campaign took in each
 * attempt's end.
 */
final class TemporalCounts implements AutoCloseable {
  private static final String NAMESPACE = "default";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkflowServiceStubs service;

  TemporalCounts(String address) {
    service = TemporalConnection.plain(address, "default").newServiceStubs();
  }

  record Executions(long campaignRuns, long campaignEvents, long children, long childEvents) {
    long events() {
      return campaignEvents + childEvents;
    }
  }

  Executions executions(String campaignId) {
    String campaign = "campaign-" + campaignId;
    long runs = 0;
    long runEvents = 0;
    long children = 0;
    long childEvents = 0;
    for (WorkflowExecutionInfo info : list("WorkflowId STARTS_WITH \"" + campaign + "\"")) {
      long length = historyLength(info);
      if (info.getExecution().getWorkflowId().equals(campaign)) {
        runs++;
        runEvents += length;
      } else {
        children++;
        childEvents += length;
      }
    }
    return new Executions(runs, runEvents, children, childEvents);
  }

  /** Visibility keeps a running workflow's length as of its last update: ask the workflow. */
  private long historyLength(WorkflowExecutionInfo info) {
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return info.getHistoryLength();
    }
    return service
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(NAMESPACE)
                .setExecution(info.getExecution())
                .build())
        .getWorkflowExecutionInfo()
        .getHistoryLength();
  }

  /**
   * For each attempt id, when the campaign's workflow took in its end: the completion of the first
   * workflow task after the signal that reported it (the task that removed it from the in-flight
   * count). Signals named {@code AttemptFinished} (one outcome with its {@code attemptId}) and
   * {@code AttemptsFinished} (a dialing lane's {@code outcomes}, and its {@code hungUp}: calls that
   * ended, reported ahead of their results).
   */
  Map<String, Long> attemptEndsSeen(String campaignId) throws IOException {
    Map<String, Long> seen = new HashMap<>();
    for (WorkflowExecutionInfo run : list("WorkflowId = \"campaign-" + campaignId + "\"")) {
      List<String> pending = new ArrayList<>();
      for (HistoryEvent e : history(run.getExecution())) {
        if (reportsAttemptEnds(e)) {
          for (Payload p :
              e.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloadsList()) {
            pending.addAll(attemptIds(p.getData()));
          }
        } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
            && !pending.isEmpty()) {
          long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
          pending.forEach(id -> seen.putIfAbsent(id, at));
          pending.clear();
        }
      }
    }
    return seen;
  }

  /**
   * The stages of a call's end inside the campaign's dialing lanes, per attempt id: {@code [0]}
   * when a lane got it (the worker's {@code CallsEnded} signal), {@code [1]} when the campaign got
   * that lane's report of it (the {@code AttemptsFinished} signal in the campaign's history); -1
   * where not seen.
   */
  Map<String, long[]> laneStages(String campaignId) throws IOException {
    Map<String, long[]> out = new HashMap<>();
    for (WorkflowExecutionInfo run :
        list("WorkflowId STARTS_WITH \"campaign-" + campaignId + "/lane-\"")) {
      for (HistoryEvent e : history(run.getExecution())) {
        long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
        if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
            && e.getWorkflowExecutionSignaledEventAttributes()
                .getSignalName()
                .equals("CallsEnded")) {
          for (Payload p :
              e.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloadsList()) {
            for (JsonNode c : JSON.readTree(p.getData().toByteArray()).path("calls")) {
              long[] s =
                  out.computeIfAbsent(c.path("attemptId").asText(), id -> new long[] {-1, -1});
              // The earliest: runs are listed newest first, and a call may be named again.
              if (s[0] < 0 || at < s[0]) {
                s[0] = at;
              }
            }
          }
        }
      }
    }
    // The lane's report as the campaign received it: its AttemptsFinished signal in the
    // campaign's history (sent by a signal command in lanes before the change
    // lane-reports-by-activity, by a local activity through the client after it).
    for (WorkflowExecutionInfo run : list("WorkflowId = \"campaign-" + campaignId + "\"")) {
      for (HistoryEvent e : history(run.getExecution())) {
        if (!reportsAttemptEnds(e)) {
          continue;
        }
        long at = e.getEventTime().getSeconds() * 1000 + e.getEventTime().getNanos() / 1_000_000;
        for (Payload p :
            e.getWorkflowExecutionSignaledEventAttributes().getInput().getPayloadsList()) {
          for (String id : attemptIds(p.getData())) {
            long[] s = out.computeIfAbsent(id, x -> new long[] {-1, -1});
            if (s[1] < 0 || at < s[1]) {
              s[1] = at;
            }
          }
        }
      }
    }
    return out;
  }

  /** A signal reporting ends: a lane's AttemptsFinished, or an attempt's own AttemptFinished. */
  private static boolean reportsAttemptEnds(HistoryEvent e) {
    if (e.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
      return false;
    }
    String name = e.getWorkflowExecutionSignaledEventAttributes().getSignalName();
    return name.equals("AttemptsFinished") || name.equals("AttemptFinished");
  }

  /** The attempt ids in a signal's payload: one outcome, or a list of them. */
  private static List<String> attemptIds(ByteString data) throws IOException {
    JsonNode n = JSON.readTree(data.toByteArray());
    List<String> ids = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(o -> ids.add(o.path("attemptId").asText()));
    } else if (n.has("attemptId")) {
      ids.add(n.get("attemptId").asText());
    } else {
      n.path("outcomes").forEach(o -> ids.add(o.path("attemptId").asText()));
      // Ends reported ahead of their results (change lane-reports-hangups).
      n.path("hungUp").forEach(id -> ids.add(id.asText()));
    }
    return ids;
  }

  private List<WorkflowExecutionInfo> list(String query) {
    List<WorkflowExecutionInfo> out = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListWorkflowExecutionsResponse r =
          service
              .blockingStub()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setQuery(query)
                      .setPageSize(1000)
                      .setNextPageToken(token)
                      .build());
      out.addAll(r.getExecutionsList());
      token = r.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  private List<HistoryEvent> history(WorkflowExecution execution) {
    List<HistoryEvent> out = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse r =
          service
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setExecution(execution)
                      .setNextPageToken(token)
                      .build());
      out.addAll(r.getHistory().getEventsList());
      token = r.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
