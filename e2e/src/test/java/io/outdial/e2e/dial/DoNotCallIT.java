package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A campaign on the real stack with numbers on a global do-not-call list and on a list attached to
 * it: they are held back when their entries are reserved, the PBX never receives their originates,
 * each has its ERROR result naming its list, the others are dialed, and the campaign's held-back
 * count is what the simulator's originate log did not receive.
 */
class DoNotCallIT {
  @Test
  void numbersOnTheCampaignsListsNeverReachThePbx() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("dnc*=answer:20:200");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        numbers.add(String.format("dnc%03d", i));
      }
      String plan = h.plan("dnc plan", Map.of("maxConcurrentCalls", 5));
      String dest = h.extensionDestination("sales queue", "agents", "sales", "1");
      String campaign = h.campaign("dnc", plan, dest, h.dlma("dnc list", numbers));
      String other = h.campaign("other", plan, dest, h.dlma("other list", List.of("dnc001")));

      // Every third number on the global list (in capitals: kept as the same text), two more on
      // a list attached to the campaign only.
      List<String> global = new ArrayList<>();
      for (int i = 0; i < 30; i += 3) {
        global.add(numbers.get(i).toUpperCase());
      }
      String globalList =
          stack
              .post("/v1/dnc-lists", Map.of("name", "complaints", "global", true))
              .get("id")
              .asText();
      JsonNode added =
          stack.post("/v1/dnc-lists/" + globalList + "/numbers", Map.of("numbers", global));
      assertThat(added.get("added").asInt()).isEqualTo(10);
      // Again, with one new (through the server's LOAD DATA path): only that one is added.
      List<String> again = new ArrayList<>(global);
      again.add("dnc-not-in-the-list");
      JsonNode twice =
          stack.post("/v1/dnc-lists/" + globalList + "/numbers", Map.of("numbers", again));
      assertThat(twice.get("added").asInt()).isEqualTo(1);
      assertThat(twice.get("alreadyListed").asInt()).isEqualTo(10);
      String ownList =
          stack.post("/v1/dnc-lists", Map.of("name", "spring opt-outs")).get("id").asText();
      stack.post(
          "/v1/dnc-lists/" + ownList + "/numbers", Map.of("numbers", List.of("dnc001", "dnc002")));
      stack.put("/v1/dnc-lists/" + ownList + "/campaigns/" + campaign, Map.of());
      Set<String> blocked = new HashSet<>();
      global.forEach(n -> blocked.add(n.toLowerCase()));
      blocked.addAll(List.of("dnc001", "dnc002"));

      h.start(campaign);
      h.start(other);
      h.awaitStop(campaign, Duration.ofSeconds(120));
      h.awaitStop(other, Duration.ofSeconds(60));

      List<Map<String, Object>> results = h.results(campaign);
      assertThat(results).hasSize(30);
      Map<String, Integer> originates = stack.originatesByChannelId();
      int held = 0;
      for (Map<String, Object> r : results) {
        String number = (String) r.get("number");
        String attempt = (String) r.get("attempt_id");
        if (blocked.contains(number)) {
          held++;
          assertThat(originates).as("originates of %s", number).doesNotContainKey(attempt);
          assertThat(intOf(r, "dialing_status")).as(number).isEqualTo(10);
          // Listed before the start: held back when it was reserved, never handed to the lane.
          assertThat(
                  (String)
                      stack
                          .query("SELECT reservation_key FROM attempt WHERE id = ?", attempt)
                          .get(0)
                          .get("reservation_key"))
              .as(number)
              .endsWith("/held");
          assertThat((String) r.get("detail"))
              .as(number)
              .isEqualTo(
                  "not dialed: the number is on the do-not-call list "
                      + (number.equals("dnc001") || number.equals("dnc002")
                          ? "spring opt-outs"
                          : "complaints"));
        } else {
          assertThat(originates.get(attempt)).as("originates of %s", number).isEqualTo(1);
          assertThat(intOf(r, "res_dial")).as(number).isEqualTo(4);
        }
      }
      assertThat(held).isEqualTo(12);
      JsonNode counts = stack.get("/v1/campaigns/" + campaign).get("counts");
      assertThat(counts.get("heldBack").get("doNotCall").asInt())
          .as("held back = results the PBX did not receive")
          .isEqualTo(
              results.size()
                  - (int)
                      results.stream()
                          .filter(r -> originates.containsKey((String) r.get("attempt_id")))
                          .count())
          .isEqualTo(12);
      assertThat(counts.get("answered").asInt()).isEqualTo(18);
      assertThat(counts.get("failed").asInt()).isZero();
      // Each held-back number is tried no more: one result each.
      assertThat(results.stream().map(r -> r.get("number")).distinct()).hasSize(30);

      // The other campaign is not attached to the campaign's list: its dnc001 was dialed.
      List<Map<String, Object>> others = h.results(other);
      assertThat(others).hasSize(1);
      assertThat(intOf(others.get(0), "res_dial")).isEqualTo(4);
      assertThat(originates).containsKey((String) others.get(0).get("attempt_id"));
    }
  }
}
