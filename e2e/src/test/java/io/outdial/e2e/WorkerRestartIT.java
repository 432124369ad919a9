package io.outdial.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The worker is killed with SIGKILL while calls are up and started again: the campaign finishes by
 * itself, every entry has its result, and no ChannelId was originated twice.
 */
class WorkerRestartIT {
  private static final int ENTRIES = 12;

  @Test
  void aCampaignFinishesAfterTheWorkerIsKilledMidCall() throws Exception {
    try (Stack stack = new Stack()) {
      // Calls are answered at once and last 20 s, so several are up when the worker dies and still
      // up once the new one has connected: a worker's start took 7 to 11 s on a loaded machine, and
      // a call that ends while no worker is connected is rightly settled as lost.
      stack.startSimulator("long*=answer:200:20000;short*=busy");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        numbers.add((i % 3 == 0 ? "short" : "long") + String.format("%03d", i));
      }
      String campaignId = Demo.createCampaign(stack, 5000, 1, numbers);
      stack.post("/v1/campaigns/" + campaignId + "/start", Map.of());

      Stack.waitUntil(
          "calls in flight",
          Duration.ofSeconds(60),
          () -> {
            try {
              return stack.originatesByChannelId().size() >= 6;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      long inFlightAtKill =
          stack
              .query(
                  "SELECT id FROM attempt WHERE campaign_id = ? AND state = 'ORIGINATE_SENT'",
                  campaignId)
              .size();
      stack.kill("worker");
      assertThat(inFlightAtKill).as("attempts in flight when the worker was killed").isPositive();
      Thread.sleep(1000);
      stack.startWorker();

      Stack.waitUntil(
          "the campaign to reach STOP after the restart",
          Duration.ofSeconds(180),
          () ->
              "STOP".equals(Demo.statusName(stack, campaignId))
                  && !stack.get0("/v1/campaigns/" + campaignId).get("statusReason").isNull());

      assertThat(stack.query("SELECT id FROM attempt WHERE campaign_id = ?", campaignId))
          .hasSize(ENTRIES);
      List<Map<String, Object>> results =
          stack.query(
              "SELECT entry_id, number, res_dial, dialing_status, detail FROM result"
                  + " WHERE campaign_id = ?",
              campaignId);
      assertThat(results).hasSize(ENTRIES);
      assertThat(results.stream().map(r -> r.get("entry_id")).distinct()).hasSize(ENTRIES);
      assertThat(stack.query("SELECT id FROM attempt WHERE state <> 'SETTLED'")).isEmpty();
      Map<String, Integer> originates = stack.originatesByChannelId();
      assertThat(originates)
          .allSatisfy((id, n) -> assertThat(n).as("originates of ChannelId " + id).isEqualTo(1));
      List<Map<String, Object>> attempts =
          stack.query(
              "SELECT a.id, r.number, r.res_dial, r.dialing_status FROM attempt a"
                  + " JOIN result r ON r.attempt_id = a.id WHERE a.campaign_id = ?",
              campaignId);
      for (Map<String, Object> a : attempts) {
        if (originates.containsKey((String) a.get("id"))) {
          // Calls that were up across the restart still report what Asterisk said.
          if (((String) a.get("number")).startsWith("long")) {
            assertThat(a.get("res_dial")).as(a.toString()).isEqualTo(4);
          }
        } else {
          // Killed between marking ORIGINATE_SENT and sending: never sent, never resent, and
          // settled as an error after asking Asterisk.
          assertThat(((Number) a.get("dialing_status")).intValue()).as(a.toString()).isEqualTo(10);
        }
      }
      System.out.printf(
          "worker restart: %d originates sent and unsettled at the kill, %d results, "
              + "%d settled as lost%n",
          inFlightAtKill,
          results.size(),
          results.stream()
              .filter(r -> ((Number) r.get("dialing_status")).intValue() == 10)
              .count());
    }
  }
}
