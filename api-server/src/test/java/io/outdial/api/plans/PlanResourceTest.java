package io.outdial.api.plans;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class PlanResourceTest {
  static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  @BeforeEach
  void reset() {
    API.reset();
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
    assertThat(API.store.plans).containsKey(p.path("id").asText());

    JsonNode read = body(API.request("/v1/plans/" + p.path("id").asText()).get());
    assertThat(read).isEqualTo(p);
  }

  @Test
  void acceptsCodesByNameAndFillsMissingRetrySlots() {
    JsonNode p = body(API.post("/v1/plans", """
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
  @CsvSource(delimiter = '|', value = {
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
      "{\"name\":\"p\",\"callsPerSecond\":0}                | callsPerSecond     | must be greater than 0 and at most 1000",
      "{\"name\":\"p\",\"callsPerSecond\":1000.5}           | callsPerSecond     | must be greater than 0 and at most 1000",
      "{\"name\":\" \"}                                     | name               | is required",
      "{\"detail\":\"x\"}                                   | name               | is required",
      "{\"name\":\"p\\n\"}                                  | name               | must not contain CR, LF or other control characters",
  })
  void refusesBrokenRulesWith422NamingFieldAndRule(String json, String field, String ruleText) {
    Response r = API.post("/v1/plans", json);
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("status").asInt()).isEqualTo(422);
    assertThat(e.path("message").asText()).isEqualTo("invalid plan");
    assertThat(rule(e, field)).isEqualTo(ruleText);
    assertThat(API.store.plans).isEmpty();
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
  @CsvSource(delimiter = '|', value = {
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
}
