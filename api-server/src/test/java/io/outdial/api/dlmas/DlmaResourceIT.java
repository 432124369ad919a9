package io.outdial.api.dlmas;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.workflows.CampaignStatus;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dial list masters: CRUD, and the rules about lists in use. Entries: EntryResourceIT. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DlmaResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String MISSING = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";

  private String dlma;

  @BeforeEach
  void createList() {
    API.reset();
    Response r = API.post("/v1/dlmas", "{\"name\":\"march\",\"variables\":{\"LIST\":\"march\"}}");
    assertThat(r.getStatus()).isEqualTo(201);
    dlma = body(r).path("id").asText();
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/dlmas/" + dlma);
  }

  private String campaignUsingList(CampaignStatus status) {
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String dest =
        body(API.post(
                "/v1/destinations",
                "{\"name\":\"d\",\"type\":\"APPLICATION\",\"application\":\"Park\"}"))
            .path("id")
            .asText();
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
  void theDetailIsCountedInBytesAsItsTextColumnCountsIt() {
    // 60,000 "é" are 60,000 characters but 120,000 bytes of UTF-8: too long for TEXT.
    Response tooLong =
        API.post("/v1/dlmas", "{\"name\":\"l\",\"detail\":\"" + "é".repeat(60_000) + "\"}");
    assertThat(tooLong.getStatus()).isEqualTo(422);
    assertThat(rule(body(tooLong), "detail")).isEqualTo("must be at most 65535 bytes of UTF-8");
    Response longest =
        API.post("/v1/dlmas", "{\"name\":\"l\",\"detail\":\"" + "é".repeat(32_767) + "a\"}");
    assertThat(longest.getStatus()).isEqualTo(201);
    assertThat(body(longest).path("detail").asText()).isEqualTo("é".repeat(32_767) + "a");
    assertThat(API.rows("dlma")).isEqualTo(2);
  }

  @Test
  void aHundredVariablesOfAThousandCharactersAreRefused() {
    StringBuilder vars = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      vars.append(i == 0 ? "" : ",")
          .append("\"V")
          .append(i)
          .append("\":\"")
          .append("v".repeat(1000))
          .append('"');
    }
    Response r = API.post("/v1/dlmas", "{\"name\":\"l\",\"variables\":{" + vars + "}}");
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), "variables")).startsWith("must have at most 29 variables");
    assertThat(API.rows("dlma")).isEqualTo(1);
  }

  @Test
  void readsTheList() {
    JsonNode d = body(API.get("/v1/dlmas/" + dlma));
    assertThat(d.path("id").asText()).isEqualTo(dlma);
    assertThat(d.path("name").asText()).isEqualTo("march");
    assertThat(d.path("variables").path("LIST").asText()).isEqualTo("march");
  }

  @Test
  void listsPaged() {
    API.post("/v1/dlmas", "{\"name\":\"april\"}");
    JsonNode page = body(API.get("/v1/dlmas?offset=1"));
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("items").get(0).path("name").asText()).isEqualTo("april");
    assertThat(page.path("offset").asInt()).isEqualTo(1);
    assertThat(page.path("limit").asInt()).isEqualTo(100);
    assertThat(page.path("nextOffset").isNull()).isTrue();
    assertThat(rule(body(API.get("/v1/dlmas?offset=x")), "offset"))
        .isEqualTo("must be an integer between 0 and 1000000000");
  }

  @Test
  void putReplacesAndIgnoresTheId() {
    ObjectNode read = (ObjectNode) body(API.get("/v1/dlmas/" + dlma));
    read.put("id", MISSING).put("name", "march v2").putObject("variables").put("LIST", "m2");
    Response r = API.put("/v1/dlmas/" + dlma, read.toString());
    assertThat(r.getStatus()).isEqualTo(200);
    JsonNode d = body(r);
    assertThat(d.path("id").asText()).isEqualTo(dlma);
    assertThat(d.path("name").asText()).isEqualTo("march v2");
    assertThat(d.path("variables").path("LIST").asText()).isEqualTo("m2");
    assertThat(API.put("/v1/dlmas/" + MISSING, "{\"name\":\"x\"}").getStatus()).isEqualTo(404);
  }

  @Test
  void aListInUseByACampaignNotInStopKeepsItsVariablesAndCannotBeDeleted() {
    String c = campaignUsingList(CampaignStatus.START);
    Response rename =
        API.put(
            "/v1/dlmas/" + dlma,
            "{\"name\":\"renamed\",\"detail\":\"d\",\"variables\":{\"LIST\":\"march\"}}");
    assertThat(rename.getStatus()).isEqualTo(200);
    Response vars = API.put("/v1/dlmas/" + dlma, "{\"name\":\"renamed\",\"variables\":{}}");
    assertThat(vars.getStatus()).isEqualTo(409);
    JsonNode e = body(vars);
    assertThat(e.path("message").asText())
        .isEqualTo(
            "cannot change dlma "
                + dlma
                + ": campaigns that are not stopped use it ("
                + c
                + "); stop them first");
    assertThat(e.path("campaigns").toString()).isEqualTo("[\"" + c + "\"]");
    Response del = API.delete("/v1/dlmas/" + dlma);
    assertThat(del.getStatus()).isEqualTo(409);
    assertThat(body(del).path("campaigns").get(0).asText()).isEqualTo(c);
    assertThat(API.database.catalogue().findDlma(dlma).orElseThrow().variables())
        .containsEntry("LIST", "march");
    assertThat(API.deletedRows()).isZero();

    API.setStatus(c, CampaignStatus.STOP.code());
    assertThat(API.delete("/v1/dlmas/" + dlma).getStatus()).isEqualTo(204);
  }

  @Test
  void aDeletedListIsGoneAndCannotBeReferenced() {
    assertThat(API.delete("/v1/dlmas/" + dlma).getStatus()).isEqualTo(204);
    assertThat(API.get("/v1/dlmas/" + dlma).getStatus()).isEqualTo(404);
    assertThat(API.get("/v1/dlmas/" + dlma + "/entries").getStatus()).isEqualTo(404);
    assertThat(API.post("/v1/dlmas/" + dlma + "/entries", "[{\"numbers\":[\"1\"]}]").getStatus())
        .isEqualTo(404);
    assertThat(API.delete("/v1/dlmas/" + dlma).getStatus()).isEqualTo(404);
    assertThat(body(API.get("/v1/dlmas")).path("items")).isEmpty();
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    Response r =
        API.post(
            "/v1/campaigns",
            "{\"name\":\"c\",\"plan\":\""
                + plan
                + "\",\"destination\":\""
                + MISSING
                + "\",\"dlma\":\""
                + dlma
                + "\"}");
    assertThat(rule(body(r), "dlma")).isEqualTo("dlma " + dlma + " does not exist");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"detail\":\"x\"}                                 | name           | is required",
        "{\"name\":\"a\\u0000b\"}                           | name           | must not contain CR, LF or other control characters",
        "{\"name\":\"l\",\"variables\":{\"A:B\":\"x\"}}     | variables.A:B  | variable names must match ^[A-Za-z_][A-Za-z0-9_]*$ and be at most 80 characters",
        "{\"name\":\"l\",\"variables\":{\"A\":\"x\\ny\"}}   | variables.A    | must not contain CR, LF or other control characters",
      })
  void refusesBrokenRules(String json, String field, String ruleText) {
    Response r = API.post("/v1/dlmas", json);
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), field)).isEqualTo(ruleText);
    assertThat(API.rows("dlma")).isEqualTo(1);
  }

  @Test
  void aColonInAVariableValueIsFine() {
    Response r =
        API.post("/v1/dlmas", "{\"name\":\"l\",\"variables\":{\"URL\":\"http://x:8080/a\"}}");
    assertThat(r.getStatus()).isEqualTo(201);
  }
}
