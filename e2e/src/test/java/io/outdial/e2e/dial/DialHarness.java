package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dial tests do through the REST API of a {@link Stack}: plans, destinations, lists,
 * campaigns and operator actions, plus reads of the attempt and result tables and of the attempts'
 * Temporal histories.
 */
final class DialHarness implements AutoCloseable {
  final Stack stack;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  DialHarness(Stack stack) {
    this.stack = stack;
  }

  // ---- configuration through REST ------------------------------------------------------------

  /**
   * A plan: Local channels into {@code [targets]}, one try per number, retry delay 1 s, unless
   * {@code overrides} says otherwise (a null value removes the field).
   */
  String plan(String name, Map<String, Object> overrides) throws Exception {
    Integer[] maxRetry = new Integer[8];
    Arrays.fill(maxRetry, 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("techName", "Local/");
    body.put("trunkName", "targets");
    body.put("dialTimeout", 5000);
    body.put("callerId", "\"ACME Test\" <5551234>");
    body.put("retryDelay", 1);
    body.put("maxRetry", maxRetry);
    body.put("variables", Map.of("a", "b"));
    overrides.forEach(
        (k, v) -> {
          if (v == null) {
            body.remove(k);
          } else {
            body.put(k, v);
          }
        });
    return stack.post("/v1/plans", body).get("id").asText();
  }

  /**
   * A PBX of /v1/pbxs at 127.0.0.1:{@code amiPort} (user "dialer", its secret where {@code
   * secretRef} says), with the one trunk {@code trunk}; answers the trunk's id.
   */
  String pbxWithTrunk(String name, int amiPort, String secretRef, Map<String, Object> trunk)
      throws Exception {
    return stack
        .post(
            "/v1/pbxs",
            Map.of(
                "name",
                name,
                "amiHost",
                "127.0.0.1",
                "amiPort",
                amiPort,
                "amiUser",
                "dialer",
                "secretRef",
                secretRef,
                "trunks",
                List.of(trunk)))
        .path("trunks")
        .get(0)
        .path("id")
        .asText();
  }

  String extensionDestination(String name, String context, String exten, String priority)
      throws Exception {
    return stack
        .post(
            "/v1/destinations",
            Map.of(
                "name", name, "type", 0, "context", context, "exten", exten, "priority", priority))
        .get("id")
        .asText();
  }

  String applicationDestination(String name, String application, String data) throws Exception {
    return stack
        .post(
            "/v1/destinations",
            Map.of("name", name, "type", 1, "application", application, "data", data))
        .get("id")
        .asText();
  }

  /** A dial list with one entry per number (one number each). */
  String dlma(String name, List<String> numbers) throws Exception {
    String id = stack.post("/v1/dlmas", Map.of("name", name)).get("id").asText();
    for (int from = 0; from < numbers.size(); from += 500) {
      List<Map<String, Object>> entries = new ArrayList<>();
      for (int i = from; i < Math.min(numbers.size(), from + 500); i++) {
        entries.add(Map.of("name", "Customer " + i, "numbers", List.of(numbers.get(i))));
      }
      stack.post("/v1/dlmas/" + id + "/entries", entries);
    }
    return id;
  }

  String campaign(String name, String plan, String destination, String dlma) throws Exception {
    return stack
        .post(
            "/v1/campaigns",
            Map.of("name", name, "plan", plan, "destination", destination, "dlma", dlma))
        .get("id")
        .asText();
  }

  // ---- operator actions through REST ---------------------------------------------------------

  /** POST /v1/campaigns/{id}/{verb}; must answer 202 with the new status. */
  JsonNode control(String campaignId, String verb) throws Exception {
    HttpResponse<String> r =
        stack.postForResponse(
            "/v1/campaigns/" + campaignId + "/" + verb, Map.of("reason", "dial e2e test"));
    if (r.statusCode() != 202) {
      fail(
          "POST /v1/campaigns/"
              + campaignId
              + "/"
              + verb
              + " answered "
              + r.statusCode()
              + " (expected 202): "
              + r.body());
    }
    return Stack.JSON.readTree(r.body());
  }

  JsonNode start(String campaignId) throws Exception {
    JsonNode r = control(campaignId, "start");
    assertThat(r.get("statusName").asText()).as("status after start").isIn("STARTING", "START");
    return r;
  }

  JsonNode forceStop(String campaignId) throws Exception {
    JsonNode r = control(campaignId, "force-stop");
    assertThat(r.get("statusName").asText())
        .as("status after force-stop")
        .isIn("STOPPING_FORCEDLY", "STOP");
    return r;
  }

  JsonNode stop(String campaignId) throws Exception {
    JsonNode r = control(campaignId, "stop");
    assertThat(r.get("statusName").asText()).as("status after stop").isIn("STOPPING", "STOP");
    return r;
  }

  /**
   * An operator action as an operator under a crashing worker does it: a 503 (Temporal or the
   * worker not answering in time) is tried again; a 409 ends it once the campaign's workflow (the
   * 409's {@code currentStatusName}) or its row is in one of {@code done} (the earlier try went
   * through after all). Returns the last HTTP status.
   */
  int controlRetrying(String campaignId, String verb, Duration timeout, String... done)
      throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> r =
          stack.postForResponse(
              "/v1/campaigns/" + campaignId + "/" + verb, Map.of("reason", "dial e2e test"));
      if (r.statusCode() == 202) {
        return 202;
      }
      // The 409 names the workflow's own status; the campaign row follows it a moment later
      // (the workflow writes it through an activity, which waits for a restarted worker).
      if (r.statusCode() == 409
          && (List.of(done)
                  .contains(Stack.JSON.readTree(r.body()).path("currentStatusName").asText())
              || List.of(done).contains(statusName(campaignId)))) {
        return 409;
      }
      if (r.statusCode() != 503 || System.nanoTime() > until) {
        fail(
            "POST /v1/campaigns/"
                + campaignId
                + "/"
                + verb
                + " answered "
                + r.statusCode()
                + ": "
                + r.body());
      }
      System.out.println(verb + " answered 503, trying again: " + r.body());
      Thread.sleep(1000);
    }
  }

  String statusName(String campaignId) {
    return stack.get0("/v1/campaigns/" + campaignId).get("statusName").asText();
  }

  /** Waits for STOP (call only after a start or stop was accepted: the row left STOP then). */
  void awaitStop(String campaignId, Duration timeout) throws InterruptedException {
    Stack.waitUntil(
        "campaign " + campaignId + " to reach STOP",
        timeout,
        () -> "STOP".equals(statusName(campaignId)));
  }

  // ---- tables --------------------------------------------------------------------------------

  List<Map<String, Object>> attempts(String campaignId) throws Exception {
    return stack.query(
        "SELECT * FROM attempt WHERE campaign_id = ? ORDER BY created_at", campaignId);
  }

  List<Map<String, Object>> results(String campaignId) throws Exception {
    return stack.query(
        "SELECT * FROM result WHERE campaign_id = ? ORDER BY created_at", campaignId);
  }

  int count(String sql, Object... args) throws Exception {
    return ((Number) stack.query(sql, args).get(0).values().iterator().next()).intValue();
  }

  int countNow(String sql, Object... args) {
    try {
      return count(sql, args);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int originatesNow() {
    try {
      return stack.originateCount();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The dialing statuses of a result's trail, in order. */
  static List<Integer> trailStatuses(Map<String, Object> result) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (JsonNode step : Stack.JSON.readTree((String) result.get("status_trail"))) {
      out.add(step.get("status").asInt());
    }
    return out;
  }

  static int intOf(Map<String, Object> row, String column) {
    Object v = row.get(column);
    return v == null ? -1 : ((Number) v).intValue();
  }

  // ---- Temporal ------------------------------------------------------------------------------

  WorkflowClient temporal() {
    if (client == null) {
      TemporalConnection temporal = TemporalConnection.plain("127.0.0.1:7233", "default");
      service = temporal.newServiceStubs();
      client = temporal.newClient(service);
    }
    return client;
  }

  /** The events of one workflow's latest run. */
  List<HistoryEvent> history(String workflowId) {
    return temporal().fetchHistory(workflowId).getEvents();
  }

  /** The events of one run. */
  List<HistoryEvent> history(WorkflowExecution run) {
    return temporal().fetchHistory(run.getWorkflowId(), run.getRunId()).getEvents();
  }

  /**
   * Every run of every workflow of a campaign: its own ({@code campaign-<id>}, through
   * continue-as-new) and its children's ({@code campaign-<id>/...}: dialing lanes, or attempts of
   * runs from before them), with their history lengths.
   */
  Map<WorkflowExecution, Long> workflowsOf(String campaignId) {
    String prefix = "campaign-" + campaignId;
    Map<WorkflowExecution, Long> out = new LinkedHashMap<>();
    var stub = temporal().getWorkflowServiceStubs().blockingStub();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    do {
      var page =
          stub.listWorkflowExecutions(
              io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                  .setNamespace("default")
                  .setQuery("WorkflowId STARTS_WITH \"" + prefix + "\"")
                  .setPageSize(1000)
                  .setNextPageToken(token)
                  .build());
      for (var info : page.getExecutionsList()) {
        if (info.getExecution().getWorkflowId().equals(prefix)
            || info.getExecution().getWorkflowId().startsWith(prefix + "/")) {
          out.put(info.getExecution(), (long) history(info.getExecution()).size());
        }
      }
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return out;
  }

  /**
   * Checks the history events the campaigns' children (their dialing lanes) wrote per attempt
   * against the bound and prints them with the campaigns' own; returns the children's per attempt.
   */
  double assertChildEventsPerAttemptAtMost(List<String> campaignIds, double bound, String label)
      throws Exception {
    long attempts = 0;
    long childEvents = 0;
    long campaignEvents = 0;
    long children = 0;
    for (String campaignId : campaignIds) {
      attempts += attempts(campaignId).size();
      for (Map.Entry<WorkflowExecution, Long> w : workflowsOf(campaignId).entrySet()) {
        if (w.getKey().getWorkflowId().contains("/")) {
          children++;
          childEvents += w.getValue();
        } else {
          campaignEvents += w.getValue();
        }
      }
    }
    assertThat(attempts).as("attempts").isPositive();
    double perAttempt = (double) childEvents / attempts;
    System.out.printf(
        "%s: %d attempts; %d child runs wrote %d events (%.2f per attempt), the"
            + " campaigns' runs %d (%.2f per attempt)%n",
        label,
        attempts,
        children,
        childEvents,
        perAttempt,
        campaignEvents,
        (double) campaignEvents / attempts);
    assertThat(perAttempt)
        .as("child workflow events per attempt (bound " + bound + ")")
        .isLessThanOrEqualTo(bound);
    return perAttempt;
  }

  @Override
  public void close() {
    if (service != null) {
      service.shutdown();
    }
  }
}
