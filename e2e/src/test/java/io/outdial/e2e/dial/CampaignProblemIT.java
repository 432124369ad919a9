package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A campaign that is not progressing says why in its read (issue #10): with the AMI link down, its
 * dialing lane's Originate fails again and again, and the campaign's {@code problem} names that
 * step and its error; once Asterisk is back the problem goes and the campaign finishes.
 */
class CampaignProblemIT {
  private static final int DROP_SECONDS = 30;

  @Test
  void anAttemptFailingForSecondsShowsAsTheCampaignsProblemUntilItPasses() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulatorWithControlPort("answer=answer:5:500");
      stack.startWorker();
      stack.startApi();
      String campaign =
          h.campaign(
              "problem",
              h.plan("plan", Map.of("dialTimeout", 3000)),
              h.extensionDestination("queue", "agents", "sales", "1"),
              h.dlma("list", List.of("answer")));
      assertThat(stack.get("/v1/campaigns/" + campaign).get("problem").isNull()).isTrue();

      assertThat(stack.simulatorControl("drop " + DROP_SECONDS)).startsWith("ok dropped");
      long dropped = System.nanoTime();
      h.start(campaign);
      AtomicReference<JsonNode> problem = new AtomicReference<>();
      Stack.waitUntil(
          "the campaign's read to show a problem",
          Duration.ofSeconds(25),
          () -> {
            problem.set(stack.get0("/v1/campaigns/" + campaign).get("problem"));
            return !problem.get().isNull();
          });
      assertThat(System.nanoTime() - dropped)
          .as("seen while the link was still down")
          .isLessThan(Duration.ofSeconds(DROP_SECONDS).toNanos());
      JsonNode p = problem.get();
      // The campaign's calls go through its dialing lane, whose batch Originate keeps failing.
      String lane = "campaign-" + campaign + "/lane-default-1";
      assertThat(p.get("workflowId").asText()).isEqualTo(lane);
      assertThat(p.get("activity").asText()).isEqualTo("OriginateBatch");
      assertThat(p.get("attempt").asInt()).isGreaterThan(3);
      assertThat(p.get("lastError").asText()).contains("AMI is not connected");
      assertThat(p.get("message").asText())
          .startsWith("OriginateBatch of " + lane + " has failed ");
      assertThat(p.get("temporalUiUrl").asText()).endsWith("/workflows/" + lane);

      h.awaitStop(campaign, Duration.ofSeconds(DROP_SECONDS + 60));
      assertThat(stack.get("/v1/campaigns/" + campaign).get("problem").isNull()).isTrue();
      assertThat(h.results(campaign))
          .singleElement()
          .satisfies(r -> assertThat(DialHarness.intOf(r, "res_dial")).isEqualTo(4));
    }
  }

  /**
   * A campaign whose plan dials through a PBX that no worker serves: its dialing lane waits on that
   * PBX's task queue, and the campaign's read says which PBX has no worker, and where to set it.
   */
  @Test
  void aCampaignOnAPbxNoWorkerServesSaysSo() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("answer=answer:5:500");
      stack.startWorker();
      stack.startApi();
      String trunk =
          h.pbxWithTrunk("east", stack.amiPort, "env:EAST_SECRET", Map.of("name", "main"));
      String campaign =
          h.campaign(
              "unserved",
              h.plan("plan", Map.of("dialTimeout", 3000, "trunkId", trunk)),
              h.extensionDestination("queue", "agents", "sales", "1"),
              h.dlma("list", List.of("answer")));
      h.start(campaign);
      AtomicReference<JsonNode> problem = new AtomicReference<>();
      Stack.waitUntil(
          "the campaign's read to show a problem",
          Duration.ofSeconds(40),
          () -> {
            problem.set(stack.get0("/v1/campaigns/" + campaign).get("problem"));
            return !problem.get().isNull();
          });
      JsonNode p = problem.get();
      String lane = "campaign-" + campaign + "/lane-east-1";
      assertThat(p.get("workflowId").asText()).isEqualTo(lane);
      assertThat(p.get("message").asText())
          .isEqualTo(
              "no worker serves PBX east: nobody polls task queue "
                  + stack.taskQueue
                  + "/pbx-east (start a worker whose OUTDIAL_PBXS names it)");
      assertThat(p.get("temporalUiUrl").asText()).endsWith("/workflows/" + lane);
      assertThat(stack.originateCount()).isZero();
    }
  }
}
