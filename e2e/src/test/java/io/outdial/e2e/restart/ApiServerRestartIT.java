package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The api-server is SIGKILLed while calls are up and started again: dialing never depended on it,
 * and once it is back, reads and operator actions work again (a start while dialing is a 409 with
 * the current status; pause and start are accepted) and every result can be read through it.
 */
class ApiServerRestartIT {
  @Test
  void controlAndReadsWorkAfterTheApiServerIsKilledMidCampaign() throws Exception {
    try (Stack stack = new Stack()) {
      RestartScenario s = new RestartScenario(stack, "api-server restart");
      s.startProcesses();
      s.createAndStart();
      int up = s.awaitCallsUp(40, 20);
      stack.kill("api-server");
      Instant down = Instant.now();
      System.out.printf(
          "[api-server restart] SIGKILLed the api-server with %d calls in flight%n", up);
      Thread.sleep(2000);
      stack.startApi();
      Instant back = Instant.now();

      // Reads.
      JsonNode campaign = stack.get("/v1/campaigns/" + s.campaignId);
      assertThat(campaign.get("statusName").asText())
          .as("status read after the restart")
          .isEqualTo("START");
      assertThat(stack.get("/v1/results?campaign=" + s.campaignId + "&limit=1000").get("items"))
          .as("results readable after the restart")
          .isNotEmpty();
      // Control: the workflow answers through the new process.
      HttpResponse<String> again = s.control("start");
      assertThat(again.statusCode()).as("start while dialing: " + again.body()).isEqualTo(409);
      assertThat(Stack.JSON.readTree(again.body()).toString()).contains("START");
      HttpResponse<String> pause = s.control("pause");
      assertThat(pause.statusCode()).as("pause: " + pause.body()).isEqualTo(202);
      Stack.waitUntil(
          "the campaign to pause (its calls in flight end)",
          Duration.ofSeconds(60),
          () ->
              "PAUSE"
                  .equals(stack.get0("/v1/campaigns/" + s.campaignId).get("statusName").asText()));
      HttpResponse<String> resume = s.control("start");
      assertThat(resume.statusCode()).as("start after pause: " + resume.body()).isEqualTo(202);

      s.finish(back, up, Duration.between(down, back).toMillis());
      // Nothing lost on the way out either: every result row is served by the new process.
      JsonNode page = stack.get("/v1/results?campaign=" + s.campaignId + "&limit=1000");
      assertThat(page.get("items")).as("results through REST").hasSize(RestartScenario.ENTRIES);
    }
  }
}
