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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(DropwizardExtensionsSupport.class)
class ResultResourceIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String CAMPAIGN = "6f1c2b1e-5d0e-4c55-8c43-3b1d2f3a4b5c";
  static final String OTHER = "7f1c2b1e-5d0e-4c55-8c43-3b1d2f3a4b5c";
  static final String ENTRY = "22222222-3333-4444-8555-666666666666";
  static final String RESULT = "9a8b7c6d-5e4f-4a3b-8c2d-000000000001";

  static ResultRow result(
      String id, String campaign, String entry, int resDial, int resHangup, String createdAt) {
    return new ResultRow(
        id,
        "11111111-2222-4333-8444-" + id.substring(24),
        campaign,
        entry,
        6,
        "[{\"status\":1,\"at\":\"2030-01-02T03:04:05Z\"},{\"status\":6,\"at\":\"2030-01-02T03:04:25Z\"}]",
        resDial,
        resHangup,
        resHangup == 17 ? "User busy" : null,
        null,
        "PJSIP/100-00000001",
        "100",
        1,
        2,
        "{\"plan\":{\"name\":\"p\"}}",
        Instant.parse("2030-01-02T03:04:05Z"),
        Instant.parse("2030-01-02T03:04:25.123Z"),
        Instant.parse(createdAt));
  }

  @BeforeEach
  void someResults() {
    API.reset();
    API.insertResult(result(RESULT, CAMPAIGN, ENTRY, 5, 17, "2030-01-02T03:04:26Z"));
    API.insertResult(
        result(
            "9a8b7c6d-5e4f-4a3b-8c2d-000000000002",
            CAMPAIGN,
            "33333333-3333-4444-8555-666666666666",
            4,
            16,
            "2030-01-02T04:00:00Z"));
    API.insertResult(
        result(
            "9a8b7c6d-5e4f-4a3b-8c2d-000000000003", OTHER, ENTRY, 3, 19, "2030-01-03T00:00:00Z"));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("items").forEach(i -> ids.add(i.path("id").asText().substring(24)));
    return ids;
  }

  @Test
  void aResultLinksToTheTemporalRunsThatOriginatedAndRecordedItsCall() {
    String lane = "campaign-" + CAMPAIGN + "/lane-default-2";
    ResultRow plain =
        result(
            "9a8b7c6d-5e4f-4a3b-8c2d-000000000004", CAMPAIGN, ENTRY, 4, 16, "2030-01-04T00:00:00Z");
    API.insertResult(
        new ResultRow(
            plain.id(),
            plain.attemptId(),
            plain.campaignId(),
            plain.entryId(),
            plain.dialingStatus(),
            plain.statusTrail(),
            plain.resDial(),
            plain.resHangup(),
            plain.resHangupText(),
            plain.detail(),
            plain.channel(),
            plain.number(),
            plain.numberIndex(),
            plain.tryCount(),
            plain.snapshot(),
            plain.dialedAt(),
            plain.hangupAt(),
            plain.createdAt(),
            new io.outdial.store.Rows.Runs(lane, "01a2-sent", "01a2-recorded")));
    JsonNode r = body(API.get("/v1/results/" + plain.id()));
    String runs =
        ApiResources.TEMPORAL_UI + "/workflows/campaign-" + CAMPAIGN + "%2Flane-default-2/";
    assertThat(r.path("workflowId").asText()).isEqualTo(lane);
    assertThat(r.path("temporalUiUrl").asText()).isEqualTo(runs + "01a2-sent/history");
    assertThat(r.path("temporalUiRecordedUrl").asText()).isEqualTo(runs + "01a2-recorded/history");
    // Results recorded before the runs were kept have no links.
    JsonNode old = body(API.get("/v1/results/" + RESULT));
    assertThat(old.path("workflowId").isNull()).isTrue();
    assertThat(old.path("temporalUiUrl").isNull()).isTrue();
    assertThat(old.path("temporalUiRecordedUrl").isNull()).isTrue();
  }

  @Test
  void listsResultsWithNamesAndParsedJson() {
    JsonNode page = body(API.get("/v1/results?campaign=" + CAMPAIGN));
    assertThat(page.path("offset").asInt()).isZero();
    assertThat(page.path("limit").asInt()).isEqualTo(100);
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("id").asText()).isEqualTo(RESULT);
    assertThat(item.path("campaignId").asText()).isEqualTo(CAMPAIGN);
    assertThat(item.path("dialingStatus").asInt()).isEqualTo(6);
    assertThat(item.path("dialingStatusName").asText()).isEqualTo("HANGUP");
    assertThat(item.path("resDial").asInt()).isEqualTo(5);
    assertThat(item.path("resDialName").asText()).isEqualTo("BUSY");
    assertThat(item.path("resHangup").asInt()).isEqualTo(17);
    assertThat(item.path("resHangupName").asText()).isEqualTo("USER_BUSY");
    assertThat(item.path("resHangupText").asText()).isEqualTo("User busy");
    assertThat(item.path("statusTrail").isArray()).isTrue();
    assertThat(item.path("statusTrail").get(1).path("status").asInt()).isEqualTo(6);
    // A trail recorded without names gets them beside its codes.
    assertThat(item.path("statusTrail").get(0).path("statusName").asText())
        .isEqualTo("ORIGINATE_SENT");
    assertThat(item.path("statusTrail").get(1).path("statusName").asText()).isEqualTo("HANGUP");
    assertThat(item.path("snapshot").path("plan").path("name").asText()).isEqualTo("p");
    assertThat(item.path("hangupAt").asText()).isEqualTo("2030-01-02T03:04:25.123Z");
    assertThat(item.path("numberIndex").asInt()).isEqualTo(1);
    assertThat(item.path("tryCount").asInt()).isEqualTo(2);
    // No text stored: Asterisk's text of the cause.
    assertThat(page.path("items").get(1).path("resHangupText").asText())
        .isEqualTo("Normal Clearing");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                                                       | 000000000001,000000000002,000000000003",
        "campaign=" + CAMPAIGN + "                                | 000000000001,000000000002",
        "entry=" + ENTRY + "                                      | 000000000001,000000000003",
        "resDial=4                                                | 000000000002",
        "resDial=answered                                         | 000000000002",
        "resHangup=USER_BUSY                                      | 000000000001",
        "resHangup=19                                             | 000000000003",
        "from=2030-01-02T04:00:00Z                                | 000000000002,000000000003",
        "to=2030-01-02T04:00:00Z                                  | 000000000001",
        "from=2030-01-02T04:00:00%2B01:00&to=2030-01-03T00:00:00Z | 000000000001,000000000002",
        "from=2030-01-02T04:00:00+01:00                           | 000000000001,000000000002,000000000003",
        "campaign=" + CAMPAIGN + "&resDial=BUSY&entry=" + ENTRY + " | 000000000001",
        "campaign=" + OTHER + "&resDial=4                         | ''",
      })
  void filtersByCampaignEntryResultCauseAndTime(String query, String expected) {
    JsonNode page = body(API.get("/v1/results?" + query));
    assertThat(page.path("status").isMissingNode()).as("%s", page).isTrue();
    assertThat(String.join(",", ids(page))).isEqualTo(expected);
  }

  @Test
  void pagesOldestFirst() {
    JsonNode first = body(API.get("/v1/results?limit=2"));
    assertThat(ids(first)).containsExactly("000000000001", "000000000002");
    assertThat(first.path("nextOffset").asInt()).isEqualTo(2);
    JsonNode last = body(API.get("/v1/results?limit=2&offset=2"));
    assertThat(ids(last)).containsExactly("000000000003");
    assertThat(last.path("nextOffset").isNull()).isTrue();
  }

  @Test
  void checksTheQuery() {
    JsonNode e =
        body(
            API.get(
                "/v1/results?campaign=x&entry=y&offset=-1&limit=1001&resDial=99"
                    + "&resHangup=LOUD&from=yesterday&to=2030-13-01T00:00:00Z&resdial=4"));
    assertThat(e.path("status").asInt()).isEqualTo(422);
    assertThat(e.path("message").asText()).isEqualTo("invalid query");
    assertThat(rule(e, "campaign")).isEqualTo("must be a UUID");
    assertThat(rule(e, "entry")).isEqualTo("must be a UUID");
    assertThat(rule(e, "offset")).isEqualTo("must be between 0 and 1000000000");
    assertThat(rule(e, "limit")).isEqualTo("must be between 1 and 1000");
    assertThat(rule(e, "resDial")).startsWith("must be one of 0 (FAILED), 1 (HANGUP)");
    assertThat(rule(e, "resHangup")).startsWith("must be one of 0 (NOT_DEFINED)");
    assertThat(rule(e, "from")).startsWith("must be an ISO-8601 date-time");
    assertThat(rule(e, "to")).startsWith("must be an ISO-8601 date-time");
    assertThat(rule(e, "resdial")).startsWith("is not a known query parameter");
    JsonNode order = body(API.get("/v1/results?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z"));
    assertThat(rule(order, "to")).isEqualTo("must be after from");
    assertThat(rule(body(API.get("/v1/results?limit=ten")), "limit"))
        .isEqualTo("must be an integer between 1 and 1000");
  }

  @Test
  void readsOneResult() {
    assertThat(body(API.get("/v1/results/" + RESULT)).path("resDialName").asText())
        .isEqualTo("BUSY");
    Response missing = API.get("/v1/results/" + CAMPAIGN);
    assertThat(missing.getStatus()).isEqualTo(404);
    assertThat(body(missing).path("message").asText())
        .isEqualTo("result " + CAMPAIGN + " does not exist");
    assertThat(API.get("/v1/results/x").getStatus()).isEqualTo(404);
  }

  // ---- CSV export ----------------------------------------------------------------------------

  private static Response csv(String query) {
    return API.target("/v1/results" + query)
        .request("text/csv")
        .header("Authorization", "Bearer " + ApiResources.TOKEN)
        .get();
  }

  private static List<java.util.Map<String, String>> rows(String csv) throws Exception {
    com.fasterxml.jackson.dataformat.csv.CsvMapper m =
        new com.fasterxml.jackson.dataformat.csv.CsvMapper();
    try (com.fasterxml.jackson.databind.MappingIterator<java.util.Map<String, String>> it =
        m.readerForMapOf(String.class)
            .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
            .readValues(csv)) {
      return it.readAll();
    }
  }

  @Test
  void exportsTheFilteredResultsAsCsvWithCodesAndNames() throws Exception {
    // A detail that needs quoting: a comma, a quote and a line break.
    ResultRow quoted =
        result(RESULT.replace("0001", "0009"), CAMPAIGN, ENTRY, 9, 0, "2030-01-02T05:00:00Z");
    API.insertResult(
        new ResultRow(
            quoted.id(),
            quoted.attemptId(),
            quoted.campaignId(),
            quoted.entryId(),
            quoted.dialingStatus(),
            quoted.statusTrail(),
            quoted.resDial(),
            quoted.resHangup(),
            quoted.resHangupText(),
            "said \"no\", then\nhung up",
            quoted.channel(),
            "+33 1 23 45 67 89",
            quoted.numberIndex(),
            quoted.tryCount(),
            quoted.snapshot(),
            quoted.dialedAt(),
            quoted.hangupAt(),
            quoted.createdAt()));
    Response r = csv("?campaign=" + CAMPAIGN);
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getMediaType().toString()).startsWith("text/csv");
    assertThat(r.getHeaderString("Content-Disposition"))
        .isEqualTo("attachment; filename=\"results-" + CAMPAIGN + ".csv\"");
    String text = r.readEntity(String.class);
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("id,attemptId,campaignId,entryId,number,numberIndex,tryCount,channel,")
        .endsWith(",createdAt,workflowId,temporalUiUrl");
    List<java.util.Map<String, String>> rows = rows(text);
    assertThat(rows)
        .extracting(m -> m.get("id").substring(24))
        .containsExactly("000000000001", "000000000002", "000000000009");
    assertThat(rows.get(0))
        .containsEntry("resDial", "5")
        .containsEntry("resDialName", "BUSY")
        .containsEntry("resHangup", "17")
        .containsEntry("resHangupName", "USER_BUSY")
        .containsEntry("dialingStatus", "6")
        .containsEntry("dialingStatusName", "HANGUP")
        .containsEntry("createdAt", "2030-01-02T03:04:26Z")
        .doesNotContainKeys("statusTrail", "snapshot");
    assertThat(rows.get(2))
        .containsEntry("detail", "said \"no\", then\nhung up")
        .containsEntry("number", "+33 1 23 45 67 89");
    // The same filters as the list, and its checks.
    assertThat(rows(csv("?resDial=BUSY").readEntity(String.class))).hasSize(1);
    assertThat(rows(csv("?campaign=" + OTHER + "&resDial=4").readEntity(String.class))).isEmpty();
    Response bad = csv("?campaign=x&limit=5&sort=id");
    assertThat(bad.getStatus()).isEqualTo(422);
    JsonNode e = body(bad);
    assertThat(rule(e, "campaign")).isEqualTo("must be a UUID");
    assertThat(rule(e, "limit"))
        .isEqualTo("is not taken by the CSV export, which has every result the filters match");
    assertThat(rule(e, "sort")).startsWith("is not a known query parameter");
    // Without Accept: text/csv the list is JSON, as before.
    assertThat(body(API.get("/v1/results")).path("items")).hasSize(4);
  }

  @Test
  void anExportReadsPastItsPagesWithoutMissingOrRepeatingResults() throws Exception {
    API.reset();
    int n = ResultResource.EXPORT_PAGE * 2 + 7;
    for (int i = 0; i < n; i++) {
      // Groups of 300 share a created_at, so a page ends inside a group; ids fall as times rise.
      String id = String.format("9a8b7c6d-5e4f-4a3b-8c2d-%012d", n - i);
      String at = Instant.parse("2030-01-02T00:00:00Z").plusSeconds(i / 300).toString();
      API.insertResult(result(id, CAMPAIGN, ENTRY, 4, 16, at));
    }
    List<java.util.Map<String, String>> rows =
        rows(csv("?campaign=" + CAMPAIGN).readEntity(String.class));
    assertThat(rows).hasSize(n);
    assertThat(rows.stream().map(m -> m.get("id")).distinct()).hasSize(n);
    JsonNode firstPage = body(API.get("/v1/results?campaign=" + CAMPAIGN + "&limit=3"));
    assertThat(rows.subList(0, 3))
        .extracting(m -> m.get("id"))
        .containsExactly(
            firstPage.path("items").get(0).path("id").asText(),
            firstPage.path("items").get(1).path("id").asText(),
            firstPage.path("items").get(2).path("id").asText());
  }
}
