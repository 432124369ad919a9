package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.outdial.api.support.ApiFuzzer;
import io.outdial.api.support.ApiModel;
import io.outdial.api.support.FakeCampaignWorkflowImpl;
import io.outdial.api.support.MariaDbDatabase;
import io.outdial.api.support.TemporalDevServer;
import io.outdial.workflows.CampaignView;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole server against the real MariaDB (a fresh database per run) and the Temporal dev server,
 * where a worker of this test runs a fake campaign workflow on a task queue of its own (the real
 * workflow is the worker module's). Refused requests are checked in the database to have written
 * nothing. Missing services fail with how to start them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiServerIT {
  static final String TOKEN = "it-" + UUID.randomUUID();
  static final java.nio.file.Path REQUEST_LOG =
      java.nio.file.Path.of("target", "api-server-it-requests.log");
  static final java.nio.file.Path SERVER_LOG = java.nio.file.Path.of("target", "api-server-it.log");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static {
    // Fresh log files per run, so the last test reads only this run's lines.
    try {
      Files.deleteIfExists(REQUEST_LOG);
      Files.deleteIfExists(SERVER_LOG);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Temporal, with a worker running the fake campaign workflow on its own task queue. */
  @RegisterExtension
  @Order(0)
  static final TemporalDevServer TEMPORAL = new TemporalDevServer();

  @RegisterExtension
  @Order(1)
  static final MariaDbDatabase DB = new MariaDbDatabase();

  /** The application as run in production, with its secrets given here instead of by env. */
  public static class TestApp extends ApiServerApplication {
    public TestApp() {
      super(Map.of("OUTDIAL_API_TOKEN", TOKEN, "OUTDIAL_DB_PASSWORD", DB.password));
    }
  }

  @RegisterExtension
  @Order(2)
  static final DropwizardAppExtension<ApiServerConfiguration> APP =
      new DropwizardAppExtension<>(
          TestApp.class,
          "config.yml",
          ConfigOverride.randomPorts(),
          ConfigOverride.config("database.host", DB.host),
          ConfigOverride.config("database.port", String.valueOf(DB.port)),
          ConfigOverride.config("database.user", DB.user),
          ConfigOverride.config("database.name", () -> DB.name),
          ConfigOverride.config("temporal.address", TEMPORAL.address),
          ConfigOverride.config("temporal.namespace", "default"),
          ConfigOverride.config("temporal.taskQueue", () -> TEMPORAL.taskQueue),
          ConfigOverride.config("temporal.uiUrl", "http://127.0.0.1:8233"),
          ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
          ConfigOverride.config(
              "server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
          ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
          ConfigOverride.config("logging.appenders[0].type", "file"),
          ConfigOverride.config("logging.appenders[0].currentLogFilename", SERVER_LOG.toString()),
          ConfigOverride.config("logging.appenders[0].archive", "false"));

  // ---- helpers -----------------------------------------------------------------------------

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  static Answer call(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<String> r = send(b.build());
      JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
      return new Answer(r.statusCode(), json, r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a request, once more on a fresh connection when the first fails in transport: Jetty
   * closes a connection after answering a request whose body it did not read (the fuzzer's GETs
   * with bodies), and java.net.http may reuse it for the next request without retrying.
   */
  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
  }

  static Answer get(String path) {
    return call("GET", path, null, null, Map.of());
  }

  static Answer post(String path, String json) {
    return call("POST", path, "application/json", json, Map.of());
  }

  static Answer put(String path, String json) {
    return call("PUT", path, "application/json", json, Map.of());
  }

  static Answer delete(String path) {
    return call("DELETE", path, null, null, Map.of());
  }

  static JsonNode created(String path, String json) {
    Answer a = post(path, json);
    assertThat(a.status()).as("POST %s: %s", path, a.body()).isEqualTo(201);
    return a.body();
  }

  static String rule(JsonNode error, String field) {
    for (JsonNode e : error.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("rule").asText();
      }
    }
    return null;
  }

  static long count(String sql, String param) throws Exception {
    return DB.count(sql, param);
  }

  static void sql(String sql, String... params) throws Exception {
    try (Connection c = DB.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      ps.executeUpdate();
    }
  }

  record Parts(String plan, String destination, String dlma) {}

  static Parts parts() {
    String plan =
        created(
                "/v1/plans",
                "{\"name\":\"it plan\",\"dialTimeout\":20000,"
                    + "\"techName\":\"Local/\",\"trunkName\":\"\",\"maxRetry\":[2,1],\"dialMode\":\"NONE\"}")
            .path("id")
            .asText();
    String destination =
        created(
                "/v1/destinations",
                "{\"name\":\"sales queue\",\"type\":1,\"application\":\"Queue\",\"data\":\"sales\"}")
            .path("id")
            .asText();
    String dlma =
        created("/v1/dlmas", "{\"name\":\"it list\",\"variables\":{\"LIST\":\"it\"}}")
            .path("id")
            .asText();
    return new Parts(plan, destination, dlma);
  }

  static String campaignJson(Parts p, String name, String extra) {
    return "{\"name\":\""
        + name
        + "\",\"plan\":\""
        + p.plan()
        + "\",\"destination\":\""
        + p.destination()
        + "\",\"dlma\":\""
        + p.dlma()
        + "\""
        + extra
        + "}";
  }

  static String campaign(Parts p, String name) {
    String id = created("/v1/campaigns", campaignJson(p, name, "")).path("id").asText();
    TEMPORAL.cleanUp(CampaignWorkflow.workflowId(id));
    return id;
  }

  static CampaignView view(String campaignId) {
    return TEMPORAL
        .client()
        .newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(campaignId))
        .view();
  }

  static WorkflowExecutionDescription describe(String campaignId) {
    return TEMPORAL
        .client()
        .newUntypedWorkflowStub(CampaignWorkflow.workflowId(campaignId))
        .describe();
  }

  /** CSV of {@code rows} entries; the row on physical line {@code badLine} (if > 0) is bad. */
  static String csv(int rows, int badLine) {
    StringBuilder sb = new StringBuilder(rows * 40).append("name,number1,number2,var_SEGMENT\n");
    for (int i = 0; i < rows; i++) {
      int line = i + 2;
      sb.append("Customer ")
          .append(i)
          .append(',')
          .append(line == badLine ? "12 34" : String.valueOf(100_000_000L + i))
          .append(",,")
          .append(i % 3 == 0 ? "gold" : "")
          .append('\n');
    }
    return sb.toString();
  }

  // ---- tests -------------------------------------------------------------------------------

  @Test
  @Order(1)
  void createsAndReadsEveryResource() throws Exception {
    Parts p = parts();
    JsonNode plan = get("/v1/plans/" + p.plan()).body();
    assertThat(plan.path("dialTimeout").asInt()).isEqualTo(20000);
    assertThat(plan.path("techName").asText()).isEqualTo("Local/");
    assertThat(plan.path("trunkName").isNull()).isTrue();
    assertThat(plan.path("maxRetry").toString()).isEqualTo("[2,1,5,5,5,5,5,5]");
    assertThat(plan.path("dialModeName").asText()).isEqualTo("NONE");
    assertThat(plan.path("dlEndHandleName").asText()).isEqualTo("STOP");
    assertThat(get("/v1/destinations/" + p.destination()).body().path("typeName").asText())
        .isEqualTo("APPLICATION");
    assertThat(get("/v1/dlmas/" + p.dlma()).body().path("variables").path("LIST").asText())
        .isEqualTo("it");
    assertThat(get("/v1/plans?limit=1000").body().path("items").toString()).contains(p.plan());

    JsonNode entries =
        created(
            "/v1/dlmas/" + p.dlma() + "/entries",
            """
        [{"name":"Ann","numbers":["+33123456789","","2001"],"timezone":"Europe/Paris",
          "variables":{"LANG":"fr"},"email":"ann@example.com","ukey":"c-1"},
         {"numbers":["2002"]},
         {"numbers":["2003"]}]""");
    assertThat(entries.path("created").asInt()).isEqualTo(3);
    JsonNode list = get("/v1/dlmas/" + p.dlma() + "/entries").body();
    assertThat(list.path("items")).hasSize(3);
    JsonNode ann = list.path("items").get(0);
    assertThat(ann.path("id").asText()).isEqualTo(entries.path("ids").get(0).asText());
    assertThat(ann.path("name").asText()).isEqualTo("Ann");
    assertThat(ann.path("numbers").toString()).isEqualTo("[\"+33123456789\",\"\",\"2001\"]");
    assertThat(ann.path("statusName").asText()).isEqualTo("IDLE");
    assertThat(ann.path("tryCounts").toString()).isEqualTo("[0,0,0]");
    assertThat(get("/v1/dlmas/" + p.dlma() + "/entries/" + ann.path("id").asText()).body())
        .isEqualTo(ann);
    assertThat(list.path("items").get(2).path("numbers").get(0).asText()).isEqualTo("2003");

    JsonNode c =
        created(
            "/v1/campaigns",
            campaignJson(
                p,
                "spring",
                ",\"schedule\":{\"mode\":\"ON\",\"timeStart\":\"09:00:00\",\"timeEnd\":\"18:00:00\","
                    + "\"dayList\":[\"MONDAY\",\"FRIDAY\"],\"timezone\":\"Europe/Paris\"}"));
    String id = c.path("id").asText();
    TEMPORAL.cleanUp(CampaignWorkflow.workflowId(id));
    assertThat(c.path("status").asInt()).isZero();
    assertThat(c.path("statusName").asText()).isEqualTo("STOP");
    assertThat(c.path("scheduling").asText()).isEqualTo("on");
    assertThat(c.path("nextWindows")).hasSize(5);
    Instant opens = Instant.parse(c.path("nextWindows").get(0).path("opensAt").asText());
    assertThat(opens).isAfter(Instant.now().minus(Duration.ofDays(4)));
    JsonNode read = get("/v1/campaigns/" + id).body();
    assertThat(read.path("schedule").path("timeEnd").asText()).isEqualTo("18:00:00");
    assertThat(read.path("schedule").path("dayListNames").toString())
        .isEqualTo("[\"MONDAY\",\"FRIDAY\"]");
    assertThat(read.path("counts").path("remaining").asLong()).isEqualTo(3);
    assertThat(read.path("counts").path("dialed").asLong()).isZero();
    assertThat(read.path("temporalUiUrl").asText())
        .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/campaign-" + id);

    // Its workflow runs from creation on, in STOP, findable by campaign id.
    WorkflowExecutionDescription d = describe(id);
    assertThat(d.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(d.getTaskQueue()).isEqualTo(TEMPORAL.taskQueue);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_ID)).isEqualTo(id);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_STATUS))
        .isEqualTo("STOP");
    assertThat(d.getMemo(SearchAttributes.MEMO_CAMPAIGN_NAME, String.class)).isEqualTo("spring");
    assertThat(count("SELECT COUNT(*) FROM campaign WHERE id = ?", id)).isEqualTo(1);
  }

  @Test
  @Order(2)
  void requestsWithoutTheTokenAre401ButTheOpenApiDocumentIsPublic() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/plans"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"p\"}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(401);
    HttpResponse<String> doc =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/openapi.json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(doc.body()).path("paths").has("/v1/dlmas/{dlmaId}/entries")).isTrue();
  }

  @Test
  @Order(3)
  void brokenRulesAre422NamingFieldAndRuleAndWriteNothing() throws Exception {
    Answer timeout = post("/v1/plans", "{\"name\":\"refused plan\",\"dialTimeout\":100}");
    assertThat(timeout.status()).isEqualTo(422);
    assertThat(rule(timeout.body(), "dialTimeout")).isEqualTo("must be between 1000 and 600000");
    Answer tech =
        post("/v1/plans", "{\"name\":\"refused plan\",\"techName\":\"SIP/\\r\\nAction: Hangup\"}");
    assertThat(tech.status()).isEqualTo(422);
    assertThat(rule(tech.body(), "techName"))
        .isEqualTo("must not contain CR, LF or other control characters");
    assertThat(count("SELECT COUNT(*) FROM plan WHERE name = ?", "refused plan")).isZero();

    Parts p = parts();
    String missing = UUID.randomUUID().toString();
    Answer ref =
        post(
            "/v1/campaigns",
            "{\"name\":\"refused campaign\",\"plan\":\""
                + missing
                + "\",\"destination\":\""
                + p.destination()
                + "\",\"dlma\":\""
                + p.dlma()
                + "\",\"schedule\":{\"mode\":0,\"dateStart\":\"2026-02-30\",\"dayList\":[7]}}");
    assertThat(ref.status()).isEqualTo(422);
    assertThat(rule(ref.body(), "plan")).isEqualTo("plan " + missing + " does not exist");
    assertThat(rule(ref.body(), "schedule.dateStart")).startsWith("must be a real calendar date");
    assertThat(rule(ref.body(), "schedule.dayList")).startsWith("entry 0 must be a weekday");
    assertThat(count("SELECT COUNT(*) FROM campaign WHERE name = ?", "refused campaign")).isZero();
    Answer dest = post("/v1/destinations", "{\"name\":\"refused d\",\"type\":7}");
    assertThat(dest.status()).isEqualTo(422);
    assertThat(count("SELECT COUNT(*) FROM destination WHERE name = ?", "refused d")).isZero();
  }

  @Test
  @Order(4)
  void unreadableBodiesAre400() {
    Answer unknown = post("/v1/plans", "{\"name\":\"p\",\"dialtimeout\":1000}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(rule(unknown.body(), "dialtimeout")).isEqualTo("is not a known field");
    Answer malformed = post("/v1/plans", "{\"name\":\"p\" \"x\"}");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("message").asText()).startsWith("malformed JSON");
    Answer type = call("POST", "/v1/plans", "text/plain", "name=p", Map.of());
    assertThat(type.status()).isEqualTo(415);
    assertThat(type.body().path("status").asInt()).isEqualTo(415);
  }

  @Test
  @Order(5)
  void aRefusedJsonImportWritesNothing() throws Exception {
    Parts p = parts();
    Answer r =
        post(
            "/v1/dlmas/" + p.dlma() + "/entries",
            """
        [{"numbers":["1001"]},{"numbers":["1002"]},{"numbers":["10 03"]},{"numbers":["1004"]}]""");
    assertThat(r.status()).isEqualTo(422);
    assertThat(rule(r.body(), "[2].numbers[0]")).isNotNull();
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma())).isZero();
    created(
        "/v1/dlmas/" + p.dlma() + "/entries",
        "[{\"numbers\":[\"1001\"]},{\"numbers\":[\"1002\"]}]");
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma())).isEqualTo(2);
  }

  @Test
  @Order(6)
  void a100kCsvImportWithOneBadRowAtLine50000WritesNothingAndAGoodOneWritesAll() throws Exception {
    Parts p = parts();
    String path = "/v1/dlmas/" + p.dlma() + "/entries";
    Answer bad = call("POST", path, "text/csv", csv(100_000, 50_000), Map.of());
    assertThat(bad.status()).as("%s", bad.body()).isEqualTo(422);
    assertThat(bad.body().path("badRows").asInt()).isEqualTo(1);
    assertThat(bad.body().path("errors")).hasSize(1);
    JsonNode e = bad.body().path("errors").get(0);
    assertThat(e.path("line").asLong()).isEqualTo(50_000);
    assertThat(e.path("field").asText()).isEqualTo("number1");
    assertThat(e.path("rule").asText()).startsWith("may hold only digits");
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma())).isZero();

    long t0 = System.nanoTime();
    Answer good = call("POST", path, "text/csv", csv(100_000, 0), Map.of());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(good.status()).as("%s", good.body()).isEqualTo(201);
    assertThat(good.body().path("created").asLong()).isEqualTo(100_000);
    assertThat(good.body().has("ids")).isFalse();
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma()))
        .isEqualTo(100_000);
    assertThat(
            count(
                "SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ? AND variables LIKE " + "'%gold%'",
                p.dlma()))
        .isEqualTo(33_334);
    System.out.printf("ApiServerIT: 100,000 CSV entries imported in %d ms%n", ms);
    JsonNode last = get(path + "?offset=99999").body();
    assertThat(last.path("items").get(0).path("name").asText()).isEqualTo("Customer 99999");
    assertThat(last.path("nextOffset").isNull()).isTrue();
  }

  @Test
  @Order(7)
  void a100kJsonImportWritesAll() throws Exception {
    Parts p = parts();
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":\"c")
          .append(i)
          .append("\",\"numbers\":[\"")
          .append(200_000_000L + i)
          .append("\"]}");
    }
    Answer r = post("/v1/dlmas/" + p.dlma() + "/entries", json.append(']').toString());
    assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
    assertThat(r.body().path("created").asLong()).isEqualTo(100_000);
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma()))
        .isEqualTo(100_000);
  }

  @Test
  @Order(7)
  void importedTextComesBackExactlyWhateverItHolds() throws Exception {
    // Imports write SQL literals (EntryStore.importEntries): quotes, backslashes, SQL and unicode
    // must come back as sent, through JSON and through CSV.
    Parts p = parts();
    String[] names = {
      "O'Brien",
      "back\\slash",
      "\\' OR '1'='1",
      "quote\" \\\" end",
      "'); DROP TABLE dl_entry; --",
      "tab\there",
      "\\0 \\n \\Z \\%_",
      "Zoë 😀 名前 \u202e"
    };
    StringBuilder json = new StringBuilder("[");
    StringBuilder csv = new StringBuilder("name,number1,var_NOTE\n");
    for (int i = 0; i < names.length; i++) {
      String quoted = JSON.writeValueAsString(names[i]);
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":")
          .append(quoted)
          .append(",\"numbers\":[\"")
          .append(7000 + i)
          .append("\"],\"variables\":{\"NOTE\":")
          .append(quoted)
          .append("}}");
      String cell = "\"" + names[i].replace("\"", "\"\"") + "\"";
      csv.append(cell).append(',').append(8000 + i).append(',').append(cell).append('\n');
    }
    JsonNode fromJson = created("/v1/dlmas/" + p.dlma() + "/entries", json.append(']').toString());
    Answer fromCsv =
        call("POST", "/v1/dlmas/" + p.dlma() + "/entries", "text/csv", csv.toString(), Map.of());
    assertThat(fromCsv.status()).as("%s", fromCsv.body()).isEqualTo(201);
    for (JsonNode ids : List.of(fromJson.path("ids"), fromCsv.body().path("ids"))) {
      for (int i = 0; i < names.length; i++) {
        String id = ids.get(i).asText();
        try (Connection c = DB.connect();
            PreparedStatement ps =
                c.prepareStatement("SELECT name, variables FROM dl_entry WHERE id = ?")) {
          ps.setString(1, id);
          try (var rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(names[i]);
            assertThat(JSON.readTree(rs.getString(2)).path("NOTE").asText()).isEqualTo(names[i]);
          }
        }
        JsonNode read = get("/v1/dlmas/" + p.dlma() + "/entries/" + id).body();
        assertThat(read.path("name").asText()).isEqualTo(names[i]);
      }
    }
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma()))
        .isEqualTo(2L * names.length);
  }

  @Test
  @Order(8)
  void updatesAndSoftDeletesOnTheDatabase() throws Exception {
    Parts p = parts();
    Answer u = put("/v1/plans/" + p.plan(), "{\"name\":\"renamed plan\",\"dialTimeout\":45000}");
    assertThat(u.status()).isEqualTo(200);
    assertThat(get("/v1/plans/" + p.plan()).body().path("dialTimeout").asInt()).isEqualTo(45000);
    assertThat(
            count(
                "SELECT COUNT(*) FROM plan WHERE id = ? AND name = 'renamed plan'"
                    + " AND dial_timeout_ms = 45000 AND max_retry1 = 5",
                p.plan()))
        .isEqualTo(1);

    assertThat(delete("/v1/plans/" + p.plan()).status()).isEqualTo(204);
    assertThat(count("SELECT COUNT(*) FROM plan WHERE id = ? AND deleted_at IS NOT NULL", p.plan()))
        .isEqualTo(1);
    assertThat(get("/v1/plans/" + p.plan()).status()).isEqualTo(404);
    assertThat(delete("/v1/plans/" + p.plan()).status()).isEqualTo(404);
    Answer ref = post("/v1/campaigns", campaignJson(p, "on a deleted plan", ""));
    assertThat(ref.status()).isEqualTo(422);
    assertThat(rule(ref.body(), "plan")).isEqualTo("plan " + p.plan() + " does not exist");

    String entry =
        created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1\"]}]")
            .path("ids")
            .get(0)
            .asText();
    Answer e =
        put(
            "/v1/dlmas/" + p.dlma() + "/entries/" + entry,
            "{\"name\":\"Bob\",\"numbers\":[\"2\",\"3\"],\"variables\":{\"V\":\"a:b\"}}");
    assertThat(e.status()).as("%s", e.body()).isEqualTo(200);
    assertThat(
            count(
                "SELECT COUNT(*) FROM dl_entry WHERE id = ? AND name = 'Bob'"
                    + " AND number1 = '2' AND number2 = '3' AND variables = '{\"V\":\"a:b\"}'",
                entry))
        .isEqualTo(1);
    assertThat(delete("/v1/dlmas/" + p.dlma() + "/entries/" + entry).status()).isEqualTo(204);
    assertThat(
            count("SELECT COUNT(*) FROM dl_entry WHERE id = ? AND deleted_at IS NOT NULL", entry))
        .isEqualTo(1);
    assertThat(delete("/v1/dlmas/" + p.dlma()).status()).isEqualTo(204);
    assertThat(get("/v1/dlmas/" + p.dlma() + "/entries").status()).isEqualTo(404);
  }

  @Test
  @Order(9)
  void whatARunningCampaignUsesIsProtectedAndRefusalsWriteNothing() throws Exception {
    Parts p = parts();
    String entry =
        created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1\"]}]")
            .path("ids")
            .get(0)
            .asText();
    String c = campaign(p, "running");
    // As the workflow would mirror it.
    sql("UPDATE campaign SET status = 1 WHERE id = ?", c);

    Answer plan = put("/v1/plans/" + p.plan(), "{\"name\":\"it plan\",\"dialTimeout\":21000}");
    assertThat(plan.status()).isEqualTo(409);
    assertThat(plan.body().path("campaigns").toString()).isEqualTo("[\"" + c + "\"]");
    assertThat(
            count("SELECT COUNT(*) FROM plan WHERE id = ? AND dial_timeout_ms = 20000", p.plan()))
        .isEqualTo(1);
    assertThat(delete("/v1/destinations/" + p.destination()).status()).isEqualTo(409);
    assertThat(delete("/v1/dlmas/" + p.dlma()).status()).isEqualTo(409);
    assertThat(put("/v1/dlmas/" + p.dlma(), "{\"name\":\"x\",\"variables\":{}}").status())
        .isEqualTo(409);
    assertThat(delete("/v1/dlmas/" + p.dlma() + "/entries/" + entry).status()).isEqualTo(409);
    assertThat(put("/v1/dlmas/" + p.dlma() + "/entries/" + entry, "{\"numbers\":[\"9\"]}").status())
        .isEqualTo(409);
    Answer del = delete("/v1/campaigns/" + c);
    assertThat(del.status()).isEqualTo(409);
    assertThat(del.body().path("currentStatusName").asText()).isEqualTo("START");
    Answer replan =
        put("/v1/campaigns/" + c, campaignJson(p, "running", ",\"schedule\":{\"mode\":0}"));
    assertThat(replan.status()).isEqualTo(409);
    for (String table : List.of("destination", "dlma", "dl_entry", "campaign")) {
      assertThat(
              count(
                  "SELECT COUNT(*) FROM "
                      + table
                      + " WHERE deleted_at IS NOT NULL"
                      + " AND id IN (?, '"
                      + p.destination()
                      + "', '"
                      + p.dlma()
                      + "', '"
                      + c
                      + "')",
                  entry))
          .as(table)
          .isZero();
    }
    assertThat(count("SELECT COUNT(*) FROM dl_entry WHERE id = ? AND number1 = '1'", entry))
        .isEqualTo(1);
    assertThat(
            count("SELECT COUNT(*) FROM campaign WHERE id = ? AND schedule LIKE '%\"mode\":1%'", c))
        .isEqualTo(1);
    // Renaming is fine while it runs.
    assertThat(put("/v1/campaigns/" + c, campaignJson(p, "running renamed", "")).status())
        .isEqualTo(200);

    sql("UPDATE campaign SET status = 0 WHERE id = ?", c);
    assertThat(delete("/v1/dlmas/" + p.dlma() + "/entries/" + entry).status()).isEqualTo(204);
    assertThat(delete("/v1/campaigns/" + c).status()).isEqualTo(204);
    assertThat(count("SELECT COUNT(*) FROM campaign WHERE id = ? AND deleted_at IS NOT NULL", c))
        .isEqualTo(1);
    assertThat(delete("/v1/dlmas/" + p.dlma()).status()).isEqualTo(204);
  }

  @Test
  @Order(10)
  void operatorActionsAreUpdatesOfTheCampaignWorkflow() {
    Parts p = parts();
    String id = campaign(p, "it control");
    Answer start =
        call("POST", "/v1/campaigns/" + id + "/start", null, null, Map.of("X-Operator", "alice"));
    assertThat(start.status()).as("%s", start.body()).isEqualTo(202);
    assertThat(start.body().path("status").asInt()).isEqualTo(11);
    assertThat(start.body().path("statusName").asText()).isEqualTo("STARTING");
    assertThat(start.body().path("workflowId").asText()).isEqualTo("campaign-" + id);
    assertThat(view(id).statusReason()).contains("lastOperator=alice");

    Answer again = post("/v1/campaigns/" + id + "/start", "{\"reason\":\"twice\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("message").asText())
        .isEqualTo("cannot start a campaign in STARTING");
    assertThat(again.body().path("currentStatus").asInt()).isEqualTo(11);
    assertThat(again.body().path("currentStatusName").asText()).isEqualTo("STARTING");

    Answer pause = post("/v1/campaigns/" + id + "/pause", "{\"reason\":\"lunch\"}");
    assertThat(pause.body().path("statusName").asText()).isEqualTo("PAUSING");
    Answer stop = post("/v1/campaigns/" + id + "/stop", "{}");
    assertThat(stop.status()).isEqualTo(202);
    assertThat(stop.body().path("statusName").asText()).isEqualTo("STOPPING");
    Answer force = call("POST", "/v1/campaigns/" + id + "/force-stop", null, null, Map.of());
    assertThat(force.body().path("statusName").asText()).isEqualTo("STOPPING_FORCEDLY");
    // The API wrote no status: the workflow mirrors it (the fake one does not).
    assertThat(get("/v1/campaigns/" + id).body().path("statusName").asText()).isEqualTo("STOP");

    String closed = campaign(p, "it closed window");
    Answer refused =
        post(
            "/v1/campaigns/" + closed + "/start",
            "{\"reason\":\"" + FakeCampaignWorkflowImpl.CLOSED_WINDOW + "\"}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().path("message").asText())
        .isEqualTo("cannot start a campaign in STOP");
    assertThat(refused.body().path("nextOpening").asText()).isEqualTo("2030-01-01T00:00:00Z");
    assertThat(refused.body().path("reason").asText()).isEqualTo("outside the calling windows");

    Answer badOperator =
        call(
            "POST",
            "/v1/campaigns/" + id + "/stop",
            null,
            null,
            Map.of("X-Operator", "o".repeat(65)));
    assertThat(badOperator.status()).isEqualTo(422);
  }

  @Test
  @Order(11)
  void aCampaignWhoseWorkflowNeverStartedIsStartedByItsFirstAction() throws Exception {
    Parts p = parts();
    String id = UUID.randomUUID().toString();
    TEMPORAL.cleanUp(CampaignWorkflow.workflowId(id));
    // Created while Temporal was away: the row exists, the workflow does not.
    sql(
        "INSERT INTO campaign (id, name, plan_id, destination_id, dlma_id, schedule, status,"
            + " created_at, updated_at) VALUES (?, 'lazy', ?, ?, ?, '{\"mode\":1}', 0,"
            + " NOW(3), NOW(3))",
        id,
        p.plan(),
        p.destination(),
        p.dlma());
    Answer start = post("/v1/campaigns/" + id + "/start", "{}");
    assertThat(start.status()).as("%s", start.body()).isEqualTo(202);
    assertThat(start.body().path("statusName").asText()).isEqualTo("STARTING");
    WorkflowExecutionDescription d = describe(id);
    assertThat(d.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(d.getMemo(SearchAttributes.MEMO_CAMPAIGN_NAME, String.class)).isEqualTo("lazy");
  }

  @Test
  @Order(12)
  void anImportTellsTheWorkflowsOfTheCampaignsUsingTheList() throws Exception {
    Parts p = parts();
    String id = campaign(p, "it list changed");
    created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1\"]}]");
    call("POST", "/v1/dlmas/" + p.dlma() + "/entries", "text/csv", "number1\n2\n", Map.of());
    await("the workflow told of both imports")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(view(id).statusReason()).contains("listChanged=2"));
  }

  @Test
  @Order(13)
  void dialingsAndResultsAreReadFromTheDatabaseWithNamesAndFilters() throws Exception {
    Parts p = parts();
    String id = campaign(p, "it results");
    String entry =
        created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1001\"]}]")
            .path("ids")
            .get(0)
            .asText();
    String inFlight = UUID.randomUUID().toString();
    try (Connection c = DB.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "INSERT INTO attempt (id, campaign_id, entry_id, reservation_key,"
              + " number_index, number, try_count, state, dialing_status, created_at, originate_at)"
              + " VALUES ('"
              + inFlight
              + "', '"
              + id
              + "', '"
              + entry
              + "', 'k1', 1, '1001', 1,"
              + " 'ORIGINATE_SENT', 2, '2030-01-01 09:59:59.500', '2030-01-01 10:00:00.000'),"
              + " ('"
              + UUID.randomUUID()
              + "', '"
              + id
              + "', '"
              + entry
              + "', 'k0', 1, '1001', 1,"
              + " 'SETTLED', 6, '2030-01-01 09:00:00.000', NULL)");
    }
    JsonNode dialings = get("/v1/campaigns/" + id + "/dialings").body();
    assertThat(dialings.path("items")).hasSize(1);
    JsonNode d = dialings.path("items").get(0);
    assertThat(d.path("id").asText()).isEqualTo(inFlight);
    assertThat(d.path("state").asText()).isEqualTo("ORIGINATE_SENT");
    assertThat(d.path("dialingStatusName").asText()).isEqualTo("DIALING_BEGIN");
    assertThat(d.path("createdAt").asText()).isEqualTo("2030-01-01T09:59:59.500Z");
    assertThat(get("/v1/campaigns/" + id).body().path("counts").path("inFlight").asLong())
        .isEqualTo(1);

    String answered = UUID.randomUUID().toString();
    String busy = UUID.randomUUID().toString();
    try (Connection c = DB.connect();
        PreparedStatement ps =
            c.prepareStatement(
                """
        INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status, status_trail,
          res_dial, res_hangup, res_hangup_text, detail, channel, number, number_index,
          try_count, snapshot, dialed_at, hangup_at, created_at)
        VALUES (?, ?, ?, ?, 6, ?, ?, ?, NULL, NULL, 'Local/1001@x-00000001;1', '1001', 1, 1,
          '{"plan":{"dialTimeout":20000}}', '2030-01-01 10:00:00.250', '2030-01-01 10:01:00.000',
          ?)""")) {
      for (Object[] row :
          new Object[][] {
            {answered, 4, 16, "2030-01-01 10:01:00.500"}, {busy, 5, 17, "2030-01-02 10:00:00.000"}
          }) {
        ps.setString(1, (String) row[0]);
        ps.setString(2, UUID.randomUUID().toString());
        ps.setString(3, id);
        ps.setString(4, entry);
        ps.setString(5, "[{\"status\":1,\"at\":\"2030-01-01T10:00:00Z\"}]");
        ps.setInt(6, (Integer) row[1]);
        ps.setInt(7, (Integer) row[2]);
        ps.setString(8, (String) row[3]);
        ps.executeUpdate();
      }
    }
    // The store adds each result it records to the campaign's tally in the same transaction;
    // rows written by hand are added as the V7 migration adds the results it finds.
    try (Connection c = DB.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO campaign_tally (campaign_id, res_dial, n) SELECT campaign_id,"
                    + " res_dial, COUNT(*) FROM result WHERE campaign_id = ? GROUP BY campaign_id,"
                    + " res_dial")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
    JsonNode page = get("/v1/results?campaign=" + id + "&resDial=ANSWERED").body();
    assertThat(page.path("items")).hasSize(1);
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("id").asText()).isEqualTo(answered);
    assertThat(item.path("resDialName").asText()).isEqualTo("ANSWERED");
    assertThat(item.path("resHangupName").asText()).isEqualTo("NORMAL_CLEARING");
    assertThat(item.path("resHangupText").asText()).isEqualTo("Normal Clearing");
    assertThat(item.path("snapshot").path("plan").path("dialTimeout").asInt()).isEqualTo(20000);
    assertThat(item.path("createdAt").asText()).isEqualTo("2030-01-01T10:01:00.500Z");
    assertThat(
            get("/v1/results?entry=" + entry + "&resHangup=USER_BUSY")
                .body()
                .path("items")
                .get(0)
                .path("id")
                .asText())
        .isEqualTo(busy);
    assertThat(
            get("/v1/results?campaign=" + id + "&from=2030-01-02T00:00:00Z").body().path("items"))
        .hasSize(1);
    assertThat(
            get("/v1/results?campaign=" + id + "&to=2030-01-01T10:01:00.500Z").body().path("items"))
        .isEmpty();
    assertThat(get("/v1/results?campaign=" + id + "&limit=1").body().path("nextOffset").asInt())
        .isEqualTo(1);
    assertThat(get("/v1/results/" + busy).body().path("resDialName").asText()).isEqualTo("BUSY");
    // A read's counts are at most CampaignReads.MAX_AGE old.
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode counts = get("/v1/campaigns/" + id).body().path("counts");
              assertThat(counts.path("dialed").asLong()).isEqualTo(2);
              assertThat(counts.path("answered").asLong()).isEqualTo(1);
              assertThat(counts.path("busy").asLong()).isEqualTo(1);
              assertThat(counts.path("inFlight").asLong()).isEqualTo(1);
            });
  }

  @Test
  @Order(14)
  void healthChecksPingTheDatabaseAndTemporal() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode h = JSON.readTree(r.body());
    assertThat(h.path("database").path("healthy").asBoolean()).as("%s", h).isTrue();
    assertThat(h.path("temporal").path("healthy").asBoolean()).as("%s", h).isTrue();
    assertThat(r.statusCode()).isEqualTo(200);
  }

  @Test
  @Order(14)
  void adminTasksNeedTheTokenButHealthChecksAndMetricsDoNot() throws Exception {
    String admin = "http://127.0.0.1:" + APP.getAdminPort();
    String probe = "io.outdial.admin-task-probe";
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(probe);
    String logLevel = admin + "/tasks/log-level?logger=" + probe + "&level=DEBUG";
    for (String authorization : new String[] {null, "Bearer wrong-token", "Basic " + TOKEN}) {
      for (String task : List.of(logLevel, admin + "/tasks/gc", admin + "/tasks")) {
        HttpRequest.Builder b =
            HttpRequest.newBuilder(URI.create(task)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
          b.header("Authorization", authorization);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s with %s", task, authorization).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"outdial\"");
        assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(401);
      }
    }
    assertThat(logger.getLevel()).as("the refused task did not run").isNull();

    HttpResponse<String> set =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(logLevel))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(logger.getLevel()).isEqualTo(ch.qos.logback.classic.Level.DEBUG);
    HttpResponse<String> gc =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(admin + "/tasks/gc"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gc.statusCode()).isEqualTo(200);

    for (String open : List.of("/healthcheck", "/metrics", "/ping")) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(admin + open)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(open).isEqualTo(200);
    }
  }

  @Test
  @Order(15)
  void errorsJettyAnswersItselfUseTheJsonBody() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/campaigns//start"))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(400);
  }

  @Test
  @Order(16)
  void theApplicationRegistersExactlyTheResourcesTheOpenApiTestChecks() {
    Set<Class<?>> registered = new HashSet<>();
    var config = APP.getEnvironment().jersey().getResourceConfig();
    config.getInstances().stream()
        .map(Object::getClass)
        .filter(c -> c.isAnnotationPresent(Path.class))
        .forEach(registered::add);
    config.getClasses().stream()
        .filter(c -> c.isAnnotationPresent(Path.class))
        .forEach(registered::add);
    assertThat(registered).containsExactlyInAnyOrderElementsOf(ApiModel.RESOURCES);
  }

  @Test
  @Order(17)
  void generatedBadRequestsAgainstTheRealServerGetNo5xx() {
    long seed = Long.getLong("outdial.fuzz.seed", 42L);
    ApiFuzzer fuzzer = new ApiFuzzer(seed);
    Map<Integer, Integer> statuses =
        fuzzer.run(
            Integer.getInteger("outdial.fuzz.it.requests", 1000),
            () -> {
              Parts p = parts();
              String entry =
                  created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1\"]}]")
                      .path("ids")
                      .get(0)
                      .asText();
              String c = campaign(p, "fuzz");
              return Map.of(
                  "plan",
                  p.plan(),
                  "destination",
                  p.destination(),
                  "dlma",
                  p.dlma(),
                  "entry",
                  entry,
                  "campaign",
                  c,
                  "result",
                  UUID.randomUUID().toString());
            },
            r -> {
              HttpRequest.Builder b =
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + APP.getLocalPort() + r.path()))
                      .timeout(Duration.ofSeconds(60))
                      .header("Authorization", "Bearer " + TOKEN)
                      .method(
                          r.method(),
                          r.body() == null
                              ? HttpRequest.BodyPublishers.noBody()
                              : HttpRequest.BodyPublishers.ofByteArray(r.body()));
              if (r.contentType() != null && r.body() != null) {
                b.header("Content-Type", r.contentType());
              }
              if (r.operator() != null) {
                // As a raw client sends it: the UTF-8 bytes (java.net.http takes Latin-1 only).
                b.header(
                    "X-Operator",
                    new String(
                        r.operator().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        java.nio.charset.StandardCharsets.ISO_8859_1));
              }
              try {
                HttpResponse<String> resp = send(b.build());
                return new ApiFuzzer.Answer(resp.statusCode(), resp.body());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            },
            seed);
    System.out.println("ApiServerIT fuzz: " + statuses);
    assertThat(statuses).containsKeys(200, 201, 400, 404, 422);
  }

  // ---- live events (GET /v1/events) --------------------------------------------------------

  /** One Server-Sent Event as read off the wire. */
  record Sse(String id, String name, JsonNode data) {}

  /** A client of GET /v1/events reading on its own thread until closed. */
  static final class SseClient implements AutoCloseable {
    final java.util.concurrent.BlockingQueue<Sse> events =
        new java.util.concurrent.LinkedBlockingQueue<>();
    final HttpResponse<java.io.InputStream> response;
    private final Thread reader;

    SseClient(String query, String lastEventId) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/events" + query))
              .header("Authorization", "Bearer " + TOKEN)
              .header("Accept", "text/event-stream");
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      reader =
          new Thread(
              () -> {
                try (java.io.BufferedReader in =
                    new java.io.BufferedReader(
                        new java.io.InputStreamReader(
                            response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                  String id = null;
                  String name = null;
                  StringBuilder data = new StringBuilder();
                  for (String line; (line = in.readLine()) != null; ) {
                    if (line.isEmpty()) {
                      if (data.length() > 0) {
                        events.add(new Sse(id, name, JSON.readTree(data.toString())));
                      }
                      id = null;
                      name = null;
                      data.setLength(0);
                    } else if (line.startsWith("id:")) {
                      id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                      name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                      data.append(line.substring(5).strip());
                    }
                  }
                } catch (IOException e) {
                  // closed
                }
              },
              "sse-client");
      reader.setDaemon(true);
      reader.start();
    }

    Sse next(String name) throws InterruptedException {
      while (true) {
        Sse e = events.poll(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(e).as("a %s event within 15 s", name).isNotNull();
        if (name == null || name.equals(e.name())) {
          return e;
        }
      }
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }

  /** Records {@code n} answered results of {@code campaignId} as the worker does (settleAll). */
  static List<String> recordResults(io.outdial.store.Database store, String campaignId, int n) {
    Instant now = Instant.now();
    List<io.outdial.store.AttemptStore.Reservation> reserved =
        store.attempts().reserveAttempts(campaignId, "sse-" + UUID.randomUUID(), n, now);
    assertThat(reserved).hasSize(n);
    List<io.outdial.store.Rows.ResultRow> rows = new java.util.ArrayList<>();
    for (io.outdial.store.AttemptStore.Reservation r : reserved) {
      store.attempts().markOriginateSent(r.attemptId(), "{}", now);
      rows.add(
          new io.outdial.store.Rows.ResultRow(
              UUID.randomUUID().toString(),
              r.attemptId(),
              campaignId,
              r.entryId(),
              6,
              "[]",
              4,
              16,
              "Normal Clearing",
              null,
              null,
              r.number(),
              1,
              1,
              "{}",
              now,
              now,
              now));
    }
    store.attempts().settleAll(rows, 0);
    return rows.stream().map(io.outdial.store.Rows.ResultRow::id).toList();
  }

  @Test
  @Order(18)
  void aClientThatResumesWithLastEventIdMissesNoResult() throws Exception {
    Parts p = parts();
    StringBuilder csv = new StringBuilder("number1\n");
    for (int i = 0; i < 40; i++) {
      csv.append(5_550_000 + i).append('\n');
    }
    assertThat(
            call("POST", "/v1/dlmas/" + p.dlma() + "/entries", "text/csv", csv.toString(), Map.of())
                .status())
        .isEqualTo(201);
    String id = campaign(p, "live");
    try (io.outdial.store.Database store =
        io.outdial.store.Database.connect(
            new io.outdial.store.DbConfig(
                io.outdial.store.DbConfig.jdbcUrl(DB.host, DB.port, DB.name),
                DB.user,
                DB.password,
                2,
                5000))) {
      List<String> all = new java.util.ArrayList<>();
      List<Sse> seen = new java.util.ArrayList<>();
      String lastId;
      try (SseClient first = new SseClient("?campaign=" + id, null)) {
        assertThat(first.response.statusCode()).isEqualTo(200);
        assertThat(first.response.headers().firstValue("Content-Type").orElse(""))
            .startsWith("text/event-stream");
        // On connecting: the campaign's counts.
        assertThat(first.next("counts").data().path("counts").path("dialed").asLong()).isZero();
        all.addAll(recordResults(store, id, 10));
        store.campaigns().updateCampaignStatus(id, 1, "started by alice");
        for (int i = 0; i < 4; i++) {
          seen.add(first.next("result"));
        }
        lastId = seen.get(3).id();
        // Counts once a second while something changes.
        assertThat(first.next("counts").data().path("campaign").asText()).isEqualTo(id);
      }
      // While no client listens: more results and a status change.
      all.addAll(recordResults(store, id, 10));
      store.campaigns().updateCampaignStatus(id, 0, "stopped by bob");
      try (SseClient again = new SseClient("?campaign=" + id, lastId)) {
        List<String> statuses = new java.util.ArrayList<>();
        while (seen.stream().filter(e -> "result".equals(e.name())).count() < 20
            || statuses.size() < 2) {
          Sse e = again.next(null);
          if ("result".equals(e.name())) {
            seen.add(e);
          } else if ("status".equals(e.name())) {
            statuses.add(e.data().path("reason").asText());
            seen.add(e);
          }
        }
        assertThat(statuses).containsExactly("started by alice", "stopped by bob");
      }
      List<Sse> results = seen.stream().filter(e -> "result".equals(e.name())).toList();
      assertThat(results)
          .extracting(e -> e.data().path("result").path("id").asText())
          .containsExactlyElementsOf(all);
      assertThat(results.get(0).data().path("result").path("resDialName").asText())
          .isEqualTo("ANSWERED");
      assertThat(seen).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();

      // The campaign's pace: started, 20 results in the last minute, all answered; dialing
      // again with 20 entries left, it should finish in about a minute.
      store.campaigns().updateCampaignStatus(id, 1, "started by carol");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                JsonNode pace = get("/v1/campaigns/" + id).body().path("pace");
                assertThat(pace.path("startedAt").isTextual()).as("%s", pace).isTrue();
                assertThat(pace.path("resultsLastMinute").asLong()).isEqualTo(20);
                assertThat(pace.path("answerRate").asDouble()).isEqualTo(1.0);
                Instant finish = Instant.parse(pace.path("estimatedFinishAt").asText());
                assertThat(finish).isBetween(Instant.now(), Instant.now().plusSeconds(75));
              });
    }
  }

  @Test
  @Order(19)
  void badEventsRequestsNameTheirField() {
    Answer bad = call("GET", "/v1/events?campaign=nope", null, null, Map.of());
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.body().toString()).contains("campaign");
    Answer badId = call("GET", "/v1/events", null, null, Map.of("Last-Event-ID", "yesterday"));
    assertThat(badId.status()).isEqualTo(422);
    assertThat(badId.body().toString()).contains("Last-Event-ID");
    Answer missing = call("GET", "/v1/events?campaign=" + UUID.randomUUID(), null, null, Map.of());
    assertThat(missing.status()).isEqualTo(404);
  }

  @Test
  @Order(100)
  void theTokenIsNeverLogged() throws Exception {
    // Appenders are asynchronous: wait until the request log has caught up with our requests.
    String requests =
        await("the request log caught up")
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> Files.exists(REQUEST_LOG) ? Files.readString(REQUEST_LOG) : "",
                r -> r.contains("/healthcheck") || r.contains("/v1/results"));
    assertThat(requests).contains("POST /v1/plans");
    assertThat(requests).doesNotContain(TOKEN);
    String server = Files.exists(SERVER_LOG) ? Files.readString(SERVER_LOG) : "";
    assertThat(server).doesNotContain(TOKEN);
  }
}
