package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A campaign's workflow terminated by hand while its dialing lane has calls up: the lane goes on
 * (it outlives its campaign's runs), and when the operator starts the campaign again its new
 * workflow finds the lane's id taken. It takes the next generation (lane-default-2) for the entries
 * left, tells the orphaned lane to close (it completes once its calls have settled), and wakes when
 * that lane's results free the last entries: the list finishes, every entry has its one try and its
 * one result, nobody is dialed twice.
 */
class LaneCollisionIT {
  private static final int ENTRIES = 6;

  @Test
  void aNewWorkflowOfACampaignTakesTheNextLaneAndClosesTheOrphan() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      // Answered at once and up for 8 s: the terminate comes with the first three calls up.
      stack.startSimulator("long*=answer:50:8000");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        numbers.add(String.format("long%02d", i));
      }
      String campaign =
          h.campaign(
              "collision",
              h.plan("three at once", Map.of("maxConcurrentCalls", 3, "dialTimeout", 10_000)),
              h.extensionDestination("queue", "agents", "sales", "1"),
              h.dlma("collision list", numbers));
      h.start(campaign);
      Stack.waitUntil(
          "three calls up",
          Duration.ofSeconds(60),
          () ->
              h.countNow(
                      "SELECT COUNT(*) FROM attempt WHERE campaign_id = ?"
                          + " AND state = 'ORIGINATE_SENT'",
                      campaign)
                  == 3);
      String lane1 = "campaign-" + campaign + "/lane-default-1";
      String lane2 = "campaign-" + campaign + "/lane-default-2";
      h.temporal()
          .newUntypedWorkflowStub("campaign-" + campaign)
          .terminate("LaneCollisionIT: terminated by hand");
      assertThat(status(h, lane1))
          .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

      // The operator starts it again: a new workflow, which knows nothing of lane 1.
      h.start(campaign);
      h.awaitStop(campaign, Duration.ofSeconds(120));

      // The campaign writes STOP, then tells its lane to close: the lane completes a moment after.
      Stack.waitUntil(
          "the new workflow's lane to complete",
          Duration.ofSeconds(30),
          () -> status(h, lane2) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      Stack.waitUntil(
          "the orphaned lane to complete",
          Duration.ofSeconds(30),
          () -> status(h, lane1) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      List<Map<String, Object>> attempts = h.attempts(campaign);
      assertThat(attempts)
          .hasSize(ENTRIES)
          .allSatisfy(a -> assertThat(a.get("state")).isEqualTo("SETTLED"));
      List<Map<String, Object>> results = h.results(campaign);
      assertThat(results).hasSize(ENTRIES);
      assertThat(results.stream().map(r -> r.get("attempt_id")).distinct()).hasSize(ENTRIES);
      assertThat(stack.originatesByChannelId())
          .hasSize(ENTRIES)
          .allSatisfy((id, n) -> assertThat(n).as("originates of " + id).isEqualTo(1));
      // Each result names the lane that originated it: three by each generation.
      assertThat(stack.get("/v1/results?campaign=" + campaign).path("items"))
          .extracting(r -> r.path("workflowId").asText())
          .containsOnly(lane1, lane2)
          .filteredOn(lane1::equals)
          .hasSize(3);
    }
  }

  private static WorkflowExecutionStatus status(DialHarness h, String workflowId) {
    return h.temporal()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(
                    io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                        .setWorkflowId(workflowId)
                        .build())
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }
}
