package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.outdial.api.support.MariaDbDatabase;
import io.outdial.workflows.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole server against the real MariaDB (a fresh database per run) and the Temporal dev
 * server. Missing services fail with how to start them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiServerIT {
  static final String TOKEN = "it-" + UUID.randomUUID();
  static final String TEMPORAL = System.getProperty("outdial.it.temporal.address", "127.0.0.1:7233");
  static final Path REQUEST_LOG = Path.of("target", "api-server-it-requests.log");
  static final Path SERVER_LOG = Path.of("target", "api-server-it.log");
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Fresh log files per run, so the last test reads only this run's lines.
    try {
      Files.deleteIfExists(REQUEST_LOG);
      Files.deleteIfExists(SERVER_LOG);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

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
  static final DropwizardAppExtension<ApiServerConfiguration> APP = new DropwizardAppExtension<>(
      TestApp.class, "config.yml",
      ConfigOverride.randomPorts(),
      ConfigOverride.config("database.host", DB.host),
      ConfigOverride.config("database.port", String.valueOf(DB.port)),
      ConfigOverride.config("database.user", DB.user),
      ConfigOverride.config("database.name", () -> DB.name),
      ConfigOverride.config("temporal.address", TEMPORAL),
      ConfigOverride.config("temporal.namespace", "default"),
      ConfigOverride.config("temporal.uiUrl", "http://127.0.0.1:8233"),
      ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
      ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
      ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
      ConfigOverride.config("logging.appenders[0].type", "file"),
      ConfigOverride.config("logging.appenders[0].currentLogFilename", SERVER_LOG.toString()),
      ConfigOverride.config("logging.appenders[0].archive", "false"));

  private static WorkflowServiceStubs temporalStubs;

  @AfterAll
  static void closeTemporal() {
    if (temporalStubs != null) {
      temporalStubs.shutdown();
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static Invocation.Builder request(String path) {
    return APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + path)
        .request(MediaType.APPLICATION_JSON).header("Authorization", "Bearer " + TOKEN);
  }

  private static Response post(String path, String json) {
    return request(path).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  private static JsonNode json(Response r) {
    try {
      return JSON.readTree(r.readEntity(String.class));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode created(String path, String json) {
    Response r = post(path, json);
    JsonNode body = json(r);
    assertThat(r.getStatus()).as("POST %s: %s", path, body).isEqualTo(201);
    return body;
  }

  private static String rule(JsonNode error, String field) {
    for (JsonNode e : error.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("rule").asText();
      }
    }
    return null;
  }

  private record Parts(String plan, String destination, String dlma) {}

  private static Parts parts() {
    String plan = created("/v1/plans", "{\"name\":\"it plan\",\"dialTimeout\":20000,"
        + "\"techName\":\"Local/\",\"trunkName\":\"\",\"maxRetry\":[2,1],\"dialMode\":\"NONE\"}")
        .path("id").asText();
    String destination = created("/v1/destinations",
        "{\"name\":\"sales queue\",\"type\":1,\"application\":\"Queue\",\"data\":\"sales\"}")
        .path("id").asText();
    String dlma = created("/v1/dlmas", "{\"name\":\"it list\",\"variables\":{\"LIST\":\"it\"}}")
        .path("id").asText();
    return new Parts(plan, destination, dlma);
  }

  private static String campaign(Parts p, String name) {
    return created("/v1/campaigns", "{\"name\":\"" + name + "\",\"plan\":\"" + p.plan()
        + "\",\"destination\":\"" + p.destination() + "\",\"dlma\":\"" + p.dlma() + "\"}")
        .path("id").asText();
  }

  private static WorkflowClient temporal() {
    String[] hostPort = TEMPORAL.split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
    } catch (IOException e) {
      fail("The Temporal dev server is not reachable at " + TEMPORAL + " (" + e.getMessage()
          + "). Start it with temporal-dev/stack.sh up (it registers the search attributes"
          + " CampaignId and CampaignStatus).");
    }
    if (temporalStubs == null) {
      temporalStubs = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(TEMPORAL).build());
    }
    return WorkflowClient.newInstance(temporalStubs,
        WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  private static void terminateQuietly(WorkflowStub stub) {
    try {
      stub.terminate("ApiServerIT done");
    } catch (RuntimeException e) {
      // Already closed (a worker of another test may have finished it): nothing to clean.
    }
  }

  // ---- tests -------------------------------------------------------------------------------

  @Test
  @Order(1)
  void createsAndReadsEveryResource() {
    Parts p = parts();
    JsonNode plan = json(request("/v1/plans/" + p.plan()).get());
    assertThat(plan.path("dialTimeout").asInt()).isEqualTo(20000);
    assertThat(plan.path("techName").asText()).isEqualTo("Local/");
    assertThat(plan.path("trunkName").isNull()).isTrue();
    assertThat(plan.path("maxRetry").toString()).isEqualTo("[2,1,5,5,5,5,5,5]");
    assertThat(plan.path("dialModeName").asText()).isEqualTo("NONE");
    assertThat(plan.path("dlEndHandleName").asText()).isEqualTo("STOP");
    assertThat(json(request("/v1/destinations/" + p.destination()).get()).path("typeName").asText())
        .isEqualTo("APPLICATION");
    assertThat(json(request("/v1/dlmas/" + p.dlma()).get()).path("variables").path("LIST").asText())
        .isEqualTo("it");

    JsonNode entries = created("/v1/dlmas/" + p.dlma() + "/entries", """
        [{"name":"Ann","numbers":["+33123456789","","2001"],"timezone":"Europe/Paris",
          "variables":{"LANG":"fr"},"email":"ann@example.com","ukey":"c-1"},
         {"numbers":["2002"]},
         {"numbers":["2003"]}]""");
    assertThat(entries.path("created").asInt()).isEqualTo(3);
    JsonNode list = json(request("/v1/dlmas/" + p.dlma() + "/entries").get());
    assertThat(list.path("count").asInt()).isEqualTo(3);
    // Entries of one import share created_at, so the list's order among them is the store's
    // tie-break (id), not the order given: find Ann by name.
    JsonNode ann = null;
    for (JsonNode item : list.path("items")) {
      if ("Ann".equals(item.path("name").asText())) {
        ann = item;
      }
    }
    assertThat(ann).as("Ann in %s", list).isNotNull();
    assertThat(ann.path("numbers").toString()).isEqualTo("[\"+33123456789\",\"\",\"2001\"]");
    assertThat(ann.path("statusName").asText()).isEqualTo("IDLE");
    assertThat(ann.path("tryCounts").toString()).isEqualTo("[0,0,0]");
    assertThat(ann.path("timezone").asText()).isEqualTo("Europe/Paris");

    JsonNode c = created("/v1/campaigns", "{\"name\":\"spring\",\"plan\":\"" + p.plan()
        + "\",\"destination\":\"" + p.destination() + "\",\"dlma\":\"" + p.dlma()
        + "\",\"schedule\":{\"mode\":0,\"timeStart\":\"09:00:00\",\"timeEnd\":\"18:00:00\"}}");
    assertThat(c.path("status").asInt()).isZero();
    assertThat(c.path("statusName").asText()).isEqualTo("STOP");
    String id = c.path("id").asText();
    JsonNode read = json(request("/v1/campaigns/" + id).get());
    assertThat(read.path("schedule").path("timeEnd").asText()).isEqualTo("18:00:00");
    assertThat(read.path("counts").path("remaining").asLong()).isEqualTo(3);
    assertThat(read.path("counts").path("dialed").asLong()).isZero();
    assertThat(read.path("temporalUiUrl").asText())
        .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/campaign-" + id);
  }

  @Test
  @Order(2)
  void requestsWithoutTheTokenAre401() {
    Response r = APP.client().target("http://127.0.0.1:" + APP.getLocalPort() + "/v1/plans")
        .request().post(Entity.json("{\"name\":\"p\"}"));
    assertThat(r.getStatus()).isEqualTo(401);
    JsonNode e = json(r);
    assertThat(e.path("status").asInt()).isEqualTo(401);
    assertThat(e.path("message").asText()).isNotBlank();
  }

  @Test
  @Order(3)
  void brokenRulesAre422NamingFieldAndRule() throws Exception {
    Response timeout = post("/v1/plans", "{\"name\":\"p\",\"dialTimeout\":100}");
    assertThat(timeout.getStatus()).isEqualTo(422);
    assertThat(rule(json(timeout), "dialTimeout")).isEqualTo("must be between 1000 and 600000");

    Response tech = post("/v1/plans", "{\"name\":\"p\",\"techName\":\"SIP/\\r\\nAction: Hangup\"}");
    assertThat(tech.getStatus()).isEqualTo(422);
    assertThat(rule(json(tech), "techName"))
        .isEqualTo("must not contain CR, LF or other control characters");

    Parts p = parts();
    String missing = UUID.randomUUID().toString();
    Response ref = post("/v1/campaigns", "{\"name\":\"c\",\"plan\":\"" + missing
        + "\",\"destination\":\"" + p.destination() + "\",\"dlma\":\"" + p.dlma() + "\"}");
    assertThat(ref.getStatus()).isEqualTo(422);
    assertThat(rule(json(ref), "plan")).isEqualTo("plan " + missing + " does not exist");
    assertThat(DB.count("SELECT COUNT(*) FROM campaign WHERE plan_id = ?", missing)).isZero();
    assertThat(DB.count("SELECT COUNT(*) FROM plan WHERE name = ?", "p")).isZero();
  }

  @Test
  @Order(4)
  void unreadableBodiesAre400() {
    Response unknown = post("/v1/plans", "{\"name\":\"p\",\"dialtimeout\":1000}");
    assertThat(unknown.getStatus()).isEqualTo(400);
    assertThat(rule(json(unknown), "dialtimeout")).isEqualTo("is not a known field");
    Response malformed = post("/v1/plans", "{\"name\":\"p\" \"x\"}");
    assertThat(malformed.getStatus()).isEqualTo(400);
    assertThat(json(malformed).path("message").asText()).startsWith("malformed JSON");
  }

  @Test
  @Order(5)
  void aRefusedImportWritesNothing() throws Exception {
    Parts p = parts();
    Response r = post("/v1/dlmas/" + p.dlma() + "/entries", """
        [{"numbers":["1001"]},{"numbers":["1002"]},{"numbers":["10 03"]},{"numbers":["1004"]}]""");
    assertThat(r.getStatus()).isEqualTo(422);
    assertThat(rule(json(r), "[2].numbers[0]")).isNotNull();
    assertThat(DB.count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma())).isZero();

    created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1001\"]},{\"numbers\":[\"1002\"]}]");
    assertThat(DB.count("SELECT COUNT(*) FROM dl_entry WHERE dlma_id = ?", p.dlma())).isEqualTo(2);
  }

  @Test
  @Order(6)
  void startsTheCampaignWorkflowAndStopsIt() throws Exception {
    WorkflowClient client = temporal();
    Parts p = parts();
    created("/v1/dlmas/" + p.dlma() + "/entries", "[{\"numbers\":[\"1001\"]}]");
    String id = campaign(p, "it start");
    WorkflowStub stub = client.newUntypedWorkflowStub("campaign-" + id);
    try {
      Response start = request("/v1/campaigns/" + id + "/start").post(null);
      JsonNode body = json(start);
      assertThat(start.getStatus()).as("start: %s", body).isEqualTo(202);
      assertThat(body.path("status").asInt()).isEqualTo(11);
      assertThat(body.path("statusName").asText()).isEqualTo("STARTING");
      assertThat(body.path("workflowId").asText()).isEqualTo("campaign-" + id);
      assertThat(body.path("temporalUiUrl").asText()).endsWith("/workflows/campaign-" + id);

      WorkflowExecutionDescription d = stub.describe();
      assertThat(d.getWorkflowType()).isEqualTo("CampaignWorkflow");
      assertThat(d.getTaskQueue()).isEqualTo("outdial-campaigns");
      assertThat(d.getStatus()).isIn(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED);
      assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_ID)).isEqualTo(id);
      assertThat(d.getMemo("campaignName", String.class)).isEqualTo("it start");

      if (d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        // No worker polls this task queue here, so the run stays open: a second start is a 409.
        Response again = request("/v1/campaigns/" + id + "/start").post(null);
        JsonNode conflict = json(again);
        assertThat(again.getStatus()).as("second start: %s", conflict).isEqualTo(409);
        assertThat(conflict.path("message").asText()).isEqualTo("campaign is already running");
        assertThat(conflict.path("currentStatusName").asText()).isNotBlank();

        Response stop = post("/v1/campaigns/" + id + "/stop", "{\"reason\":\"it done\"}");
        JsonNode stopping = json(stop);
        assertThat(stop.getStatus()).as("stop: %s", stopping).isEqualTo(202);
        assertThat(stopping.path("status").asInt()).isEqualTo(10);
        assertThat(stopping.path("statusName").asText()).isEqualTo("STOPPING");
      }
    } finally {
      terminateQuietly(stub);
    }
    Response stopped = post("/v1/campaigns/" + id + "/stop", "{}");
    assertThat(stopped.getStatus()).isEqualTo(409);
    assertThat(json(stopped).path("message").asText()).isEqualTo("campaign is not running");
  }

  @Test
  @Order(7)
  void resultsAreReadFromTheDatabaseWithNames() throws Exception {
    Parts p = parts();
    String id = campaign(p, "it results");
    String resultId = UUID.randomUUID().toString();
    try (Connection c = DB.connect(); PreparedStatement ps = c.prepareStatement("""
        INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status, status_trail,
          res_dial, res_hangup, res_hangup_text, detail, channel, number, number_index,
          try_count, snapshot, dialed_at, hangup_at, created_at)
        VALUES (?, ?, ?, ?, 6, ?, 4, 16, 'Normal Clearing', NULL, 'Local/1001@x-00000001;1',
          '1001', 1, 1, '{"plan":{"dialTimeout":20000}}', ?, ?, ?)""")) {
      ps.setString(1, resultId);
      ps.setString(2, UUID.randomUUID().toString());
      ps.setString(3, id);
      ps.setString(4, UUID.randomUUID().toString());
      ps.setString(5, "[{\"status\":1,\"at\":\"2030-01-01T10:00:00Z\"},{\"status\":6,\"at\":\"2030-01-01T10:01:00Z\"}]");
      // Times as text: Connector/J drops the milliseconds of typed timestamps on MariaDB
      // (it reads MariaDB's "5.5.5-10.x" version as 5.5.5, older than fractional seconds).
      ps.setString(6, "2030-01-01 10:00:00.250");
      ps.setString(7, "2030-01-01 10:01:00.000");
      ps.setString(8, "2030-01-01 10:01:00.500");
      ps.executeUpdate();
    }
    JsonNode page = json(request("/v1/results?campaign=" + id + "&offset=0&limit=10").get());
    assertThat(page.path("limit").asInt()).isEqualTo(10);
    JsonNode item = page.path("items").get(0);
    assertThat(item.path("id").asText()).isEqualTo(resultId);
    assertThat(item.path("resDialName").asText()).isEqualTo("ANSWERED");
    assertThat(item.path("resHangupName").asText()).isEqualTo("NORMAL_CLEARING");
    assertThat(item.path("dialingStatusName").asText()).isEqualTo("HANGUP");
    assertThat(item.path("statusTrail").get(1).path("status").asInt()).isEqualTo(6);
    assertThat(item.path("snapshot").path("plan").path("dialTimeout").asInt()).isEqualTo(20000);
    assertThat(item.path("createdAt").asText()).isEqualTo("2030-01-01T10:01:00.500Z");
    assertThat(item.path("dialedAt").asText()).isEqualTo("2030-01-01T10:00:00.250Z");
    assertThat(json(request("/v1/results/" + resultId).get()).path("number").asText()).isEqualTo("1001");

    JsonNode counts = json(request("/v1/campaigns/" + id).get()).path("counts");
    assertThat(counts.path("dialed").asLong()).isEqualTo(1);
    assertThat(counts.path("answered").asLong()).isEqualTo(1);
  }

  @Test
  @Order(8)
  void healthChecksPingTheDatabaseAndTemporal() throws Exception {
    temporal();
    Response r = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")
        .request().get();
    JsonNode h = json(r);
    assertThat(h.path("database").path("healthy").asBoolean()).as("%s", h).isTrue();
    assertThat(h.path("temporal").path("healthy").asBoolean()).as("%s", h).isTrue();
    assertThat(r.getStatus()).isEqualTo(200);
  }

  @Test
  @Order(9)
  void errorsJettyAnswersItselfUseTheJsonBody() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/campaigns//start"))
        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(400);
  }

  @Test
  @Order(100)
  void theTokenIsNeverLogged() throws Exception {
    // Appenders are asynchronous: wait until the request log has caught up with our requests.
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    String requests = "";
    while (Instant.now().isBefore(deadline)) {
      requests = Files.exists(REQUEST_LOG) ? Files.readString(REQUEST_LOG) : "";
      if (requests.contains("/healthcheck") || requests.contains("/v1/results")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(requests).contains("POST /v1/plans");
    assertThat(requests).doesNotContain(TOKEN);
    String server = Files.exists(SERVER_LOG) ? Files.readString(SERVER_LOG) : "";
    assertThat(server).doesNotContain(TOKEN);
  }
}
