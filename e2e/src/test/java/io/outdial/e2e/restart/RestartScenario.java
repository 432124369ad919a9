package io.outdial.e2e.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.e2e.Stack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One campaign of {@value #ENTRIES} entries on a {@link Stack}, dialed at a pace that keeps calls
 * up (answered after 50 ms, hung up after {@value #CALL_MS} ms; at most {@value #MAX_CALLS} calls
 * at once, {@value #CALLS_PER_SECOND} new calls a second), through which one process is restarted;
 * then the checks every restart test shares.
 */
final class RestartScenario {
  static final int ENTRIES = 200;
  static final int CALL_MS = 5000;
  static final int MAX_CALLS = 40;
  static final int CALLS_PER_SECOND = 10;

  /** Simulator rules: every number of the list is answered and hung up by the far end. */
  static final String RULES = "r*=answer:50:" + CALL_MS;

  static final String OPERATOR = "restart-test-operator";

  /**
   * Seconds a killed MariaDB or Temporal server stays down before it is started again (on top of
   * its own start-up time): {@code -Drestart.downSeconds=N}, default 3.
   */
  static final int DOWN_SECONDS = Integer.getInteger("restart.downSeconds", 3);

  final Stack stack;
  final String label;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Who the operator actions say asked (the X-Operator header). */
  String operator = OPERATOR;

  String campaignId;
  private long startedAt;

  /** The project root (the folder holding temporal-dev/). */
  static java.nio.file.Path root() {
    java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("temporal-dev"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (a folder with temporal-dev/)");
    }
    return p;
  }

  RestartScenario(Stack stack, String label) {
    this.stack = stack;
    this.label = label;
  }

  /** Simulator (with its control port), worker and api-server, each its own process. */
  void startProcesses() throws Exception {
    stack.startSimulatorWithControlPort(RULES);
    stack.startWorker();
    stack.startApi();
  }

  /** Creates plan, destination, list and campaign through REST and starts it as an operator. */
  void createAndStart() throws Exception {
    createAndStart(ENTRIES);
  }

  /** {@link #createAndStart()} with a list of that many entries. */
  void createAndStart(int entryCount) throws Exception {
    Integer[] maxRetry = new Integer[8];
    Arrays.fill(maxRetry, 1);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("name", label + " plan");
    plan.put("techName", "Local/");
    plan.put("trunkName", "targets");
    plan.put("dialTimeout", 10_000);
    plan.put("callerId", "\"ACME Test\" <5551234>");
    plan.put("retryDelay", 1);
    plan.put("maxRetry", maxRetry);
    plan.put("dlEndHandle", 1);
    plan.put("maxConcurrentCalls", MAX_CALLS);
    plan.put("callsPerSecond", CALLS_PER_SECOND);
    String planId = stack.post("/v1/plans", plan).get("id").asText();
    String destId =
        stack
            .post(
                "/v1/destinations",
                Map.of(
                    "name",
                    "sales queue",
                    "type",
                    0,
                    "context",
                    "agents",
                    "exten",
                    "sales",
                    "priority",
                    "1"))
            .get("id")
            .asText();
    String dlma = stack.post("/v1/dlmas", Map.of("name", label + " list")).get("id").asText();
    List<Map<String, Object>> entries = new ArrayList<>();
    for (int i = 0; i < entryCount; i++) {
      entries.add(Map.of("name", "Customer " + i, "numbers", List.of(String.format("r%04d", i))));
    }
    stack.post("/v1/dlmas/" + dlma + "/entries", entries);
    campaignId =
        stack
            .post(
                "/v1/campaigns",
                Map.of(
                    "name",
                    label + " campaign",
                    "plan",
                    planId,
                    "destination",
                    destId,
                    "dlma",
                    dlma))
            .get("id")
            .asText();
    HttpResponse<String> r = control("start");
    if (r.statusCode() != 202) {
      fail("starting campaign " + campaignId + " answered " + r.statusCode() + ": " + r.body());
    }
    startedAt = System.nanoTime();
  }

  /** POST /v1/campaigns/{id}/{verb} as {@link #OPERATOR}, status not judged. */
  HttpResponse<String> control(String verb) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + stack.apiPort
                        + "/v1/campaigns/"
                        + campaignId
                        + "/"
                        + verb))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + Stack.TOKEN)
            .header("X-Operator", operator)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"" + label + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int count(String sql, Object... args) {
    try {
      return ((Number) stack.query(sql, args).get(0).values().iterator().next()).intValue();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answered calls up now: attempts sent whose result is not in yet. */
  int callsInFlight() {
    return count(
        "SELECT COUNT(*) FROM attempt WHERE campaign_id = ? AND state = 'ORIGINATE_SENT'",
        campaignId);
  }

  int originatesNow() {
    try {
      return stack.originateCount();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until at least {@code originated} calls left and {@code up} of them are in flight: the
   * moment to restart something. Returns the calls in flight then.
   */
  int awaitCallsUp(int originated, int up) throws InterruptedException {
    Stack.waitUntil(
        originated + " originates and " + up + " calls in flight",
        Duration.ofSeconds(120),
        () -> originatesNow() >= originated && callsInFlight() >= up);
    return callsInFlight();
  }

  /** Lines of the worker's latest log containing the text. */
  long workerLogLines(String text) {
    try (var lines = Files.lines(stack.logOf("worker"))) {
      return lines.filter(l -> l.contains(text)).count();
    } catch (Exception e) {
      return 0;
    }
  }

  String campaignStatus() {
    try {
      List<Map<String, Object>> rows =
          stack.query("SELECT status, status_reason FROM campaign WHERE id = ?", campaignId);
      return rows.get(0).get("status") + " " + rows.get(0).get("status_reason");
    } catch (Exception e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /**
   * Waits for the campaign to stop by itself because its list is done, then checks everything the
   * restart must not have broken, prints the numbers and returns them.
   *
   * @param back when the restarted process was serving again
   * @param inFlightAtRestart calls in flight when it went down
   * @param downMs how long it was down
   */
  Map<String, Object> finish(Instant back, int inFlightAtRestart, long downMs) throws Exception {
    // Status 0 is STOP (PRODUCT.md 3.1); the reason says why it stopped.
    try {
      Stack.waitUntil(
          "campaign " + campaignId + " to stop by itself with its list done",
          Duration.ofSeconds(240),
          () -> campaignStatus().equals("0 dial list finished"));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; campaign status and reason now: "
              + campaignStatus()
              + "; attempts not settled: "
              + count(
                  "SELECT COUNT(*) FROM attempt" + " WHERE campaign_id = ? AND state <> 'SETTLED'",
                  campaignId)
              + "; worker log "
              + stack.logOf("worker"),
          e);
    }
    double campaignSeconds = (System.nanoTime() - startedAt) / 1e9;
    JsonNode viaRest = stack.get("/v1/campaigns/" + campaignId);
    assertThat(viaRest.get("statusName").asText()).as("status via REST").isEqualTo("STOP");

    List<Map<String, Object>> entries =
        stack.query(
            "SELECT e.id, e.status, e.try_count1,"
                + " e.total_tries FROM dl_entry e JOIN campaign c ON c.dlma_id = e.dlma_id"
                + " WHERE c.id = ?",
            campaignId);
    List<Map<String, Object>> attempts =
        stack.query("SELECT id, entry_id, state FROM attempt WHERE campaign_id = ?", campaignId);
    List<Map<String, Object>> results =
        stack.query(
            "SELECT attempt_id, entry_id, dialing_status,"
                + " res_dial FROM result WHERE campaign_id = ?",
            campaignId);
    Map<String, Integer> originates = stack.originatesByChannelId();

    Map<Object, Integer> attemptsPerEntry = new HashMap<>();
    attempts.forEach(a -> attemptsPerEntry.merge(a.get("entry_id"), 1, Integer::sum));
    Map<Object, Integer> resultsPerEntry = new HashMap<>();
    results.forEach(r -> resultsPerEntry.merge(r.get("entry_id"), 1, Integer::sum));
    Map<Object, Integer> resultsPerAttempt = new HashMap<>();
    results.forEach(r -> resultsPerAttempt.merge(r.get("attempt_id"), 1, Integer::sum));
    List<String> attemptIds = attempts.stream().map(a -> (String) a.get("id")).toList();

    List<String> problems = new ArrayList<>();
    int notSettled = 0;
    for (Map<String, Object> a : attempts) {
      if (!"SETTLED".equals(a.get("state"))) {
        notSettled++;
        problems.add("attempt " + a.get("id") + " is " + a.get("state"));
      }
      int n = resultsPerAttempt.getOrDefault(a.get("id"), 0);
      if (n != 1) {
        problems.add("attempt " + a.get("id") + " has " + n + " result rows");
      }
    }
    int lostResults =
        (int) attempts.stream().filter(a -> !resultsPerAttempt.containsKey(a.get("id"))).count();
    for (Map<String, Object> r : results) {
      if (!attemptIds.contains((String) r.get("attempt_id"))) {
        problems.add("result of unknown attempt " + r.get("attempt_id"));
      }
    }
    int entriesNotDone = 0;
    for (Map<String, Object> e : entries) {
      int tries = ((Number) e.get("try_count1")).intValue();
      int nAttempts = attemptsPerEntry.getOrDefault(e.get("id"), 0);
      int nResults = resultsPerEntry.getOrDefault(e.get("id"), 0);
      // One try per number (maxRetry 1) and the list is done: each entry was tried exactly
      // once, and that attempt has its one result.
      if (tries != 1
          || nAttempts != 1
          || nResults != 1
          || ((Number) e.get("status")).intValue() != 0) {
        entriesNotDone++;
        problems.add(
            "entry "
                + e.get("id")
                + ": status "
                + e.get("status")
                + ", try_count1 "
                + tries
                + ", attempts "
                + nAttempts
                + ", results "
                + nResults);
      }
    }
    int duplicates = 0;
    for (Map.Entry<String, Integer> o : originates.entrySet()) {
      if (o.getValue() > 1) {
        duplicates++;
        problems.add("ChannelId " + o.getKey() + " originated " + o.getValue() + " times");
      }
      if (!attemptIds.contains(o.getKey())) {
        problems.add("ChannelId " + o.getKey() + " originated but is no attempt of the campaign");
      }
    }
    Map<Integer, Integer> byDialingStatus = new TreeMap<>();
    results.forEach(
        r -> byDialingStatus.merge(((Number) r.get("dialing_status")).intValue(), 1, Integer::sum));
    Instant next = firstOriginateAfter(back);
    String nextOriginate = next == null ? "none" : Duration.between(back, next).toMillis() + " ms";

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("calls in flight at restart", inFlightAtRestart);
    report.put("down ms", downMs);
    report.put("back to next originate", nextOriginate);
    report.put("entries", entries.size());
    report.put("attempts", attempts.size());
    report.put("results", results.size());
    report.put("originated ChannelIds", originates.size());
    report.put("duplicate originates", duplicates);
    report.put("lost results", lostResults);
    report.put("attempts not settled", notSettled);
    report.put("entries not done", entriesNotDone);
    report.put("results by dialing status", byDialingStatus);
    report.put("campaign s", String.format("%.1f", campaignSeconds));
    System.out.println("[" + label + "] " + report);
    problems.stream().limit(20).forEach(p -> System.out.println("[" + label + "]   " + p));

    assertThat(entries).as("entries of the list").hasSize(ENTRIES);
    assertThat(problems).as(label + ": " + report).isEmpty();
    assertThat(attempts).as("attempts").hasSize(ENTRIES);
    assertThat(results).as("result rows").hasSize(ENTRIES);
    assertThat(next)
        .as(
            "an originate after the restarted process was back at "
                + back
                + " (the restart happened while the list still had entries to dial)")
        .isNotNull();
    return report;
  }

  /** The first Originate the simulator received at or after {@code t}, or null. */
  Instant firstOriginateAfter(Instant t) throws Exception {
    Instant first = null;
    for (String line : Files.readAllLines(stack.originateLog)) {
      String[] f = line.split("\t");
      if (f.length < 2) {
        continue;
      }
      Instant at = Instant.parse(f[0]);
      if (!at.isBefore(t) && (first == null || at.isBefore(first))) {
        first = at;
      }
    }
    return first;
  }
}
