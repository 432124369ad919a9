package io.outdial.api.results;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.store.Rows.ResultRow;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class ResultResourceTest {
  static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String CAMPAIGN = "6f1c2b1e-5d0e-4c55-8c43-3b1d2f3a4b5c";
  static final String RESULT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

  @BeforeEach
  void oneResult() {
    API.reset();
    API.store.results.add(new ResultRow(RESULT, "11111111-2222-4333-8444-555555555555",
        CAMPAIGN, "22222222-3333-4444-8555-666666666666", 6,
        "[{\"status\":1,\"at\":\"2030-01-02T03:04:05Z\"},{\"status\":6,\"at\":\"2030-01-02T03:04:25Z\"}]",
        5, 17, "User busy", null, "PJSIP/100-00000001", "100", 1, 2,
        "{\"plan\":{\"name\":\"p\"}}", Instant.parse("2030-01-02T03:04:05Z"),
        Instant.parse("2030-01-02T03:04:25.123Z"), Instant.parse("2030-01-02T03:04:26Z")));
  }

  @Test
  void listsResultsWithNamesAndParsedJson() {
    Response r = API.request("/v1/results").get();
    assertThat(r.getStatus()).isEqualTo(422);

    JsonNode page = body(API.extension.target("/v1/results").queryParam("campaign", CAMPAIGN)
        .request().header("Authorization", "Bearer " + ApiResources.TOKEN).get());
    assertThat(page.path("offset").asInt()).isZero();
    assertThat(page.path("limit").asInt()).isEqualTo(100);
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("id").asText()).isEqualTo(RESULT);
    assertThat(item.path("dialingStatus").asInt()).isEqualTo(6);
    assertThat(item.path("dialingStatusName").asText()).isEqualTo("HANGUP");
    assertThat(item.path("resDial").asInt()).isEqualTo(5);
    assertThat(item.path("resDialName").asText()).isEqualTo("BUSY");
    assertThat(item.path("resHangup").asInt()).isEqualTo(17);
    assertThat(item.path("resHangupName").asText()).isEqualTo("USER_BUSY");
    assertThat(item.path("resHangupText").asText()).isEqualTo("User busy");
    assertThat(item.path("statusTrail").isArray()).isTrue();
    assertThat(item.path("statusTrail").get(1).path("status").asInt()).isEqualTo(6);
    assertThat(item.path("snapshot").path("plan").path("name").asText()).isEqualTo("p");
    assertThat(item.path("hangupAt").asText()).isEqualTo("2030-01-02T03:04:25.123Z");
    assertThat(item.path("numberIndex").asInt()).isEqualTo(1);
    assertThat(item.path("tryCount").asInt()).isEqualTo(2);
  }

  @Test
  void pagesAndChecksTheQuery() {
    JsonNode e = body(API.extension.target("/v1/results").queryParam("campaign", "x")
        .queryParam("offset", "-1").queryParam("limit", "1001").request()
        .header("Authorization", "Bearer " + ApiResources.TOKEN).get());
    assertThat(e.path("status").asInt()).isEqualTo(422);
    assertThat(rule(e, "campaign")).isEqualTo("must be a UUID");
    assertThat(rule(e, "offset")).isEqualTo("must be between 0 and 2147483647");
    assertThat(rule(e, "limit")).isEqualTo("must be between 1 and 1000");
    JsonNode bad = body(API.extension.target("/v1/results").queryParam("campaign", CAMPAIGN)
        .queryParam("limit", "ten").request()
        .header("Authorization", "Bearer " + ApiResources.TOKEN).get());
    assertThat(rule(bad, "limit")).isEqualTo("must be an integer between 1 and 1000");
    JsonNode empty = body(API.extension.target("/v1/results").queryParam("campaign", CAMPAIGN)
        .queryParam("offset", "1").queryParam("limit", "1").request()
        .header("Authorization", "Bearer " + ApiResources.TOKEN).get());
    assertThat(empty.path("items")).isEmpty();
  }

  @Test
  void readsOneResult() {
    assertThat(body(API.request("/v1/results/" + RESULT).get()).path("resDialName").asText())
        .isEqualTo("BUSY");
    Response missing = API.request("/v1/results/" + CAMPAIGN).get();
    assertThat(missing.getStatus()).isEqualTo(404);
    assertThat(body(missing).path("message").asText()).isEqualTo("result " + CAMPAIGN + " does not exist");
  }
}
