package io.outdial.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outdial.e2e.Stack;
import io.outdial.e2e.fuzz.ApiInputs.Refs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one {@link CampaignCase} on a {@link Stack}: creates its resources through the REST API, and
 * when all were accepted, starts the campaign, sends its operator actions, waits until it is back
 * in STOP (by itself, or after a stop this runner sends), and checks what the campaign left in the
 * database and in Temporal. Every problem becomes one line of the case's report, with what was sent
 * and answered; the run goes on to the next case.
 */
final class CaseRunner {
  /** How long a campaign expected to finish its list by itself may take beyond its estimate. */
  static final Duration FINISH_MARGIN = Duration.ofSeconds(20);

  /** How long a campaign that is not expected to finish may dial before it is stopped. */
  static final Duration DIAL_BEFORE_STOP = Duration.ofSeconds(6);

  /** How long a graceful stop may take: calls in flight end within a few seconds here. */
  static final Duration STOP_WAIT = Duration.ofSeconds(25);

  static final Duration FORCE_STOP_WAIT = Duration.ofSeconds(12);

  /** Longest list a campaign may take by itself (estimate) to be expected to finish it. */
  static final double FINISH_ESTIMATE_MAX_S = 20;

  private final Stack stack;
  private final Histories histories;
  private final ServerLog serverLog;
  private final Path reports;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** What became of one case. */
  record Outcome(
      int caseNo, boolean accepted, String campaignId, List<String> failures, String report) {}

  CaseRunner(Stack stack, Histories histories) throws IOException {
    this.stack = stack;
    this.serverLog = new ServerLog(stack);
    this.histories = histories;
    this.reports = stack.logs.resolve(stack.dbName + "-fuzz");
    Files.createDirectories(reports);
  }

  Outcome run(int caseNo, CampaignCase c) throws Exception {
    Transcript t = new Transcript();
    List<String> failures = new ArrayList<>();
    String campaignId = null;
    boolean accepted = false;
    try {
      campaignId = createAll(c, t, failures);
      if (campaignId != null) {
        accepted = true;
        runCampaign(c, campaignId, t, failures);
      }
    } catch (Exception | AssertionError e) {
      failures.add("the test itself failed: " + e);
    }
    String report = report(caseNo, c, campaignId, failures, t);
    Files.writeString(
        reports.resolve("case-" + caseNo + ".txt"), report + "\n\nfull requests:\n" + t.full);
    return new Outcome(caseNo, accepted, campaignId, failures, report);
  }

  // ---- creating the resources ----------------------------------------------------------------

  /** Creates everything; returns the campaign's id, or null when something was refused. */
  private String createAll(CampaignCase c, Transcript t, List<String> failures) throws Exception {
    String plan = create(t, failures, "/v1/plans", ApiInputs.json(c.plan()), c.plan());
    String destination =
        create(t, failures, "/v1/destinations", ApiInputs.json(c.destination()), c.destination());
    String dlma = create(t, failures, "/v1/dlmas", ApiInputs.json(c.dlma()), c.dlma());
    boolean entriesOk = false;
    if (dlma != null) {
      ArrayNode entries = FieldValue.NODES.arrayNode();
      List<FieldValue> all = new ArrayList<>();
      for (List<FieldValue> e : c.entries()) {
        entries.add(ApiInputs.json(e));
        all.addAll(e);
      }
      Answer a = t.send("POST", "/v1/dlmas/" + dlma + "/entries", entries.toString(), null);
      entriesOk = judgeWrite(a, all, failures, "POST /v1/dlmas/{id}/entries");
    }
    if (plan == null || destination == null || dlma == null || !entriesOk) {
      return null;
    }
    List<FieldValue> fields = new ArrayList<>(c.campaign());
    fields.add(c.schedule().toField(Instant.now()));
    fields.addAll(references(c.refs(), plan, destination, dlma));
    return create(t, failures, "/v1/campaigns", ApiInputs.json(fields), fields);
  }

