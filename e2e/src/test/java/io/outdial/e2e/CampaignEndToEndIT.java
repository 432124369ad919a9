package io.outdial.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One campaign through the real stack: REST call → Temporal → worker → AMI → PBX simulator → result
 * rows in MariaDB, with each outcome the recordings show.
 */
class CampaignEndToEndIT {
  /** Per called number: resDial, resHangup, the hangup text, as the recordings imply. */
  private static final Map<String, List<Object>> EXPECTED =
      Map.of(
          "answer", List.of(4, 16, "Normal Clearing"),
          "busy", List.of(5, 17, "User busy"),
          "congestion", List.of(8, 34, "Circuit/channel congestion"),
          "noanswer", List.of(3, 19, "User alerting, no answer"),
          "unallocated", List.of(0, 1, "Unallocated (unassigned) number"),
          "reject", List.of(0, 21, "Call Rejected"));

  @Test
  void theNextCampaignIsStartedByTheWorkerWhenTheListIsFinished() throws Exception {
    try (Stack stack = new Stack()) {
      stack.startSimulator("answer=answer:5:1000");
      stack.startWorker();
      stack.startApi();
      String next = Demo.createCampaign(stack, 3000, 1, List.of("answer", "busy"));
      String first = Demo.createCampaign(stack, 3000, 1, List.of("answer"), next);

      stack.post("/v1/campaigns/" + first + "/start", Map.of());
      // The worker starts the next campaign as an operator would, through the same
      // update-with-start as the API; it then dials its own list and stops.
      Stack.waitUntil(
          "the next campaign to dial its list and stop",
          Duration.ofSeconds(120),
          () -> {
            try {
              return stack.query("SELECT id FROM result WHERE campaign_id = ?", next).size() == 2
                  && "STOP".equals(Demo.statusName(stack, next));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(Demo.statusName(stack, first)).isEqualTo("STOP");
      assertThat(stack.query("SELECT id FROM result WHERE campaign_id = ?", first)).hasSize(1);
    }
  }

  @Test
  void everyOutcomeGetsExactlyOneResultAndTheCampaignStops() throws Exception {
    try (Stack stack = new Stack()) {
      stack.startSimulator("answer=answer:5:1000");
      stack.startWorker();
      stack.startApi();
      String campaignId =
          Demo.createCampaign(
              stack,
              3000,
              1,
              List.of("answer", "busy", "congestion", "noanswer", "unallocated", "reject"));

      JsonNode started = stack.post("/v1/campaigns/" + campaignId + "/start", Map.of());
      assertThat(started.get("statusName").asText()).isIn("STARTING", "START");
      Stack.waitUntil(
          "the campaign to reach STOP",
          Duration.ofSeconds(120),
          () ->
              "STOP".equals(Demo.statusName(stack, campaignId))
                  && !stack.get0("/v1/campaigns/" + campaignId).get("statusReason").isNull());

      List<Map<String, Object>> results =
          stack.query(
              "SELECT r.*, a.state FROM result r JOIN attempt a ON a.id = r.attempt_id"
                  + " WHERE r.campaign_id = ?",
              campaignId);
      assertThat(results).hasSize(6);
      assertThat(stack.query("SELECT id FROM attempt WHERE campaign_id = ?", campaignId))
          .hasSize(6);
      Map<String, Map<String, Object>> byNumber = new HashMap<>();
      for (Map<String, Object> r : results) {
        assertThat(byNumber.put((String) r.get("number"), r)).as("one result per number").isNull();
        assertThat(r.get("state")).isEqualTo("SETTLED");
      }
      EXPECTED.forEach(
          (number, expected) -> {
            Map<String, Object> r = byNumber.get(number);
            assertThat(r).as("result for " + number).isNotNull();
            assertThat(r.get("res_dial")).as(number + " resDial").isEqualTo(expected.get(0));
            assertThat(r.get("res_hangup")).as(number + " resHangup").isEqualTo(expected.get(1));
            assertThat(r.get("res_hangup_text")).as(number + " text").isEqualTo(expected.get(2));
            assertThat(((Number) r.get("dialing_status")).intValue())
                .as(number + " dialing status")
                .isEqualTo(6);
            assertThat((String) r.get("status_trail"))
                .as(number + " trail")
                .contains("\"status\":1")
                .contains("\"status\":3")
                .contains("\"status\":5")
                .contains("\"status\":6");
            assertThat((String) r.get("channel")).startsWith("Local/" + number + "@targets");
            assertThat((String) r.get("snapshot")).contains("\"plan\"").contains("\"entry\"");
          });
      // Busy: the originated side hangs up with cause 0; the recorded cause is the peer's 17.
      assertThat((String) byNumber.get("busy").get("status_trail")).contains("cause 0");

      // The entry rows carry the last results and the try counts.
      List<Map<String, Object>> entries =
          stack.query("SELECT number1, try_count1, res_dial, res_hangup, status FROM dl_entry");
      assertThat(entries)
          .hasSize(6)
          .allSatisfy(
              e -> {
                assertThat(e.get("try_count1")).isEqualTo(1);
                assertThat(e.get("status")).isEqualTo(0);
                assertThat(e.get("res_dial")).isEqualTo(EXPECTED.get(e.get("number1")).get(0));
              });
      // Nobody was dialed twice.
      assertThat(stack.originatesByChannelId())
          .hasSize(6)
          .allSatisfy((id, n) -> assertThat(n).as("originates of " + id).isEqualTo(1));

      // The REST API reports the same.
      JsonNode rest = stack.get("/v1/results?campaign=" + campaignId);
      assertThat(rest.get("items")).hasSize(6);
      JsonNode status = stack.get("/v1/campaigns/" + campaignId);
      assertThat(status.get("status").asInt()).isZero();
      assertThat(status.get("counts").get("answered").asInt()).isEqualTo(1);
      assertThat(status.get("counts").get("busy").asInt()).isEqualTo(1);

      // An operator finds the campaign's workflow in the Temporal Web UI.
      Path shot = stack.logs.resolve("temporal-ui-" + campaignId + ".png");
      Process ui =
          new ProcessBuilder(
                  "bash",
                  stack.root.resolve("temporal-dev/ui-check.sh").toString(),
                  "campaign-" + campaignId,
                  shot.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(ui.getInputStream().readAllBytes());
      assertThat(ui.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(ui.exitValue()).as("ui-check output: " + out).isZero();
      assertThat(out).contains("campaign-" + campaignId);
    }
  }
}
