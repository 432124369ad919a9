package io.outdial.api.destinations;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.store.Rows.DestinationRow;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class DestinationResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  @BeforeEach
  void reset() {
    API.reset();
  }

  /** The destination as stored. */
  private static DestinationRow stored(String id) {
    return API.database.catalogue().findDestination(id).orElseThrow();
  }

  @Test
  void createsAnExtensionDestination() {
    Response r =
        API.post(
            "/v1/destinations",
            "{\"name\":\"ivr\",\"type\":0,\"context\":\"outdial-answered\",\"exten\":\"s\",\"priority\":\"1\"}");
    assertThat(r.getStatus()).isEqualTo(201);
    JsonNode d = body(r);
    assertThat(d.path("type").asInt()).isZero();
    assertThat(d.path("typeName").asText()).isEqualTo("EXTENSION");
    assertThat(body(API.request("/v1/destinations/" + d.path("id").asText()).get())).isEqualTo(d);
  }

  @Test
  void createsAnApplicationDestinationByTypeName() {
    JsonNode d =
        body(
            API.post(
                "/v1/destinations",
                "{\"name\":\"sales\",\"type\":\"APPLICATION\",\"application\":\"Queue\",\"data\":\"sales\","
                    + "\"variables\":{\"QUEUE_PRIO\":\"5\"}}"));
    assertThat(d.path("type").asInt()).isEqualTo(1);
    assertThat(d.path("typeName").asText()).isEqualTo("APPLICATION");
    assertThat(d.path("application").asText()).isEqualTo("Queue");
    JsonNode park =
        body(
            API.post(
                "/v1/destinations", "{\"name\":\"park\",\"type\":1,\"application\":\"Park\"}"));
    assertThat(park.path("data").isNull()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"d\"}                                               | type        | is required",
        "{\"name\":\"d\",\"type\":2}                                    | type        | must be one of 0 (EXTENSION), 1 (APPLICATION)",
        "{\"name\":\"d\",\"type\":0,\"exten\":\"s\",\"priority\":\"1\"} | context     | is required",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"priority\":\"1\"} | exten     | is required",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\"}  | priority    | is required",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c d\",\"exten\":\"s\",\"priority\":\"1\"} | context | must match ^[A-Za-z0-9_.\\-]+$",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\\r\\n\",\"priority\":\"1\"} | exten | must not contain CR, LF or other control characters",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"1\",\"application\":\"Park\"} | application | must be absent when type is EXTENSION",
        "{\"name\":\"d\",\"type\":1}                                    | application | is required",
        "{\"name\":\"d\",\"type\":1,\"application\":\"Queue\"}          | data        | is required when application is Queue (the queue name)",
        "{\"name\":\"d\",\"type\":1,\"application\":\"Queue(x)\",\"data\":\"q\"} | application | must match ^[A-Za-z][A-Za-z0-9_]*$",
        "{\"name\":\"d\",\"type\":1,\"application\":\"Park\",\"exten\":\"s\"} | exten    | must be absent when type is APPLICATION",
        "{\"name\":\"d\",\"type\":1,\"application\":\"Park\",\"data\":\"a\\nb\"} | data     | must not contain CR, LF or other control characters",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"start\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"0\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"01\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"-1\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"2147483648\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
        "{\"name\":\"d\",\"type\":0,\"context\":\"c\",\"exten\":\"s\",\"priority\":\"99999999999\"} | priority | must be a whole number from 1 to 2147483647 (priority labels are not supported)",
      })
  void refusesBrokenRules(String json, String field, String ruleText) {
    Response r = API.post("/v1/destinations", json);
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), field)).isEqualTo(ruleText);
    assertThat(API.rows("destination")).isZero();
  }

  @Test
  void aPriorityIsAWholeNumberBecauseLabelsWouldFailEveryCall() {
    // "start" passed the old pattern and then failed the Originate activity's parseInt.
    Response label = API.post("/v1/destinations", extension("c", "s", "start"));
    assertThat(label.getStatus()).isEqualTo(422);
    assertThat(rule(body(label), "priority"))
        .isEqualTo(
            "must be a whole number from 1 to" + " 2147483647 (priority labels are not supported)");
    for (String p : new String[] {"1", "2", "2147483647"}) {
      Response r = API.post("/v1/destinations", extension("c", "s", p));
      assertThat(r.getStatus()).as(p).isEqualTo(201);
      assertThat(body(r).path("priority").asText()).isEqualTo(p);
    }
  }

  @Test
  void contextAndExtenAreAtMost79CharactersAsAsteriskKeepsThem() {
    assertThat(
            API.post("/v1/destinations", extension("c".repeat(79), "s".repeat(79), "1"))
                .getStatus())
        .isEqualTo(201);
    JsonNode e = body(API.post("/v1/destinations", extension("c".repeat(80), "s".repeat(80), "1")));
    assertThat(rule(e, "context"))
        .isEqualTo("must be at most 79 characters (Asterisk's longest context name)");
    assertThat(rule(e, "exten"))
        .isEqualTo("must be at most 79 characters (Asterisk's longest extension)");
    assertThat(API.rows("destination")).isEqualTo(1);
  }

  @Test
  void applicationDataMustFitOneAmiLineInBytes() {
    // "Data: <value>\r\n" within 1024 bytes: 1016 bytes, less than the column's 1024 characters.
    String emoji = "\uD83D\uDE00";
    Response ok = API.post("/v1/destinations", application(emoji.repeat(254)));
    assertThat(ok.getStatus()).isEqualTo(201);
    assertThat(body(ok).path("data").asText()).isEqualTo(emoji.repeat(254));
    assertThat(API.post("/v1/destinations", application("d".repeat(1016))).getStatus())
        .isEqualTo(201);
    for (String tooLong : new String[] {emoji.repeat(255), "d".repeat(1017)}) {
      Response r = API.post("/v1/destinations", application(tooLong));
      assertThat(r.getStatus()).isEqualTo(422);
      assertThat(rule(body(r), "data"))
          .isEqualTo(
              "must be at most 1016 bytes of UTF-8 (it is"
                  + " sent as the AMI header line \"Data: <value>\", and Asterisk reads at most 1024"
                  + " bytes a line)");
    }
    assertThat(API.rows("destination")).isEqualTo(2);
  }

  static String extension(String context, String exten, String priority) {
    return "{\"name\":\"d\",\"type\":0,\"context\":\""
        + context
        + "\",\"exten\":\""
        + exten
        + "\",\"priority\":\""
        + priority
        + "\"}";
  }

  static String application(String data) {
    return "{\"name\":\"d\",\"type\":1,\"application\":\"Park\",\"data\":\"" + data + "\"}";
  }

  @Test
  void unknownDestinationIs404() {
    Response r = API.request("/v1/destinations/0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e").get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).startsWith("destination ");
  }

  @Test
  void listsReplacesAndDeletes() {
    String a =
        body(API.post("/v1/destinations", "{\"name\":\"a\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    API.post("/v1/destinations", "{\"name\":\"b\",\"type\":1,\"application\":\"Park\"}");
    JsonNode page = body(API.get("/v1/destinations"));
    assertThat(page.path("items")).hasSize(2);
    assertThat(page.path("items").get(0).path("typeName").asText()).isEqualTo("APPLICATION");

    com.fasterxml.jackson.databind.node.ObjectNode read =
        (com.fasterxml.jackson.databind.node.ObjectNode) body(API.get("/v1/destinations/" + a));
    read.put("type", "EXTENSION")
        .put("typeName", "ignored")
        .put("context", "c")
        .put("exten", "100")
        .put("priority", "1")
        .remove("application");
    Response r = API.put("/v1/destinations/" + a, read.toString());
    assertThat(r.getStatus()).as("%s", r.readEntity(String.class)).isEqualTo(200);
    assertThat(stored(a).type()).isZero();
    assertThat(stored(a).application()).isNull();

    assertThat(API.delete("/v1/destinations/" + a).getStatus()).isEqualTo(204);
    assertThat(API.get("/v1/destinations/" + a).getStatus()).isEqualTo(404);
    assertThat(body(API.get("/v1/destinations")).path("items")).hasSize(1);
  }

  @Test
  void aDestinationUsedByACampaignNotInStopCannotBeRedirectedOrDeleted() {
    String d =
        body(API.post("/v1/destinations", "{\"name\":\"a\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String c =
        body(API.post(
                "/v1/campaigns",
                "{\"name\":\"c\",\"plan\":\""
                    + plan
                    + "\",\"destination\":\""
                    + d
                    + "\",\"dlma\":\""
                    + dlma
                    + "\"}"))
            .path("id")
            .asText();
    API.setStatus(c, 12);
    assertThat(
            API.put(
                    "/v1/destinations/" + d,
                    "{\"name\":\"renamed\",\"type\":1,\"application\":\"Park\"}")
                .getStatus())
        .isEqualTo(200);
    Response r =
        API.put(
            "/v1/destinations/" + d,
            "{\"name\":\"a\",\"type\":1,\"application\":\"Queue\",\"data\":\"q\"}");
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(body(r).path("campaigns").get(0).asText()).isEqualTo(c);
    assertThat(API.delete("/v1/destinations/" + d).getStatus()).isEqualTo(409);
    assertThat(stored(d).application()).isEqualTo("Park");
  }
}