  private static List<FieldValue> references(
      Refs refs, String plan, String destination, String dlma) {
    FieldValue.Kind k = refs.kind;
    return switch (refs) {
      case IDS ->
          List.of(
              FieldValue.of("plan", plan, k),
              FieldValue.of("destination", destination, k),
              FieldValue.of("dlma", dlma, k));
      case UPPER_CASE_IDS ->
          List.of(
              FieldValue.of("plan", plan.toUpperCase(Locale.ROOT), k),
              FieldValue.of("destination", destination.toUpperCase(Locale.ROOT), k),
              FieldValue.of("dlma", dlma.toUpperCase(Locale.ROOT), k));
      case PLAN_NOT_A_UUID ->
          List.of(
              FieldValue.of("plan", "not-a-uuid", k),
              FieldValue.of("destination", destination, FieldValue.Kind.SAFE),
              FieldValue.of("dlma", dlma, FieldValue.Kind.SAFE));
      case UNKNOWN_DESTINATION ->
          List.of(
              FieldValue.of("plan", plan, FieldValue.Kind.SAFE),
              FieldValue.of("destination", "00000000-0000-4000-8000-000000000001", k),
              FieldValue.of("dlma", dlma, FieldValue.Kind.SAFE));
      case NO_DLMA ->
          List.of(
              FieldValue.of("plan", plan, FieldValue.Kind.SAFE),
              FieldValue.of("destination", destination, FieldValue.Kind.SAFE),
              FieldValue.absent("dlma", k));
    };
  }

  /** POSTs a body; returns the new resource's id, or null when it was refused. */
  private String create(
      Transcript t, List<String> failures, String path, ObjectNode body, List<FieldValue> fields)
      throws Exception {
    Answer a = t.send("POST", path, body.toString(), null);
    if (!judgeWrite(a, fields, failures, "POST " + path)) {
      return null;
    }
    JsonNode id = a.json() == null ? null : a.json().get("id");
    if (id == null || !id.isTextual()) {
      failures.add("POST " + path + " answered " + a.status() + " without an id: " + a.shortBody());
      return null;
    }
    return id.textValue();
  }

  /**
   * Judges the answer to a write: 2xx is accepted; a 4xx must be the API's error body with every
   * error naming a field that the generator changed; anything else is a failure.
   */
  private boolean judgeWrite(
      Answer a, List<FieldValue> fields, List<String> failures, String what) {
    if (a.status() / 100 == 2) {
      return true;
    }
    if (a.status() / 100 != 4) {
      failures.add(
          what
              + " answered "
              + a.status()
              + " (no input may give a 5xx): "
              + a.shortBody()
              + serverLog.cause(a.body()));
      return false;
    }
    JsonNode errors = a.json() == null ? null : a.json().get("errors");
    if (errors == null || !errors.isArray() || errors.isEmpty()) {
      failures.add(
          what + " refused with " + a.status() + " without naming a field: " + a.shortBody());
      return false;
    }
    for (JsonNode e : errors) {
      String field = e.path("field").asText("");
      if (field.isBlank() || e.path("rule").asText("").isBlank()) {
        failures.add(what + " refused with an error that names no field or rule: " + e);
      } else if (!FieldValue.names(fields, field)) {
        failures.add(
            what
                + " refused field '"
                + field
                + "' ("
                + e.path("rule").asText()
                + "), which held a plain value: "
                + shownField(fields, field));
      }
    }
    return false;
  }

  private static String shownField(List<FieldValue> fields, String errorField) {
    for (FieldValue f : fields) {
      if (errorField.equals(f.field())
          || errorField.startsWith(f.field() + ".")
          || errorField.startsWith(f.field() + "[")) {
        return f.field() + "=" + ApiInputs.shown(f.json());
      }
    }
    return "(no such field was sent)";
  }

  // ---- running the campaign ------------------------------------------------------------------

