package io.outdial.api.plans;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.store.Column;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.AmiLimits;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class PlanResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  @BeforeEach
  void reset() {
    API.reset();
  }

  /** The plan as stored. */
  private static PlanRow stored(String id) {
    return API.database.catalogue().findPlan(id).orElseThrow();
  }

  @Test
  void createsWithDefaultsAndShowsNamesBesideCodes() {
    Response r = API.post("/v1/plans", "{\"name\":\"sales\"}");
    assertThat(r.getStatus()).isEqualTo(201);
    JsonNode p = body(r);
    assertThat(p.path("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/plans/" + p.path("id").asText());
    assertThat(p.path("dialMode").asInt()).isEqualTo(0);
    assertThat(p.path("dialModeName").asText()).isEqualTo("NONE");
    assertThat(p.path("dialTimeout").asInt()).isEqualTo(30000);
    assertThat(p.path("techName").asText()).isEqualTo("PJSIP/");
    assertThat(p.path("retryDelay").asInt()).isEqualTo(60);
    assertThat(p.path("maxRetry").toString()).isEqualTo("[5,5,5,5,5,5,5,5]");
    assertThat(p.path("serviceLevel").asInt()).isZero();
    assertThat(p.path("dlEndHandle").asInt()).isEqualTo(1);
    assertThat(p.path("dlEndHandleName").asText()).isEqualTo("STOP");
    assertThat(p.path("maxConcurrentCalls").isNull()).isTrue();
    assertThat(API.hasRow("plan", p.path("id").asText())).isTrue();

    JsonNode read = body(API.request("/v1/plans/" + p.path("id").asText()).get());
    assertThat(read).isEqualTo(p);
  }

  @Test
  void acceptsCodesByNameAndFillsMissingRetrySlots() {
    JsonNode p =
        body(
            API.post(
                "/v1/plans",
                """
        {"name":"p","dialMode":"PREDICTIVE","dlEndHandle":"keep","maxRetry":[1,2,3],
         "techName":"SIP/","trunkName":"carrier-1.eu","callerId":"\\"Sales\\" <100>",
         "variables":{"CAMPAIGN_KIND":"sales"},"maxConcurrentCalls":30,"callsPerSecond":2.5}"""));
    assertThat(p.path("dialMode").asInt()).isEqualTo(1);
    assertThat(p.path("dialModeName").asText()).isEqualTo("PREDICTIVE");
    assertThat(p.path("dlEndHandle").asInt()).isZero();
    assertThat(p.path("dlEndHandleName").asText()).isEqualTo("KEEP");
    assertThat(p.path("maxRetry").toString()).isEqualTo("[1,2,3,5,5,5,5,5]");
    assertThat(p.path("callsPerSecond").asDouble()).isEqualTo(2.5);
    assertThat(p.path("variables").path("CAMPAIGN_KIND").asText()).isEqualTo("sales");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"p\",\"dialTimeout\":999}                 | dialTimeout        | must be between 1000 and 600000",
        "{\"name\":\"p\",\"dialTimeout\":600001}              | dialTimeout        | must be between 1000 and 600000",
        "{\"name\":\"p\",\"retryDelay\":-1}                   | retryDelay         | must be between 0 and 604800",
        "{\"name\":\"p\",\"serviceLevel\":1001}               | serviceLevel       | must be between 0 and 1000",
        "{\"name\":\"p\",\"maxRetry\":[1,101]}                | maxRetry[1]        | must be between 0 and 100",
        "{\"name\":\"p\",\"maxRetry\":[1,1,1,1,1,1,1,1,1]}    | maxRetry           | must have at most 8 values",
        "{\"name\":\"p\",\"dialMode\":2}                      | dialMode           | must be one of 0 (NONE), 1 (PREDICTIVE)",
        "{\"name\":\"p\",\"dialMode\":\"FAST\"}               | dialMode           | must be one of 0 (NONE), 1 (PREDICTIVE)",
        "{\"name\":\"p\",\"dlEndHandle\":true}                | dlEndHandle        | must be one of 0 (KEEP), 1 (STOP)",
        "{\"name\":\"p\",\"techName\":\"PJSIP\"}              | techName           | must match ^[A-Za-z0-9]+/$",
        "{\"name\":\"p\",\"techName\":\"PJSIP/\\r\\n\"}       | techName           | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"trunkName\":\"a b\"}               | trunkName          | must match ^[A-Za-z0-9_.\\-]*$",
        "{\"name\":\"p\",\"callerId\":\"1\\nAction: Hangup\"} | callerId           | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"variables\":{\"a\":\"x\\ry\"}}     | variables.a        | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"variables\":{\"1a\":\"x\"}}        | variables.1a       | variable names must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most 80 characters",
        "{\"name\":\"p\",\"maxConcurrentCalls\":0}            | maxConcurrentCalls | must be between 1 and 10000",
        "{\"name\":\"p\",\"callsPerSecond\":0}                | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\"p\",\"callsPerSecond\":1000.5}           | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\" \"}                                     | name               | is required",
        "{\"detail\":\"x\"}                                   | name               | is required",
        "{\"name\":\"p\\n\"}                                  | name               | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"techName\":\"SIP:/\"}              | techName           | must match ^[A-Za-z0-9]+/$",
        "{\"name\":\"p\",\"trunkName\":\"t:1\"}               | trunkName          | must match ^[A-Za-z0-9_.\\-]*$",
        "{\"name\":\"p\",\"variables\":{\"A:B\":\"x\"}}     | variables.A:B      | variable names must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most 80 characters",
        "{\"name\":\"p\",\"dialTimeout\":-1}                   | dialTimeout        | must be between 1000 and 600000",
        "{\"name\":\"p\",\"retryDelay\":604801}                | retryDelay         | must be between 0 and 604800",
        "{\"name\":\"p\",\"maxRetry\":[-1]}                    | maxRetry[0]        | must be between 0 and 100",
        "{\"name\":\"p\",\"serviceLevel\":-1}                  | serviceLevel       | must be between 0 and 1000",
        "{\"name\":\"p\",\"maxConcurrentCalls\":10001}         | maxConcurrentCalls | must be between 1 and 10000",
        "{\"name\":\"p\",\"callsPerSecond\":-2.5}              | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\"p\",\"earlyMedia\":\"maybe\"}            | earlyMedia         | must be true, false, yes or no",
        "{\"name\":\"p\",\"codecs\":\"ulaw\\r\\nAction: x\"} | codecs            | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"codecs\":\"ulaw;alaw\"}            | codecs             | must match ^[A-Za-z0-9_]*(,[A-Za-z0-9_]+)*$",
        "{\"name\":\"p\",\"callerId\":\"x\\u0000\"}          | callerId           | must not contain CR, LF or other control characters",
        "{\"name\":\"p\",\"dialMode\":-1}                      | dialMode           | must be one of 0 (NONE), 1 (PREDICTIVE)",
        "{\"name\":\"p\",\"dlEndHandle\":\"\"}                | dlEndHandle        | must be one of 0 (KEEP), 1 (STOP)",
        "{\"name\":\"p\",\"dialMode\":[1]}                     | dialMode           | must be one of 0 (NONE), 1 (PREDICTIVE)",
        "{\"name\":\"p\",\"callsPerSecond\":5e-324}             | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\"p\",\"callsPerSecond\":0.0099}             | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\"p\",\"callsPerSecond\":1e400}              | callsPerSecond     | must be between 0.01 and 1000",
        "{\"name\":\"p\",\"techName\":\"\"}                   | techName           | must match ^[A-Za-z0-9]+/$",
      })
  void refusesBrokenRulesWith422NamingFieldAndRule(String json, String field, String ruleText) {
    Response r = API.post("/v1/plans", json);
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("status").asInt()).isEqualTo(422);
    assertThat(e.path("message").asText()).isEqualTo("invalid plan");
    assertThat(rule(e, field)).isEqualTo(ruleText);
    assertThat(API.rows("plan")).isZero();
  }

  // ---- limits: what the workflow, Asterisk and the schema take (issue 10) --------------------

  @Test
  void callsPerSecondIsFromOneHundredthToAThousandBothIncluded() {
    // 5e-324 is greater than 0, and made the workflow's pacing wait overflow its Duration.
    Response tiny = API.post("/v1/plans", "{\"name\":\"p\",\"callsPerSecond\":5e-324}");
    assertThat(tiny.getStatus()).isEqualTo(422);
    assertThat(rule(body(tiny), "callsPerSecond")).isEqualTo("must be between 0.01 and 1000");
    for (String cps : new String[] {"0.01", "1000", "1e3", "1000.0"}) {
      Response r = API.post("/v1/plans", "{\"name\":\"p\",\"callsPerSecond\":" + cps + "}");
      assertThat(r.getStatus()).as(cps).isEqualTo(201);
      assertThat(body(r).path("callsPerSecond").asDouble()).isEqualTo(Double.parseDouble(cps));
    }
    assertThat(API.rows("plan")).isEqualTo(4);
  }

  @Test
  void theTrunkNameKeepsEveryChannelWithinWhatAsteriskReads() {
    // <tech><number>@<trunk> with the longest number an entry holds: 6 + 64 + 1 + 184 = 255.
    int longest = AmiLimits.CHANNEL_BYTES - "PJSIP/".length() - Column.ENTRY_NUMBER.max - 1;
    assertThat(longest).isEqualTo(184);
    Response tooLong =
        API.post("/v1/plans", "{\"name\":\"p\",\"trunkName\":\"" + "t".repeat(250) + "\"}");
    assertThat(tooLong.getStatus()).isEqualTo(422);
    assertThat(rule(body(tooLong), "trunkName"))
        .isEqualTo(
            "must be at most 184 characters with"
                + " techName PJSIP/: the channel <tech><number>@<trunk>, with a number of up to 64"
                + " characters, must fit the 255 bytes Asterisk reads of an Originate's channel");
    assertThat(
            API.post(
                    "/v1/plans",
                    "{\"name\":\"p\",\"trunkName\":\"" + "t".repeat(longest + 1) + "\"}")
                .getStatus())
        .isEqualTo(422);
    Response ok =
        API.post("/v1/plans", "{\"name\":\"p\",\"trunkName\":\"" + "t".repeat(longest) + "\"}");
    assertThat(ok.getStatus()).isEqualTo(201);
    assertThat(body(ok).path("trunkName").asText()).hasSize(184);
    // A shorter technology leaves more to the trunk, a longer one less.
    assertThat(
            API.post(
                    "/v1/plans",
                    "{\"name\":\"p\",\"techName\":\"SIP/\",\"trunkName\":\""
                        + "t".repeat(longest + 2)
                        + "\"}")
                .getStatus())
        .isEqualTo(201);
    Response longTech =
        API.post(
            "/v1/plans",
            "{\"name\":\"p\",\"techName\":\""
                + "T".repeat(63)
                + "/\",\"trunkName\":\""
                + "t".repeat(longest)
                + "\"}");
    assertThat(longTech.getStatus()).isEqualTo(422);
    assertThat(rule(body(longTech), "trunkName")).startsWith("must be at most 126 characters");
    assertThat(API.rows("plan")).isEqualTo(2);
  }

  @Test
  void theCallerIdMustFitOneAmiLineInBytes() {
    // "CallerID: <value>\r\n" within 1024 bytes: 1012 bytes, so 253 emoji of 4 bytes.
    String fits = "\uD83D\uDE00".repeat(253);
    Response ok = API.post("/v1/plans", json("p", "callerId", fits));
    assertThat(ok.getStatus()).isEqualTo(201);
    assertThat(body(ok).path("callerId").asText()).isEqualTo(fits);
    Response tooLong = API.post("/v1/plans", json("p", "callerId", fits + "\uD83D\uDE00"));
    assertThat(tooLong.getStatus()).isEqualTo(422);
    assertThat(rule(body(tooLong), "callerId"))
        .isEqualTo(
            "must be at most 1012 bytes of UTF-8"
                + " (it is sent as the AMI header line \"CallerID: <value>\", and Asterisk reads at most"
                + " 1024 bytes a line)");
    assertThat(API.post("/v1/plans", json("p", "callerId", "c".repeat(255))).getStatus())
        .isEqualTo(201);
    assertThat(
            rule(body(API.post("/v1/plans", json("p", "callerId", "c".repeat(256)))), "callerId"))
        .isEqualTo("must be at most 255 characters");
  }

  @Test
  void variablesAreAtMost29AndEachFitsOneAmiLine() {
    // 100 variables of 1,000 characters: once accepted, then too long for the TEXT column.
    Response hundred = API.post("/v1/plans", variablesJson(100, 1000));
    assertThat(hundred.getStatus()).isEqualTo(422);
    assertThat(rule(body(hundred), "variables"))
        .isEqualTo(
            "must have at most 29 variables"
                + " (those of the plan, destination, dial list and entry all go into one Originate, and"
                + " Asterisk reads at most 128 headers of one action)");
    assertThat(API.post("/v1/plans", variablesJson(30, 1)).getStatus()).isEqualTo(422);
    // "Variable: V00=<value>\r\n" within 1024 bytes leaves 1008 bytes for the value.
    Response widest = API.post("/v1/plans", variablesJson(29, 1008));
    assertThat(widest.getStatus()).isEqualTo(201);
    assertThat(body(widest).path("variables").path("V28").asText()).hasSize(1008);
    Response wider =
        API.post(
            "/v1/plans", "{\"name\":\"p\",\"variables\":{\"V00\":\"" + "é".repeat(505) + "\"}}");
    assertThat(wider.getStatus()).isEqualTo(422);
    assertThat(rule(body(wider), "variables.V00"))
        .isEqualTo(
            "must be at most 1008 bytes of"
                + " UTF-8, counting a backslash before each \\ \" , ( ) [ ] (it is sent as the AMI"
                + " header line \"Variable: V00=<value>\", and Asterisk reads at most 1024 bytes a line)");
    assertThat(API.rows("plan")).isEqualTo(1);
  }

  /** A plan with {@code count} variables V00, V01 ... of {@code length} characters each. */
  static String variablesJson(int count, int length) {
    StringBuilder sb = new StringBuilder("{\"name\":\"p\",\"variables\":{");
    for (int i = 0; i < count; i++) {
      sb.append(i == 0 ? "" : ",")
          .append(String.format("\"V%02d\":\"", i))
          .append("v".repeat(length))
          .append('"');
    }
    return sb.append("}}").toString();
  }

  static String json(String name, String field, String value) {
    return "{\"name\":\"" + name + "\",\"" + field + "\":\"" + value + "\"}";
  }

  @Test
  void listsEveryBrokenRuleAtOnce() {
    JsonNode e = body(API.post("/v1/plans", "{\"dialTimeout\":1,\"retryDelay\":-5}"));
    assertThat(e.path("errors")).hasSize(3);
  }

  @Test
  void unknownFieldIs400NamingIt() {
    Response r = API.post("/v1/plans", "{\"name\":\"p\",\"dialTimeOut\":1000}");
    assertThat(r.getStatus()).isEqualTo(400);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).contains("dialTimeOut");
    assertThat(rule(e, "dialTimeOut")).isEqualTo("is not a known field");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"p\",\"dialTimeout\":\"30000\"}   | dialTimeout | must be an integer",
        "{\"name\":\"p\",\"dialTimeout\":1000.5}      | dialTimeout | must be an integer",
        "{\"name\":\"p\",\"maxRetry\":{}}         | maxRetry    | must be an array",
        "{\"name\":\"p\",\"maxRetry\":[1,\"x\"]}      | maxRetry[1] | must be an integer",
        "{\"name\":\"p\",\"variables\":{\"A\":1}}     | variables.A | must be a string",
        "{\"name\":17}                                | name        | must be a string",
        "{\"name\":\"p\",\"dialTimeout\":99999999999} | dialTimeout | is out of range",
      })
  void wrongTypeIs400NamingTheField(String json, String field, String ruleText) {
    Response r = API.post("/v1/plans", json);
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(rule(body(r), field)).isEqualTo(ruleText);
  }

  @Test
  void malformedJsonIs400() {
    Response r = API.post("/v1/plans", "{\"name\": \"p\",");
    assertThat(r.getStatus()).isEqualTo(400);
    JsonNode e = body(r);
    assertThat(e.path("status").asInt()).isEqualTo(400);
    assertThat(e.path("message").asText()).startsWith("malformed JSON");
  }

  @Test
  void missingBodyIs400() {
    assertThat(API.post("/v1/plans", "").getStatus()).isEqualTo(400);
    assertThat(body(API.post("/v1/plans", "null")).path("message").asText())
        .isEqualTo("a JSON body is required");
  }

  @Test
  void unknownPlanIs404NamingKindAndId() {
    String id = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";
    Response r = API.request("/v1/plans/" + id).get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).isEqualTo("plan " + id + " does not exist");
    assertThat(API.request("/v1/plans/not-a-uuid").get().getStatus()).isEqualTo(404);
  }

  // ---- list, replace, delete ---------------------------------------------------------------

  private String campaignUsing(String plan, io.outdial.workflows.CampaignStatus status) {
    String dest =
        body(API.post("/v1/destinations", "{\"name\":\"d\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String id =
        body(API.post(
                "/v1/campaigns",
                "{\"name\":\"c\",\"plan\":\""
                    + plan
                    + "\",\"destination\":\""
                    + dest
                    + "\",\"dlma\":\""
                    + dlma
                    + "\"}"))
            .path("id")
            .asText();
    API.setStatus(id, status.code());
    return id;
  }

  @Test
  void listsPlansPaged() {
    for (int i = 0; i < 3; i++) {
      API.post("/v1/plans", "{\"name\":\"p" + i + "\"}");
    }
    JsonNode page = body(API.get("/v1/plans?limit=2"));
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("p0");
    assertThat(page.path("items").get(0).path("dialModeName").asText()).isEqualTo("NONE");
    assertThat(page.path("nextOffset").asInt()).isEqualTo(2);
    assertThat(body(API.get("/v1/plans?offset=2")).path("items").get(0).path("name").asText())
        .isEqualTo("p2");
    assertThat(body(API.get("/v1/plans?limit=0")).path("status").asInt()).isEqualTo(422);
  }

  @Test
  void putReplacesEveryFieldAndIgnoresReadOnlyOnes() {
    JsonNode p =
        body(API.post("/v1/plans", "{\"name\":\"p\",\"dialTimeout\":20000,\"maxRetry\":[2]}"));
    String id = p.path("id").asText();
    com.fasterxml.jackson.databind.node.ObjectNode changed = p.deepCopy();
    changed.put("dialMode", "PREDICTIVE").put("dialModeName", "WHATEVER").put("id", "x");
    Response r = API.put("/v1/plans/" + id, changed.toString());
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode u = body(r);
    assertThat(u.path("id").asText()).isEqualTo(id);
    assertThat(u.path("dialModeName").asText()).isEqualTo("PREDICTIVE");
    assertThat(u.path("dialTimeout").asInt()).isEqualTo(20000);
    // A PUT is a full replacement: what is left out takes its default.
    JsonNode minimal = body(API.put("/v1/plans/" + id, "{\"name\":\"p\"}"));
    assertThat(minimal.path("dialTimeout").asInt()).isEqualTo(30000);
    assertThat(minimal.path("maxRetry").toString()).isEqualTo("[5,5,5,5,5,5,5,5]");
    Response bad = API.put("/v1/plans/" + id, "{\"name\":\"p\",\"dialTimeout\":5}");
    assertThat(bad.getStatus()).isEqualTo(422);
    assertThat(stored(id).dialTimeoutMs()).isEqualTo(30000);
    assertThat(
            API.put("/v1/plans/0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e", "{\"name\":\"p\"}")
                .getStatus())
        .isEqualTo(404);
  }

  @Test
  void aPlanUsedByACampaignNotInStopOnlyChangesItsNameAndDetail() {
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String running = campaignUsing(plan, io.outdial.workflows.CampaignStatus.STOPPING);
    campaignUsing(plan, io.outdial.workflows.CampaignStatus.STOP);
    assertThat(API.put("/v1/plans/" + plan, "{\"name\":\"renamed\",\"detail\":\"d\"}").getStatus())
        .isEqualTo(200);
    Response r = API.put("/v1/plans/" + plan, "{\"name\":\"renamed\",\"dialTimeout\":20000}");
    assertThat(r.getStatus()).isEqualTo(409);
    JsonNode e = body(r);
    assertThat(e.path("message").asText())
        .isEqualTo(
            "cannot change plan "
                + plan
                + ": campaigns that are not stopped use it ("
                + running
                + "); stop them first");
    assertThat(e.path("campaigns").toString()).isEqualTo("[\"" + running + "\"]");
    Response d = API.delete("/v1/plans/" + plan);
    assertThat(d.getStatus()).isEqualTo(409);
    assertThat(body(d).path("campaigns").get(0).asText()).isEqualTo(running);
    assertThat(stored(plan).dialTimeoutMs()).isEqualTo(30000);
    assertThat(stored(plan).name()).isEqualTo("renamed");

    API.setStatus(running, 0);
    assertThat(API.delete("/v1/plans/" + plan).getStatus()).isEqualTo(204);
    assertThat(API.get("/v1/plans/" + plan).getStatus()).isEqualTo(404);
    assertThat(API.put("/v1/plans/" + plan, "{\"name\":\"x\"}").getStatus()).isEqualTo(404);
    assertThat(API.delete("/v1/plans/" + plan).getStatus()).isEqualTo(404);
    assertThat(body(API.get("/v1/plans")).path("items")).isEmpty();
    assertThat(API.hasRow("plan", plan)).isTrue();
  }
}
