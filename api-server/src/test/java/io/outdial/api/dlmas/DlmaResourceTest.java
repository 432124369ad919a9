package io.outdial.api.dlmas;

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

@ExtendWith(DropwizardExtensionsSupport.class)
class DlmaResourceTest {
  static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  private String dlma;

  @BeforeEach
  void createList() {
    API.reset();
    Response r = API.post("/v1/dlmas", "{\"name\":\"march\",\"variables\":{\"LIST\":\"march\"}}");
    assertThat(r.getStatus()).isEqualTo(201);
    dlma = body(r).path("id").asText();
  }

  @Test
  void readsTheList() {
    JsonNode d = body(API.request("/v1/dlmas/" + dlma).get());
    assertThat(d.path("name").asText()).isEqualTo("march");
    assertThat(d.path("variables").path("LIST").asText()).isEqualTo("march");
  }

  @Test
  void importsEntriesAndListsThemWithServerKeptFields() {
    Response r = API.post("/v1/dlmas/" + dlma + "/entries", """
        [{"name":"Ann","numbers":["+33123456789","","*99#"],"email":"ann@example.com",
          "ukey":"c-1","variables":{"LANG":"fr"},"timezone":"Europe/Paris"},
         {"numbers":["1001"]}]""");
    assertThat(r.getStatus()).isEqualTo(201);
    JsonNode created = body(r);
    assertThat(created.path("created").asInt()).isEqualTo(2);
    assertThat(created.path("ids")).hasSize(2);

    JsonNode list = body(API.request("/v1/dlmas/" + dlma + "/entries").get());
    assertThat(list.path("count").asInt()).isEqualTo(2);
    JsonNode ann = list.path("items").get(0);
    assertThat(ann.path("id").asText()).isEqualTo(created.path("ids").get(0).asText());
    assertThat(ann.path("numbers").toString()).isEqualTo("[\"+33123456789\",\"\",\"*99#\"]");
    assertThat(ann.path("tryCounts").toString()).isEqualTo("[0,0,0]");
    assertThat(ann.path("status").asInt()).isZero();
    assertThat(ann.path("statusName").asText()).isEqualTo("IDLE");
    assertThat(ann.path("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(ann.has("resDial")).isTrue();
    assertThat(ann.has("lastDialAt")).isTrue();
  }

  @Test
  void oneBadEntryRefusesTheWholeImport() {
    Response r = API.post("/v1/dlmas/" + dlma + "/entries", """
        [{"numbers":["100"]},
         {"numbers":["200","30 0"]},
         {"numbers":["",""]},
         {"numbers":["1"],"timezone":"Mars/Olympus"},
         {"numbers":["1","2","3","4","5","6","7","8","9"]},
         {"numbers":["1"],"email":"not-an-email"},
         {"numbers":["12345678901234567890123456789012345678901234567890123456789012345"]},
         null]""");
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("message").asText()).isEqualTo("invalid entries, none was added");
    assertThat(rule(e, "[1].numbers[1]")).isEqualTo("may hold only digits, letters, +, *, #, - and _");
    assertThat(rule(e, "[2].numbers")).isEqualTo("must hold at least one number");
    assertThat(rule(e, "[3].timezone")).isEqualTo("must be an IANA time zone such as Europe/Paris");
    assertThat(rule(e, "[4].numbers")).isEqualTo("must have at most 8 numbers");
    assertThat(rule(e, "[5].email")).startsWith("must match");
    assertThat(rule(e, "[6].numbers[0]")).isEqualTo("must be at most 64 characters");
    assertThat(rule(e, "[7]")).isEqualTo("must be an object");
    assertThat(API.store.entries).isEmpty();
  }

  @Test
  void aHugeRefusalListsTheFirstHundredErrors() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 150; i++) {
      json.append(i == 0 ? "" : ",").append("{\"numbers\":[\"bad number\"]}");
    }
    Response r = API.post("/v1/dlmas/" + dlma + "/entries", json.append("]").toString());
    assertThat(r.getStatus()).isEqualTo(422);
    JsonNode e = body(r);
    assertThat(e.path("errors")).hasSize(100);
    assertThat(e.path("message").asText()).isEqualTo(
        "invalid entries, none was added (150 errors, the first 100 listed)");
    assertThat(API.store.entries).isEmpty();
  }

  @Test
  void unknownFieldInAnEntryNamesItsIndex() {
    Response r = API.post("/v1/dlmas/" + dlma + "/entries",
        "[{\"numbers\":[\"1\"]},{\"numbers\":[\"2\"],\"phone\":\"3\"}]");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(rule(body(r), "[1].phone")).isEqualTo("is not a known field");
  }

  @Test
  void emptyImportIsRefused() {
    Response r = API.post("/v1/dlmas/" + dlma + "/entries", "[]");
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), "body")).isEqualTo("must hold at least one entry");
  }

  @Test
  void entriesOfAnUnknownListAre404() {
    String missing = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";
    Response r = API.post("/v1/dlmas/" + missing + "/entries", "[{\"numbers\":[\"1\"]}]");
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).isEqualTo("dlma " + missing + " does not exist");
    assertThat(API.request("/v1/dlmas/" + missing + "/entries").get().getStatus()).isEqualTo(404);
  }

  @Test
  void nameIsRequired() {
    Response r = API.post("/v1/dlmas", "{\"detail\":\"x\"}");
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(body(r), "name")).isEqualTo("is required");
  }
}