  private void runCampaign(CampaignCase c, String id, Transcript t, List<String> failures)
      throws Exception {
    String base = "/v1/campaigns/" + id;
    boolean stopSent = false;
    boolean paused = false;
    for (int i = 0; i < c.steps().size(); i++) {
      Step s = c.steps().get(i);
      if (i > 0 && s.delayMs() > 0) {
        Thread.sleep(s.delayMs());
      }
      Answer a = t.send("POST", base + "/" + s.verb(), s.bodyText(), s.operatorValue());
      if (judgeAction(a, s, failures) && a.status() == 202) {
        stopSent |= s.verb().equals("stop") || s.verb().equals("force-stop");
        paused = s.verb().equals("pause") || (paused && !s.verb().equals("start"));
      }
    }
    Expectation expect = stopSent || paused ? null : expectation(c, id, t, failures);
    String last;
    if (stopSent) {
      last = awaitStop(id, STOP_WAIT, t, failures);
      if (!"STOP".equals(last)) {
        failures.add(
            "campaign did not reach STOP within "
                + STOP_WAIT.toSeconds()
                + " s of an accepted stop; it is "
                + last);
      }
    } else if (expect != null && expect.finishes) {
      Duration wait = Duration.ofMillis((long) (expect.estimateS * 1000)).plus(FINISH_MARGIN);
      last = awaitStop(id, wait, t, failures);
      if (!"STOP".equals(last)) {
        failures.add(
            "campaign did not finish its dial list by itself within "
                + wait.toSeconds()
                + " s ("
                + expect.why
                + "); it is "
                + last);
      }
    } else {
      last = awaitStop(id, DIAL_BEFORE_STOP, t, failures);
    }
    if (!"STOP".equals(last)) {
      last = stopAtTheEnd(id, last, t, failures);
    }
    if (!"STOP".equals(last)) {
      failures.add("campaign " + id + " is stuck in " + last + ": " + status(id, t));
    }
    checkRecords(id, t, failures);
    failures.addAll(histories.problems(id, attemptIds(id)));
    if (!"STOP".equals(last)) {
      histories.terminate(id, "AcceptedInputIT: stuck in " + last);
    }
  }

  /** The stop (then force stop) this runner sends to end the try; returns the last status. */
  private String stopAtTheEnd(String id, String now, Transcript t, List<String> failures)
      throws Exception {
    String base = "/v1/campaigns/" + id;
    Answer a = t.send("POST", base + "/stop", "{\"reason\":\"end of the try\"}", null);
    if (a.status() >= 500) {
      failures.add(
          "POST "
              + base
              + "/stop (sent by the test to end the try, campaign in "
              + now
              + ") answered "
              + a.status()
              + ": "
              + a.shortBody());
    }
    String last = awaitStop(id, STOP_WAIT, t, failures);
    if ("STOP".equals(last)) {
      return last;
    }
    failures.add(
        "campaign did not reach STOP within "
            + STOP_WAIT.toSeconds()
            + " s of the test's stop (answered "
            + a.status()
            + "); it is "
            + last);
    a = t.send("POST", base + "/force-stop", "{\"reason\":\"end of the try\"}", null);
    if (a.status() >= 500) {
      failures.add("POST " + base + "/force-stop answered " + a.status() + ": " + a.shortBody());
    }
    return awaitStop(id, FORCE_STOP_WAIT, t, failures);
  }

  /**
   * Judges the answer to an operator action: 202, or 409 naming the status the campaign is in (the
   * action does not apply to it), or a 4xx naming the reason or X-Operator when the generator
   * changed those. Returns whether the answer was acceptable.
   */
  private boolean judgeAction(Answer a, Step s, List<String> failures) {
    String what = "POST .../" + s.verb() + " (" + s + ")";
    if (a.status() == 202) {
      return true;
    }
    if (a.status() == 409) {
      if (a.json() == null || !a.json().has("currentStatusName")) {
        failures.add(what + " answered 409 without the current status: " + a.shortBody());
        return false;
      }
      return true;
    }
    if (a.status() / 100 == 4) {
      List<FieldValue> fields = new ArrayList<>();
      if (s.reasonPerturbed()) {
        fields.add(s.reason());
      }
      fields.add(s.operator());
      judgeWrite(a, fields, failures, what);
      return false;
    }
    failures.add(what + " answered " + a.status() + ": " + a.shortBody());
    return false;
  }

  /** Whether the campaign should finish its list by itself soon, read back from the server. */
  private record Expectation(boolean finishes, double estimateS, String why) {}

