package io.outdial.api.campaigns;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.api.support.FakeCampaignRuns;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class CampaignResourceTest {
  static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String MISSING = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";

  private String plan;
  private String destination;
  private String dlma;

  @BeforeEach
  void createParts() {
    API.reset();
    plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    destination = body(API.post("/v1/destinations",
        "{\"name\":\"park\",\"type\":1,\"application\":\"Park\"}")).path("id").asText();
    dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    API.post("/v1/dlmas/" + dlma + "/entries", "[{\"numbers\":[\"1\"]},{\"numbers\":[\"2\"]}]");
  }

  private String campaignJson(String extra) {
    return "{\"name\":\"spring\",\"plan\":\"" + plan + "\",\"destination\":\"" + destination
        + "\",\"dlma\":\"" + dlma + "\"" + extra + "}";
  }

  private String create() {
    Response r = API.post("/v1/campaigns", campaignJson(""));
    assertThat(r.getStatus()).isEqualTo(201);
    return body(r).path("id").asText();
  }

  @Test
  void createsStoppedCampaignWithDefaultScheduleCountsAndUiLink() {
    Response r = API.post("/v1/campaigns", campaignJson(""));
    assertThat(r.getStatus()).isEqualTo(201);
    JsonNode c = body(r);
    String id = c.path("id").asText();
    assertThat(c.path("status").asInt()).isZero();
    assertThat(c.path("statusName").asText()).isEqualTo("STOP");
    assertThat(c.path("schedule").toString()).isEqualTo("{\"mode\":1}");
    assertThat(c.path("counts").path("remaining").asLong()).isEqualTo(2);
    assertThat(c.path("workflowId").asText()).isEqualTo("campaign-" + id);
    assertThat(c.path("temporalUiUrl").asText())
        .isEqualTo("http://ui.test/namespaces/default/workflows/campaign-" + id);

    JsonNode read = body(API.request("/v1/campaigns/" + id).get());
    assertThat(read.path("plan").asText()).isEqualTo(plan);
    assertThat(read.has("statusReason")).isTrue();
    assertThat(read.path("counts").fieldNames()).toIterable().containsExactly("inFlight",
        "dialed", "answered", "busy", "noAnswer", "congestion", "failed", "remaining");
  }

  @Test
  void keepsAnyScheduleObject() {
    JsonNode c = body(API.post("/v1/campaigns",
        campaignJson(",\"schedule\":{\"mode\":0,\"timeStart\":\"09:00:00\",\"dayList\":[1,2]}")));
    assertThat(c.path("schedule").path("dayList").toString()).isEqualTo("[1,2]");
  }

  @Test
  void referencesToMissingResourcesAre422NamingTheField() {
    Response r = API.post("/v1/campaigns", "{\"name\":\"c\",\"plan\":\"" + MISSING
        + "\",\"destination\":\"nope\",\"dlma\":\"" + dlma + "\",\"nextCampaign\":\"" + MISSING
        + "\",\"schedule\":[]}");
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(rule(e, "plan")).isEqualTo("plan " + MISSING + " does not exist");
    assertThat(rule(e, "destination")).isEqualTo("must be a UUID");
    assertThat(rule(e, "nextCampaign")).isEqualTo("campaign " + MISSING + " does not exist");
    assertThat(rule(e, "schedule")).isEqualTo("must be a JSON object");
    assertThat(API.store.campaigns).isEmpty();
  }

  @Test
  void startMovesToStartingAndStartsTheWorkflow() {
    String id = create();
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(202);
    JsonNode s = body(r);
    assertThat(s.path("id").asText()).isEqualTo(id);
    assertThat(s.path("status").asInt()).isEqualTo(11);
    assertThat(s.path("statusName").asText()).isEqualTo("STARTING");
    assertThat(s.path("workflowId").asText()).isEqualTo("campaign-" + id);
    assertThat(s.path("temporalUiUrl").asText()).endsWith("/workflows/campaign-" + id);
    assertThat(API.store.campaigns.get(id).status()).isEqualTo(11);
    FakeCampaignRuns.Call call = API.runs.calls.get(0);
    assertThat(call.what()).isEqualTo("start");
    assertThat(call.name()).isEqualTo("spring");
    assertThat(call.action().requestedBy()).isEqualTo("api");
    assertThat(call.action().requestedAtMs()).isEqualTo(ApiResources.NOW.toEpochMilli());
  }

  @Test
  void startOfARunningCampaignIs409WithCurrentStatus() {
    String id = create();
    API.store.updateCampaignStatus(id, 1, null);
    API.runs.running.add(id);
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("campaign is already running");
    assertThat(e.path("currentStatus").asInt()).isEqualTo(1);
    assertThat(e.path("currentStatusName").asText()).isEqualTo("START");
    assertThat(API.store.campaigns.get(id).status()).isEqualTo(1);
  }

  @Test
  void startWhileTemporalIsDownIs503AndKeepsTheStatus() {
    String id = create();
    API.runs.unavailable = true;
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(503);
    assertThat(body(r).path("message").asText()).startsWith("Temporal is unavailable");
    assertThat(API.store.campaigns.get(id).status()).isZero();
  }

  @Test
  void stopSignalsARunningCampaign() {
    String id = create();
    API.runs.running.add(id);
    Response r = API.request("/v1/campaigns/" + id + "/stop")
        .post(Entity.json("{\"reason\":\"end of day\"}"));
    assertThat(r.getStatus()).isEqualTo(202);
    JsonNode s = body(r);
    assertThat(s.path("status").asInt()).isEqualTo(10);
    assertThat(s.path("statusName").asText()).isEqualTo("STOPPING");
    FakeCampaignRuns.Call call = API.runs.calls.get(0);
    assertThat(call.what()).isEqualTo("stop");
    assertThat(call.action().reason()).isEqualTo("end of day");
  }

  @Test
  void stopWithoutBodyWorksToo() {
    String id = create();
    API.runs.running.add(id);
    assertThat(API.request("/v1/campaigns/" + id + "/stop").post(null).getStatus())
        .isEqualTo(202);
  }

  @Test
  void stopOfAStoppedCampaignIs409WithCurrentStatus() {
    String id = create();
    Response r = API.request("/v1/campaigns/" + id + "/stop").post(null);
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("campaign is not running");
    assertThat(e.path("currentStatus").asInt()).isZero();
    assertThat(e.path("currentStatusName").asText()).isEqualTo("STOP");
  }

  @Test
  void controlOfAnUnknownCampaignIs404() {
    assertThat(API.request("/v1/campaigns/" + MISSING + "/start").post(null).getStatus())
        .isEqualTo(404);
    assertThat(API.request("/v1/campaigns/" + MISSING).get().getStatus()).isEqualTo(404);
  }
}
