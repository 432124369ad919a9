package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values that earlier versions of the API accepted and that rows may still hold (issue #10): each
 * campaign that dials with them reaches STOP by itself, every attempt gets its one result, and no
 * workflow retries an activity that cannot succeed. The rows are changed in the database after
 * creation, as an old api-server would have written them.
 */
class StoredBadValuesIT {
  @Test
  void campaignsWithStoredValuesNothingCanDialWithStopByThemselvesWithTheReason() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("answer=answer:5:500");
      stack.startWorker();
      stack.startApi();
      String plan = h.plan("plan", Map.of("dialTimeout", 3000));
      String dest = h.extensionDestination("queue", "agents", "sales", "1");

      // A priority label: before, the Originate threw NumberFormatException 12 times per try,
      // gave the attempt back, reserved it again, for ever.
      String labelled = h.extensionDestination("labelled", "agents", "sales", "1");
      stack.update("UPDATE destination SET priority = 'start' WHERE id = ?", labelled);
      String labelledCampaign =
          h.campaign("label", plan, labelled, h.dlma("label list", List.of("answer", "answer")));

      // A trunk name of 250: the failed originate's channel (263 characters) never fitted the
      // result's column, and the attempt never got its result.
      String longTrunk = h.plan("long trunk", Map.of("dialTimeout", 3000));
      stack.update("UPDATE plan SET trunk_name = ? WHERE id = ?", "t".repeat(250), longTrunk);
      String trunkCampaign =
          h.campaign("trunk", longTrunk, dest, h.dlma("trunk list", List.of("answer")));

      // 5e-324 calls per second: every workflow task failed on "Duration is not valid".
      String tiny = h.plan("tiny rate", Map.of("dialTimeout", 3000));
      stack.update("UPDATE plan SET calls_per_second = 5e-324 WHERE id = ?", tiny);
      String tinyCampaign = h.campaign("tiny", tiny, dest, h.dlma("tiny list", List.of("answer")));

      for (String c : List.of(labelledCampaign, trunkCampaign, tinyCampaign)) {
        h.start(c);
      }
      for (String c : List.of(labelledCampaign, trunkCampaign, tinyCampaign)) {
        h.awaitStop(c, Duration.ofSeconds(90));
      }

      // Every try of the labelled destination is settled as an error and counted.
      List<Map<String, Object>> labelledResults = h.results(labelledCampaign);
      assertThat(labelledResults)
          .hasSize(2)
          .allSatisfy(
              r -> {
                assertThat(DialHarness.intOf(r, "dialing_status")).isEqualTo(10);
                assertThat((String) r.get("detail"))
                    .startsWith(
                        "Originate failed: destination priority 'start' is not a whole number");
              });
      assertThat(
              h.count(
                  "SELECT SUM(try_count1) FROM dl_entry e JOIN campaign c"
                      + " ON c.dlma_id = e.dlma_id WHERE c.id = ?",
                  labelledCampaign))
          .isEqualTo(2);
      assertThat(stack.get("/v1/campaigns/" + labelledCampaign).get("statusReason").asText())
          .isEqualTo("dial list finished");

      assertThat(h.results(trunkCampaign))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(DialHarness.intOf(r, "dialing_status")).isEqualTo(10);
                assertThat((String) r.get("detail")).contains("longer than Asterisk's 255 bytes");
              });

      // The plan that nothing can pace with stops the campaign at its check, saying why.
      JsonNode tinyRead = stack.get("/v1/campaigns/" + tinyCampaign);
      assertThat(tinyRead.get("statusReason").asText())
          .isEqualTo(
              "the plan cannot be dialed"
                  + " with: callsPerSecond 4.9E-324 is not between 0.01 and 1000.0");
      assertThat(h.attempts(tinyCampaign)).isEmpty();

      // Nothing reached the PBX, and nothing kept failing on the way.
      assertThat(stack.originateCount()).isZero();
      for (String c : List.of(labelledCampaign, trunkCampaign, tinyCampaign)) {
        assertThat(
                h.count(
                    "SELECT COUNT(*) FROM attempt a LEFT JOIN result r"
                        + " ON r.attempt_id = a.id WHERE a.campaign_id = ? AND r.id IS NULL",
                    c))
            .as("attempts of %s without a result", c)
            .isZero();
        for (var run : h.workflowsOf(c).keySet()) {
          assertNoTaskFailed(h, run);
        }
        assertThat(stack.get("/v1/campaigns/" + c).get("problem").isNull()).isTrue();
      }
    }
  }

  /** No failed workflow task, and no activity tried more than twice. */
  private static void assertNoTaskFailed(
      DialHarness h, io.temporal.api.common.v1.WorkflowExecution run) {
    String workflowId = run.getWorkflowId();
    for (HistoryEvent e : h.history(run)) {
      assertThat(e.getEventType())
          .as(workflowId)
          .isNotEqualTo(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        assertThat(e.getActivityTaskStartedEventAttributes().getAttempt())
            .as("an activity's attempts in " + workflowId)
            .isLessThanOrEqualTo(2);
      }
    }
  }
}