  private Expectation expectation(CampaignCase c, String id, Transcript t, List<String> failures)
      throws Exception {
    JsonNode campaign = read(t, failures, "/v1/campaigns/" + id);
    if (campaign == null) {
      return new Expectation(false, 0, "campaign unreadable");
    }
    JsonNode plan = read(t, failures, "/v1/plans/" + campaign.path("plan").asText());
    JsonNode destination =
        read(t, failures, "/v1/destinations/" + campaign.path("destination").asText());
    JsonNode entries =
        read(t, failures, "/v1/dlmas/" + campaign.path("dlma").asText() + "/entries?limit=100");
    if (plan == null || destination == null || entries == null) {
      return new Expectation(false, 0, "resources unreadable");
    }
    if (!"off".equals(campaign.path("scheduling").asText())) {
      return new Expectation(false, 0, "scheduling is " + campaign.path("scheduling").asText());
    }
    if (plan.path("dlEndHandle").asInt(-1) != 1) {
      return new Expectation(false, 0, "dlEndHandle " + plan.path("dlEndHandle"));
    }
    JsonNode cps = plan.path("callsPerSecond");
    if (cps.isNumber() && cps.asDouble() < 1) {
      return new Expectation(false, 0, "callsPerSecond " + cps);
    }
    if (destination.path("type").asInt() == 1
        && destination.path("application").asText().equalsIgnoreCase("queue")) {
      return new Expectation(false, 0, "a queue destination waits for available agents");
    }
    double dialS = plan.path("dialTimeout").asInt(30_000) / 1000.0;
    double retryS = plan.path("retryDelay").asInt(60);
    JsonNode maxRetry = plan.path("maxRetry");
    double longest = 0;
    double total = 0;
    for (JsonNode e : entries.path("items")) {
      double s = 0;
      JsonNode numbers = e.path("numbers");
      for (int i = 0; i < numbers.size(); i++) {
        String n = numbers.get(i).asText("");
        if (n.isEmpty()) {
          continue;
        }
        // Every try is counted as unanswered (answered ones end the entry sooner).
        double call = n.equalsIgnoreCase("noanswer") ? dialS + 1 : 3;
        s += maxRetry.path(i).asInt(5) * (call + retryS);
      }
      longest = Math.max(longest, s);
      total += s;
    }
    double estimate = plan.path("maxConcurrentCalls").asInt(0) == 1 ? total : longest;
    String why =
        String.format(Locale.ROOT, "scheduling off, dlEndHandle 1, estimated %.0f s", estimate);
    return new Expectation(estimate <= FINISH_ESTIMATE_MAX_S, estimate, why);
  }

