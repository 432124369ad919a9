package io.outdial.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Creates a campaign through the REST API, as an operator (or the demo script) would. */
final class Demo {
  private Demo() {}

  static String createCampaign(
      Stack stack, int dialTimeoutMs, int triesPerNumber, List<String> numbers) throws Exception {
    return createCampaign(stack, dialTimeoutMs, triesPerNumber, numbers, null);
  }

  /** As above; {@code nextCampaign}, when not null, is started once this one's list is done. */
  static String createCampaign(
      Stack stack, int dialTimeoutMs, int triesPerNumber, List<String> numbers, String nextCampaign)
      throws Exception {
    Integer[] maxRetry = new Integer[8];
    Arrays.fill(maxRetry, triesPerNumber);
    JsonNode plan =
        stack.post(
            "/v1/plans",
            Map.of(
                "name",
                "it plan",
                "techName",
                "Local/",
                "trunkName",
                "targets",
                "dialTimeout",
                dialTimeoutMs,
                "callerId",
                "\"ACME Test\" <5551234>",
                "retryDelay",
                1,
                "maxRetry",
                maxRetry,
                "variables",
                Map.of("a", "b")));
    // As in the recordings: answered calls continue to the dialplan's agents,sales (a queue).
    JsonNode dest =
        stack.post(
            "/v1/destinations",
            Map.of(
                "name",
                "sales queue",
                "type",
                0,
                "context",
                "agents",
                "exten",
                "sales",
                "priority",
                "1"));
    JsonNode dlma = stack.post("/v1/dlmas", Map.of("name", "it list"));
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i++) {
      entries.add(Map.of("name", "Customer " + i, "numbers", List.of(numbers.get(i))));
    }
    stack.post("/v1/dlmas/" + dlma.get("id").asText() + "/entries", entries);
    Map<String, Object> request =
        new java.util.HashMap<>(
            Map.of(
                "name",
                "it campaign",
                "plan",
                plan.get("id").asText(),
                "destination",
                dest.get("id").asText(),
                "dlma",
                dlma.get("id").asText()));
    if (nextCampaign != null) {
      request.put("nextCampaign", nextCampaign);
    }
    JsonNode campaign = stack.post("/v1/campaigns", request);
    return campaign.get("id").asText();
  }

  static String statusName(Stack stack, String campaignId) {
    try {
      return stack.get("/v1/campaigns/" + campaignId).get("statusName").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
