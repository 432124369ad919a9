package io.outdial.api.campaigns;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.api.support.FakeCampaignRuns;
import io.outdial.store.Column;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.OperatorAction;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class CampaignResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String MISSING = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";

  private String plan;
  private String destination;
  private String dlma;

  @BeforeEach
  void createParts() {
    API.reset();
    plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    destination =
        body(API.post(
                "/v1/destinations", "{\"name\":\"park\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    API.post("/v1/dlmas/" + dlma + "/entries", "[{\"numbers\":[\"1\"]},{\"numbers\":[\"2\"]}]");
    API.runs.calls.clear();
  }

  /** The campaign as stored. */
  private static CampaignRow stored(String id) {
    return API.database.campaigns().findCampaign(id).orElseThrow();
  }

  private String campaignJson(String extra) {
    return "{\"name\":\"spring\",\"plan\":\""
        + plan
        + "\",\"destination\":\""
        + destination
        + "\",\"dlma\":\""
        + dlma
        + "\""
        + extra
        + "}";
  }

  private String create() {
    return create("");
  }

  private String create(String extra) {
    Response r = API.post("/v1/campaigns", campaignJson(extra));
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(201);
    return b.path("id").asText();
  }

  // ---- create and read ---------------------------------------------------------------------

  @Test
  void createsStoppedCampaignStartsItsWorkflowAndShowsCountsWindowsAndUiLink() {
    Response r = API.post("/v1/campaigns", campaignJson(""));
    assertThat(r.getStatus()).isEqualTo(201);
    JsonNode c = body(r);
    String id = c.path("id").asText();
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/campaigns/" + id);
    assertThat(c.path("status").asInt()).isZero();
    assertThat(c.path("statusName").asText()).isEqualTo("STOP");
    assertThat(c.path("schedule").path("mode").asInt()).isEqualTo(1);
    assertThat(c.path("schedule").path("modeName").asText()).isEqualTo("OFF");
    assertThat(c.path("schedule").path("timezone").asText()).isEqualTo("UTC");
    assertThat(c.path("scheduling").asText()).isEqualTo("off");
    assertThat(c.path("nextWindows")).isEmpty();
    assertThat(c.path("counts").path("remaining").asLong()).isEqualTo(2);
    assertThat(c.path("workflowId").asText()).isEqualTo("campaign-" + id);
    assertThat(c.path("temporalUiUrl").asText())
        .isEqualTo("http://ui.test/namespaces/default/workflows/campaign-" + id);
    FakeCampaignRuns.Call started = API.runs.calls("create").get(0);
    assertThat(started.campaignId()).isEqualTo(id);
    assertThat(started.name()).isEqualTo("spring");
    assertThat(API.runs.workflows.get(id)).isEqualTo(CampaignStatus.STOP);

    JsonNode read = body(API.get("/v1/campaigns/" + id));
    assertThat(read.path("plan").asText()).isEqualTo(plan);
    assertThat(read.has("statusReason")).isTrue();
    assertThat(read.path("counts").fieldNames())
        .toIterable()
        .containsExactly(
            "inFlight",
            "dialed",
            "answered",
            "busy",
            "noAnswer",
            "congestion",
            "failed",
            "remaining",
            "heldBack");
    assertThat(read.path("counts").path("heldBack").path("doNotCall").asLong()).isZero();
  }

  @Test
  void createWhileTemporalIsDownIs201AndTheFirstActionStartsTheWorkflow() {
    API.runs.unavailable = true;
    String id = create();
    assertThat(API.hasRow("campaign", id)).isTrue();
    assertThat(API.runs.workflows).doesNotContainKey(id);
    API.runs.unavailable = false;
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(202);
    assertThat(API.runs.calls)
        .extracting(FakeCampaignRuns.Call::what)
        .containsExactly("create", "start");
  }

  @Test
  void scheduleModeOnShowsTheNextFiveWindowsFromTheWorkflowsCalculator() {
    // NOW is 2030-01-02T03:04:05Z, a Wednesday.
    JsonNode c =
        body(
            API.post(
                "/v1/campaigns",
                campaignJson(
                    ",\"schedule\":{\"mode\":\"ON\","
                        + "\"timeStart\":\"09:00:00\",\"timeEnd\":\"17:00:00\",\"dayList\":[\"MONDAY\",3,"
                        + "\"friday\"],\"timezone\":\"Europe/Paris\"}")));
    assertThat(c.path("scheduling").asText()).isEqualTo("on");
    assertThat(c.path("schedule").path("mode").asInt()).isZero();
    assertThat(c.path("schedule").path("modeName").asText()).isEqualTo("ON");
    assertThat(c.path("schedule").path("dayList").toString()).isEqualTo("[1,3,5]");
    assertThat(c.path("schedule").path("dayListNames").toString())
        .isEqualTo("[\"MONDAY\",\"WEDNESDAY\",\"FRIDAY\"]");
    JsonNode w = c.path("nextWindows");
    assertThat(w).hasSize(5);
    assertThat(w.get(0).path("opensAt").asText()).isEqualTo("2030-01-02T08:00:00Z");
    assertThat(w.get(0).path("closesAt").asText()).isEqualTo("2030-01-02T16:00:00Z");
    assertThat(w.get(1).path("opensAt").asText()).isEqualTo("2030-01-04T08:00:00Z");
    assertThat(w.get(2).path("opensAt").asText()).isEqualTo("2030-01-07T08:00:00Z");
    // The canonical schedule is what is stored (and what the workflow reads).
    assertThat(stored(c.path("id").asText()).schedule())
        .isEqualTo(
            "{\"mode\":0,\"timeStart\":\"09:00:00\",\"timeEnd\":\"17:00:00\",\"dayList\":[1,3,5],"
                + "\"timezone\":\"Europe/Paris\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"timeStart\":\"9:00\"}              | schedule.timeStart | must be a time in hh:mm:ss format",
        "{\"timeStart\":\"24:00:00\"}          | schedule.timeStart | must be a time in hh:mm:ss format",
        "{\"timeEnd\":5}                       | schedule.timeEnd   | must be a time in hh:mm:ss format",
        "{\"timeStart\":\"10:00:00\",\"timeEnd\":\"10:00:00\"} | schedule.timeEnd | must differ from timeStart",
        "{\"dateStart\":\"2026-02-30\"}        | schedule.dateStart | must be a real calendar date in YYYY-MM-DD format",
        "{\"dateStart\":\"2026-2-3\"}          | schedule.dateStart | must be a real calendar date in YYYY-MM-DD format",
        "{\"dateStart\":\"2026-03-02\",\"dateEnd\":\"2026-03-01\"} | schedule.dateEnd | must not be before dateStart",
        "{\"dateList\":[\"2026-13-01\"]}       | schedule.dateList  | entry 0 must be a real calendar date",
        "{\"dateListExcept\":{}}               | schedule.dateListExcept | must be an array of YYYY-MM-DD dates",
        "{\"dayList\":[0,7]}                   | schedule.dayList   | entry 1 must be a weekday number, 0 (Sunday) to 6 (Saturday)",
        "{\"dayList\":[-1]}                    | schedule.dayList   | entry 0 must be a weekday number",
        "{\"dayList\":[\"FUNDAY\"]}            | schedule.dayList   | entry 0 must be a weekday number",
        "{\"timezone\":\"Mars/Olympus\"}       | schedule.timezone  | must be a known IANA time zone name",
        "{\"timezone\":\"+02:00\"}             | schedule.timezone  | must be a known IANA time zone name",
        "{\"mode\":2}                          | schedule.mode      | must be 0 (on) or 1 (off)",
        "{\"mode\":\"SOMETIMES\"}              | schedule.mode      | must be the integer 0 (on) or 1 (off)",
      })
  void badSchedulesAre422NamingTheFieldAndTheRule(String schedule, String field, String ruleStart) {
    Response r = API.post("/v1/campaigns", campaignJson(",\"schedule\":" + schedule));
    JsonNode e = body(r);
    assertThat(r.getStatus()).as("%s", e).isEqualTo(422);
    assertThat(rule(e, field)).as("%s", e).startsWith(ruleStart);
    assertThat(API.rows("campaign")).isZero();
    assertThat(API.runs.calls).isEmpty();
  }

  @Test
  void unknownScheduleFieldsAndWrongShapesAre400() {
    Response unknown = API.post("/v1/campaigns", campaignJson(",\"schedule\":{\"start\":1}"));
    assertThat(unknown.getStatus()).isEqualTo(400);
    assertThat(rule(body(unknown), "schedule.start")).isEqualTo("is not a known field");
    Response array = API.post("/v1/campaigns", campaignJson(",\"schedule\":[]"));
    assertThat(array.getStatus()).isEqualTo(400);
    assertThat(rule(body(array), "schedule")).isEqualTo("must be an object");
    assertThat(API.rows("campaign")).isZero();
  }

  @Test
  void referencesToMissingOrDeletedResourcesAre422NamingTheField() {
    assertThat(API.delete("/v1/plans/" + plan).getStatus()).isEqualTo(204);
    Response r =
        API.post(
            "/v1/campaigns",
            "{\"name\":\"c\",\"plan\":\""
                + plan
                + "\",\"destination\":\"nope\",\"dlma\":\""
                + dlma
                + "\",\"nextCampaign\":\""
                + MISSING
                + "\"}");
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("invalid campaign");
    assertThat(rule(e, "plan")).isEqualTo("plan " + plan + " does not exist");
    assertThat(rule(e, "destination")).isEqualTo("must be a UUID");
    assertThat(rule(e, "nextCampaign")).isEqualTo("campaign " + MISSING + " does not exist");
    Response none = API.post("/v1/campaigns", "{\"name\":\"c\"}");
    assertThat(rule(body(none), "plan")).isEqualTo("is required");
    assertThat(rule(body(API.post("/v1/campaigns", "{\"name\":\"c\"}")), "dlma"))
        .isEqualTo("is required");
    assertThat(API.rows("campaign")).isZero();
  }

  @Test
  void listsCampaignsPaged() {
    String a = create();
    String b = create();
    String c = create();
    JsonNode first = body(API.get("/v1/campaigns?limit=2"));
    assertThat(first.path("items")).hasSize(2);
    assertThat(first.path("items").get(0).path("id").asText()).isEqualTo(a);
    assertThat(first.path("items").get(1).path("id").asText()).isEqualTo(b);
    assertThat(first.path("limit").asInt()).isEqualTo(2);
    assertThat(first.path("nextOffset").asInt()).isEqualTo(2);
    JsonNode second = body(API.get("/v1/campaigns?offset=2&limit=2"));
    assertThat(second.path("items")).hasSize(1);
    assertThat(second.path("items").get(0).path("id").asText()).isEqualTo(c);
    assertThat(second.path("nextOffset").isNull()).isTrue();
    assertThat(second.path("items").get(0).has("counts")).isTrue();
    JsonNode bad = body(API.get("/v1/campaigns?limit=1001&status=1"));
    assertThat(bad.path("status").asInt()).isEqualTo(422);
    assertThat(rule(bad, "limit")).isEqualTo("must be between 1 and 1000");
    assertThat(rule(bad, "status")).startsWith("is not a known query parameter");
  }

  // ---- update and delete -------------------------------------------------------------------

  @Test
  void putReplacesTheFieldsAndIgnoresWhatTheServerKeeps() {
    String id = create();
    ObjectNode read = (ObjectNode) body(API.get("/v1/campaigns/" + id));
    read.put("name", "autumn");
    read.putObject("schedule").put("mode", 0).put("timeStart", "08:00:00");
    Response r = API.put("/v1/campaigns/" + id, read.toString());
    JsonNode c = body(r);
    assertThat(r.getStatus()).as("%s", c).isEqualTo(200);
    assertThat(c.path("name").asText()).isEqualTo("autumn");
    assertThat(c.path("scheduling").asText()).isEqualTo("on");
    assertThat(c.path("schedule").path("timeStart").asText()).isEqualTo("08:00:00");
    assertThat(c.path("status").asInt()).isZero();
    assertThat(stored(id).name()).isEqualTo("autumn");
  }

  @Test
  void putValidatesAsCreateDoes() {
    String id = create();
    Response self =
        API.put(
            "/v1/campaigns/" + id,
            campaignJson(",\"nextCampaign\":\"" + id + "\",\"schedule\":{\"dayList\":[9]}"));
    assertThat(self.getStatus()).isEqualTo(422);
    JsonNode e = body(self);
    assertThat(rule(e, "nextCampaign")).isEqualTo("must not be the campaign itself");
    assertThat(rule(e, "schedule.dayList")).startsWith("entry 0 must be a weekday number");
    assertThat(API.put("/v1/campaigns/" + MISSING, campaignJson("")).getStatus()).isEqualTo(404);
    assertThat(
            API.put("/v1/campaigns/" + id, "{\"name\":\"x\",\"status\":1,\"extra\":1}").getStatus())
        .isEqualTo(400);
    assertThat(stored(id).name()).isEqualTo("spring");
  }

  @Test
  void aCampaignNotInStopMayOnlyBeRenamed() {
    String id = create();
    String other = body(API.post("/v1/plans", "{\"name\":\"p2\"}")).path("id").asText();
    API.setStatus(id, CampaignStatus.START.code());
    Response rename =
        API.put(
            "/v1/campaigns/" + id, campaignJson(",\"detail\":\"d\"").replace("spring", "summer"));
    assertThat(rename.getStatus()).isEqualTo(200);
    Response replan = API.put("/v1/campaigns/" + id, campaignJson("").replace(plan, other));
    assertThat(replan.getStatus()).isEqualTo(409);
    JsonNode e = body(replan);
    assertThat(e.path("message").asText())
        .isEqualTo(
            "cannot change the plan, destination, dlma,"
                + " schedule or nextCampaign of a campaign in START: stop it first");
    assertThat(e.path("campaigns").toString()).isEqualTo("[\"" + id + "\"]");
    assertThat(e.path("currentStatusName").asText()).isEqualTo("START");
    Response reschedule =
        API.put("/v1/campaigns/" + id, campaignJson(",\"schedule\":{\"mode\":0}"));
    assertThat(reschedule.getStatus()).isEqualTo(409);
    assertThat(stored(id).planId()).isEqualTo(plan);
    assertThat(stored(id).name()).isEqualTo("summer");
  }

  @Test
  void deleteIsSoftAndOnlyInStop() {
    String id = create();
    API.setStatus(id, CampaignStatus.PAUSE.code());
    Response refused = API.delete("/v1/campaigns/" + id);
    assertThat(refused.getStatus()).isEqualTo(409);
    JsonNode e = body(refused);
    assertThat(e.path("message").asText())
        .isEqualTo("cannot delete a campaign in PAUSE: stop it first");
    assertThat(e.path("campaigns").get(0).asText()).isEqualTo(id);
    assertThat(e.path("currentStatus").asInt()).isEqualTo(2);

    API.setStatus(id, CampaignStatus.STOP.code());
    assertThat(API.delete("/v1/campaigns/" + id).getStatus()).isEqualTo(204);
    assertThat(API.hasRow("campaign", id)).isTrue();
    assertThat(API.get("/v1/campaigns/" + id).getStatus()).isEqualTo(404);
    assertThat(API.delete("/v1/campaigns/" + id).getStatus()).isEqualTo(404);
    assertThat(API.request("/v1/campaigns/" + id + "/start").post(null).getStatus()).isEqualTo(404);
    Response ref = API.post("/v1/campaigns", campaignJson(",\"nextCampaign\":\"" + id + "\""));
    assertThat(rule(body(ref), "nextCampaign")).isEqualTo("campaign " + id + " does not exist");
    assertThat(body(API.get("/v1/campaigns")).path("items")).isEmpty();
  }

  @Test
  void theNextCampaignOfARunningCampaignCannotBeDeleted() {
    String next = create();
    String first = create(",\"nextCampaign\":\"" + next + "\"");
    API.setStatus(first, CampaignStatus.START.code());
    Response r = API.delete("/v1/campaigns/" + next);
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(body(r).path("campaigns").toString()).isEqualTo("[\"" + first + "\"]");
    API.setStatus(first, CampaignStatus.STOP.code());
    assertThat(API.delete("/v1/campaigns/" + next).getStatus()).isEqualTo(204);
  }

  // ---- operator actions --------------------------------------------------------------------

  @Test
  void startExecutesTheUpdateAndAnswersTheStatusTheWorkflowMovesTo() {
    String id = create();
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(202);
    JsonNode s = body(r);
    assertThat(s.path("id").asText()).isEqualTo(id);
    assertThat(s.path("status").asInt()).isEqualTo(11);
    assertThat(s.path("statusName").asText()).isEqualTo("STARTING");
    assertThat(s.path("workflowId").asText()).isEqualTo("campaign-" + id);
    assertThat(s.path("temporalUiUrl").asText()).endsWith("/workflows/campaign-" + id);
    FakeCampaignRuns.Call call = API.runs.calls("start").get(0);
    assertThat(call.name()).isEqualTo("spring");
    assertThat(call.action().requestedBy()).isEqualTo("api");
    assertThat(call.action().requestedAtMs()).isEqualTo(ApiResources.NOW.toEpochMilli());
    assertThat(call.action().reason()).isNull();
    // The API does not write the status: the workflow mirrors it.
    assertThat(stored(id).status()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "STOP, start, 202, STARTING",
    "PAUSE, start, 202, STARTING",
    "START, start, 409, START",
    "START, stop, 202, STOPPING",
    "STOP, stop, 409, STOP",
    "START, pause, 202, PAUSING",
    "STOP, pause, 409, STOP",
    "START, force-stop, 202, STOPPING_FORCEDLY",
    "STOP, force-stop, 409, STOP",
    "STOPPING, force-stop, 202, STOPPING_FORCEDLY",
  })
  void everyActionAnswersTheNewStatusOrA409WithTheCurrentOne(
      CampaignStatus from, String action, int status, CampaignStatus expected) {
    String id = create();
    API.runs.workflows.put(id, from);
    Response r = API.request("/v1/campaigns/" + id + "/" + action).post(null);
    assertThat(r.getStatus()).isEqualTo(status);
    JsonNode b = body(r);
    if (status == 202) {
      assertThat(b.path("status").asInt()).isEqualTo(expected.code());
      assertThat(b.path("statusName").asText()).isEqualTo(expected.name());
    } else {
      assertThat(b.path("status").asInt()).isEqualTo(409);
      assertThat(b.path("message").asText())
          .isEqualTo("cannot " + action + " a campaign in " + expected.name());
      assertThat(b.path("currentStatus").asInt()).isEqualTo(expected.code());
      assertThat(b.path("currentStatusName").asText()).isEqualTo(expected.name());
      assertThat(b.has("nextOpening")).isFalse();
    }
  }

  @Test
  void aManualStartOutsideTheWindowsIs409WithTheNextOpening() {
    String id = create();
    API.runs.windowClosedUntilMs = Instant.parse("2030-01-02T08:00:00Z").toEpochMilli();
    Response r = API.request("/v1/campaigns/" + id + "/start").post(null);
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("cannot start a campaign in STOP");
    assertThat(e.path("currentStatusName").asText()).isEqualTo("STOP");
    assertThat(e.path("nextOpening").asText()).isEqualTo("2030-01-02T08:00:00Z");
    assertThat(e.path("reason").asText()).isEqualTo("outside the calling windows");
  }

  @Test
  void reasonAndOperatorAreRecorded() {
    String id = create();
    Response r =
        API.request("/v1/campaigns/" + id + "/start")
            .header("X-Operator", "alice")
            .post(Entity.json("{\"reason\":\"morning shift: go\"}"));
    assertThat(r.getStatus()).isEqualTo(202);
    FakeCampaignRuns.Call call = API.runs.calls("start").get(0);
    assertThat(call.action().requestedBy()).isEqualTo("alice");
    assertThat(call.action().reason()).isEqualTo("morning shift: go");
  }

  @Test
  void badOperatorsAndReasonsAre422AndNothingIsAsked() {
    String id = create();
    Response longOp =
        API.request("/v1/campaigns/" + id + "/stop")
            .header("X-Operator", "o".repeat(65))
            .post(null);
    assertThat(longOp.getStatus()).isEqualTo(422);
    assertThat(rule(body(longOp), "X-Operator")).isEqualTo("must be at most 64 characters");
    Response blank =
        API.request("/v1/campaigns/" + id + "/stop").header("X-Operator", " ").post(null);
    assertThat(rule(body(blank), "X-Operator")).isEqualTo("must not be blank when sent");
    Response crlf = API.post("/v1/campaigns/" + id + "/pause", "{\"reason\":\"a\\r\\nb\"}");
    assertThat(crlf.getStatus()).isEqualTo(422);
    assertThat(rule(body(crlf), "reason"))
        .isEqualTo("must not contain CR, LF or other control characters");
    Response tooLong =
        API.post("/v1/campaigns/" + id + "/pause", "{\"reason\":\"" + "r".repeat(1025) + "\"}");
    assertThat(rule(body(tooLong), "reason")).startsWith("must be at most 941 characters");
    Response unknown = API.post("/v1/campaigns/" + id + "/start", "{\"why\":\"x\"}");
    assertThat(unknown.getStatus()).isEqualTo(400);
    assertThat(rule(body(unknown), "why")).isEqualTo("is not a known field");
    assertThat(API.runs.calls("stop")).isEmpty();
    assertThat(API.runs.calls("pause")).isEmpty();
    assertThat(API.runs.calls("start")).isEmpty();
  }

  @Test
  void aReasonLeavesRoomInTheStatusReasonForWhoAskedAndWhat() {
    // The workflow writes "force stopped by <operator>: <reason>" into status_reason,
    // VARCHAR(1024): a reason of 1,010 characters made that write fail for ever.
    assertThat(CampaignResource.REASON_MAX)
        .isEqualTo(
            1024 - "force stopped by ".length() - OperatorAction.REQUESTED_BY_MAX - ": ".length())
        .isEqualTo(941);
    String id = create();
    for (String action : new String[] {"stop", "pause", "force-stop", "start"}) {
      Response r =
          API.post(
              "/v1/campaigns/" + id + "/" + action, "{\"reason\":\"" + "r".repeat(1010) + "\"}");
      assertThat(r.getStatus()).as(action).isEqualTo(422);
      assertThat(rule(body(r), "reason"))
          .isEqualTo(
              "must be at most 941 characters (the"
                  + " campaign's status reason holds 1024 characters with who asked and what)");
    }
    assertThat(API.runs.calls).extracting(FakeCampaignRuns.Call::what).containsOnly("create");
    // The longest reason, from the longest operator, counted in characters (an emoji is one).
    String reason = "\uD83D\uDE00".repeat(941);
    String operator = "o".repeat(OperatorAction.REQUESTED_BY_MAX);
    Response longest =
        API.request("/v1/campaigns/" + id + "/start")
            .header("X-Operator", operator)
            .post(Entity.json("{\"reason\":\"" + reason + "\"}"));
    assertThat(longest.getStatus()).isEqualTo(202);
    OperatorAction sent = API.runs.calls("start").get(0).action();
    assertThat(sent.reason()).isEqualTo(reason);
    String statusReason = "force stopped by " + sent.requestedBy() + ": " + sent.reason();
    assertThat(statusReason.codePointCount(0, statusReason.length()))
        .isEqualTo(Column.CAMPAIGN_STATUS_REASON.max);
    assertThat(Column.CAMPAIGN_STATUS_REASON.fits(statusReason)).isTrue();
    Response oneMore =
        API.post("/v1/campaigns/" + id + "/pause", "{\"reason\":\"" + reason + "r\"}");
    assertThat(oneMore.getStatus()).isEqualTo(422);
  }

  @Test
  void theOperatorHeaderIsAtMost64CharactersWithoutControlCharacters() {
    String id = create();
    Response longOp =
        API.request("/v1/campaigns/" + id + "/pause")
            .header("X-Operator", "o".repeat(65))
            .post(null);
    assertThat(longOp.getStatus()).isEqualTo(422);
    assertThat(rule(body(longOp), "X-Operator")).isEqualTo("must be at most 64 characters");
    // A tab passed the old check, and would hide in the history and the status reason.
    Response tab =
        API.request("/v1/campaigns/" + id + "/pause").header("X-Operator", "ali\tce").post(null);
    assertThat(tab.getStatus()).isEqualTo(422);
    assertThat(rule(body(tab), "X-Operator")).isEqualTo("must not contain control characters");
    assertThat(API.runs.calls("pause")).isEmpty();
    Response ok =
        API.request("/v1/campaigns/" + id + "/start")
            .header("X-Operator", "o".repeat(64))
            .post(null);
    assertThat(ok.getStatus()).isEqualTo(202);
    assertThat(API.runs.calls("start").get(0).action().requestedBy()).isEqualTo("o".repeat(64));
  }

  @Test
  void anActionWhileTemporalIsDownIs503() {
    String id = create();
    API.runs.unavailable = true;
    for (String action : new String[] {"start", "stop", "pause", "force-stop"}) {
      Response r = API.request("/v1/campaigns/" + id + "/" + action).post(null);
      assertThat(r.getStatus()).isEqualTo(503);
      assertThat(body(r).path("message").asText()).startsWith("Temporal is unavailable");
    }
    assertThat(stored(id).status()).isZero();
  }

  @Test
  void aFailingWorkflowShowsAsTheCampaignsProblemAndItsActionsAre409WithIt() {
    String id = create();
    JsonNode before = body(API.get("/v1/campaigns/" + id));
    assertThat(before.path("problem").isNull()).as(before.toString()).isTrue();
    API.runs.problem =
        CampaignProblem.activity(
            "campaign-" + id,
            "SetCampaignStatus",
            7,
            "the database refused the write: Data too long for column 'status_reason'",
            "http://ui");
    // A read's problem is at most CampaignReads.MAX_AGE old.
    await()
        .atMost(java.time.Duration.ofSeconds(5))
        .until(() -> !body(API.get("/v1/campaigns/" + id)).path("problem").isNull());
    JsonNode problem = body(API.get("/v1/campaigns/" + id)).path("problem");
    assertThat(problem.path("message").asText())
        .isEqualTo(
            "SetCampaignStatus of campaign-"
                + id
                + " has failed 6 times: the database refused the write: Data too long for column"
                + " 'status_reason'");
    assertThat(problem.path("activity").asText()).isEqualTo("SetCampaignStatus");
    assertThat(problem.path("attempt").asInt()).isEqualTo(7);
    Response r = API.request("/v1/campaigns/" + id + "/stop").post(null);
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode error = body(r);
    assertThat(error.path("message").asText())
        .startsWith(
            "the campaign's workflow did not take"
                + " the stop because it is failing: SetCampaignStatus of campaign-"
                + id);
    assertThat(error.path("problem").path("lastError").asText()).contains("Data too long");
  }

  @Test
  void actionsOnUnknownCampaignsAre404() {
    for (String action : new String[] {"start", "stop", "pause", "force-stop", "dialings"}) {
      Response r =
          action.equals("dialings")
              ? API.get("/v1/campaigns/" + MISSING + "/dialings")
              : API.request("/v1/campaigns/" + MISSING + "/" + action).post(null);
      assertThat(r.getStatus()).as(action).isEqualTo(404);
      assertThat(body(r).path("message").asText())
          .isEqualTo("campaign " + MISSING + " does not exist");
    }
    assertThat(API.get("/v1/campaigns/" + MISSING).getStatus()).isEqualTo(404);
    assertThat(API.get("/v1/campaigns/nope").getStatus()).isEqualTo(404);
    assertThat(API.runs.calls).isEmpty();
  }

  // ---- dialings ----------------------------------------------------------------------------

  @Test
  void dialingsAreTheAttemptsNotSettledWithNames() {
    String id = create();
    String entry = API.database.entries().entriesOf(dlma).get(0).id();
    Instant t = Instant.parse("2030-01-02T03:00:00.125Z");
    API.insertAttempt(
        new AttemptRow(
            "a0000000-0000-4000-8000-000000000001",
            id,
            entry,
            1,
            "1",
            1,
            AttemptState.ORIGINATE_SENT,
            3,
            null,
            null,
            t,
            t.plusMillis(10)));
    API.insertAttempt(
        new AttemptRow(
            "a0000000-0000-4000-8000-000000000002",
            id,
            entry,
            1,
            "1",
            1,
            AttemptState.SETTLED,
            6,
            null,
            null,
            t,
            t));
    API.insertAttempt(
        new AttemptRow(
            "a0000000-0000-4000-8000-000000000003",
            id,
            entry,
            2,
            "2",
            1,
            AttemptState.RESERVED,
            0,
            null,
            null,
            t,
            null));
    JsonNode page = body(API.get("/v1/campaigns/" + id + "/dialings"));
    assertThat(page.path("items")).hasSize(2);
    JsonNode d = page.path("items").get(0);
    assertThat(d.path("id").asText()).isEqualTo("a0000000-0000-4000-8000-000000000001");
    assertThat(d.path("entryId").asText()).isEqualTo(entry);
    assertThat(d.path("state").asText()).isEqualTo("ORIGINATE_SENT");
    assertThat(d.path("dialingStatus").asInt()).isEqualTo(3);
    assertThat(d.path("dialingStatusName").asText()).isEqualTo("CHANNEL_CREATE");
    assertThat(d.path("createdAt").asText()).isEqualTo("2030-01-02T03:00:00.125Z");
    assertThat(d.path("originateAt").asText()).isEqualTo("2030-01-02T03:00:00.135Z");
    assertThat(page.path("items").get(1).path("originateAt").isNull()).isTrue();
    assertThat(body(API.get("/v1/campaigns/" + id)).path("counts").path("inFlight").asLong())
        .isEqualTo(2);
    JsonNode one = body(API.get("/v1/campaigns/" + id + "/dialings?limit=1"));
    assertThat(one.path("items")).hasSize(1);
    assertThat(one.path("nextOffset").asInt()).isEqualTo(1);
  }
}