  /** Waits until the campaign reads STOP or {@code timeout} passes; returns the last status. */
  private String awaitStop(String id, Duration timeout, Transcript t, List<String> failures)
      throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    String last = "(unread)";
    boolean reported = false;
    while (true) {
      Answer a = send("GET", "/v1/campaigns/" + id, null, null);
      if (a.status() == 200 && a.json() != null) {
        last = a.json().path("statusName").asText();
        if (last.equals("STOP")) {
          return last;
        }
      } else if (!reported) {
        reported = true;
        t.note("GET /v1/campaigns/" + id + " -> " + a.status() + " " + a.shortBody());
        failures.add("GET /v1/campaigns/" + id + " answered " + a.status() + ": " + a.shortBody());
      }
      if (System.nanoTime() > until) {
        return last;
      }
      Thread.sleep(250);
    }
  }

  private String status(String id, Transcript t) throws Exception {
    Answer a = send("GET", "/v1/campaigns/" + id, null, null);
    if (a.json() == null) {
      return a.status() + " " + a.shortBody();
    }
    JsonNode j = a.json();
    return "status "
        + j.path("statusName").asText()
        + ", reason "
        + ApiInputs.shown(j.get("statusReason"))
        + ", counts "
        + j.path("counts")
        + ", dialings "
        + send("GET", "/v1/campaigns/" + id + "/dialings", null, null).shortBody();
  }

  // ---- what the campaign left behind ---------------------------------------------------------

  private void checkRecords(String id, Transcript t, List<String> failures) throws Exception {
    List<Map<String, Object>> rows =
        stack.query(
            "SELECT a.id, a.state, a.number,"
                + " (SELECT COUNT(*) FROM result r WHERE r.attempt_id = a.id) AS results"
                + " FROM attempt a WHERE a.campaign_id = ? ORDER BY a.created_at",
            id);
    int settled = 0;
    for (Map<String, Object> r : rows) {
      long n = ((Number) r.get("results")).longValue();
      if (n != 1) {
        failures.add(
            "attempt "
                + r.get("id")
                + " (state "
                + r.get("state")
                + ", number "
                + ApiInputs.shown(FieldValue.NODES.textNode(String.valueOf(r.get("number"))))
                + ") has "
                + n
                + " result rows, not exactly one");
      } else {
        settled++;
      }
    }
    t.note("attempts: " + rows.size() + ", with exactly one result row: " + settled);
    for (String path :
        List.of(
            "/v1/campaigns/" + id,
            "/v1/campaigns/" + id + "/dialings",
            "/v1/results?campaign=" + id)) {
      Answer a = t.send("GET", path, null, null);
      if (a.status() != 200) {
        failures.add("GET " + path + " answered " + a.status() + ": " + a.shortBody());
      }
    }
  }

  private List<String> attemptIds(String id) throws Exception {
    return stack.query("SELECT id FROM attempt WHERE campaign_id = ?", id).stream()
        .map(r -> (String) r.get("id"))
        .toList();
  }

  private JsonNode read(Transcript t, List<String> failures, String path) throws Exception {
    Answer a = t.send("GET", path, null, null);
    if (a.status() != 200 || a.json() == null) {
      failures.add("GET " + path + " answered " + a.status() + ": " + a.shortBody());
      return null;
    }
    return a.json();
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** An HTTP answer, its body parsed when it is JSON. */
  record Answer(int status, String body, JsonNode json) {
    String shortBody() {
      // Error messages stay whole; long values the API echoes back are shortened.
      String s = json != null ? ApiInputs.shown(json, 400) : body;
      return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    /** A created resource by its id, anything else as {@link #shortBody()}. */
    String brief() {
      return status / 100 == 2 && json != null && json.has("id") && !json.has("statusName")
          ? "id " + json.get("id").asText()
          : shortBody();
    }
  }

  private Answer send(String method, String path, String body, String operator) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort + path))
            .header("Authorization", "Bearer " + Stack.TOKEN)
            .timeout(Duration.ofSeconds(60));
    if (operator != null) {
      b.header("X-Operator", operator);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = null;
    try {
      json = r.body().isEmpty() ? null : Stack.JSON.readTree(r.body());
    } catch (IOException notJson) {
      // Kept as text: a body that is not JSON is itself reported by whoever judges it.
    }
    return new Answer(r.statusCode(), r.body(), json);
  }

  /** What one case sent and got, shortened for the report and in full for its file. */
  private final class Transcript {
    final StringBuilder shortened = new StringBuilder();
    final StringBuilder full = new StringBuilder();

    /** Sends a request; writes are in the report, reads only in the case's file. */
    Answer send(String method, String path, String body, String operator) throws Exception {
      Answer a = CaseRunner.this.send(method, path, body, operator);
      String op =
          operator == null
              ? ""
              : " X-Operator: " + ApiInputs.shown(FieldValue.NODES.textNode(operator));
      String shownBody = body == null ? "" : " " + ApiInputs.shown(parse(body));
      if (!method.equals("GET") || a.status() != 200) {
        shortened
            .append("    ")
            .append(method)
            .append(' ')
            .append(path)
            .append(op)
            .append(shownBody)
            .append("\n      -> ")
            .append(a.status())
            .append(' ')
            .append(a.brief())
            .append('\n');
      }
      full.append(method)
          .append(' ')
          .append(path)
          .append(op)
          .append('\n')
          .append(body == null ? "" : body + "\n")
          .append("-> ")
          .append(a.status())
          .append(' ')
          .append(a.body())
          .append("\n\n");
      return a;
    }

    void note(String line) {
      shortened.append("    ").append(line).append('\n');
      full.append(line).append("\n\n");
    }

    private JsonNode parse(String body) {
      try {
        return Stack.JSON.readTree(body);
      } catch (IOException e) {
        return FieldValue.NODES.textNode(body);
      }
    }
  }

  private String report(
      int caseNo, CampaignCase c, String campaignId, List<String> failures, Transcript t) {
    StringBuilder sb = new StringBuilder();
    sb.append("case ")
        .append(caseNo)
        .append(campaignId == null ? "" : " (campaign " + campaignId + ")")
        .append(": ")
        .append(failures.isEmpty() ? "ok" : failures.size() + " failure(s)")
        .append('\n');
    failures.forEach(f -> sb.append("  FAILURE: ").append(f).append('\n'));
    sb.append("  changed from plain: ").append(c.perturbed()).append('\n');
    sb.append("  steps: ").append(c.steps()).append('\n');
    sb.append("  requests:\n").append(t.shortened);
    sb.append("  full requests in ").append(reports.resolve("case-" + caseNo + ".txt"));
    return sb.toString();
  }
}
