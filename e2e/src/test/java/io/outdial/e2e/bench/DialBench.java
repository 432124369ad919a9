package io.outdial.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.outdial.e2e.Stack;
import io.outdial.e2e.bench.BareClientLoop.BenchPlan;
import io.outdial.workflows.DialingStatus;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dial bench (issue 12): the bare asterisk-java loop and the product against the same PBX
 * simulator, one after the other in one run, on a stack of its own (a fresh database and task queue
 * on the running MariaDB and Temporal dev server; its own simulator, worker and api-server). Calls
 * are answered at once and hung up after {@code --call-ms}; one campaign dials {@code -n} entries,
 * one try each, with {@code maxConcurrentCalls} {@code --max-calls}. Prints a table and writes it
 * as JSON and a PNG plot of originates/s and calls in flight over time.
 *
 * <p>Run through {@code bench/dial-bench.sh}, which builds, starts what is missing and passes the
 * Temporal and MariaDB process ids ({@code -Dbench.pid.temporal}, {@code -Dbench.pid.mariadb}) for
 * their CPU time.
 */
public final class DialBench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final int entries;
  private final int maxCalls;
  private final long callMs;
  private final double cps;
  private final Path out;
  private final int workers;
  private final int warmup;
  private final BenchPlan plan = BenchPlan.standard();

  DialBench(int entries, int maxCalls, long callMs, double cps, Path out) {
    this(entries, maxCalls, callMs, cps, out, 1, 0);
  }

  DialBench(int entries, int maxCalls, long callMs, double cps, Path out, int workers, int warmup) {
    this.workers = workers;
    this.warmup = warmup;
    this.entries = entries;
    this.maxCalls = maxCalls;
    this.callMs = callMs;
    this.cps = cps;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int n = 3000;
    int maxCalls = 1000;
    long callMs = 2000;
    double cps = 0;
    Path out = Path.of("bench/out");
    int workers = 1;
    int warmup = 0;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-n" -> n = Integer.parseInt(args[++i]);
        case "--max-calls" -> maxCalls = Integer.parseInt(args[++i]);
        case "--call-ms" -> callMs = Long.parseLong(args[++i]);
        case "--cps" -> cps = Double.parseDouble(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; usage: [-n entries] [--max-calls n] [--call-ms ms] [--cps calls/s]"
                    + " [--workers n] [--warmup entries] [--out dir]");
      }
    }
    Files.createDirectories(out);
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be 1 or more");
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("--warmup must be 0 or more");
    }
    Map<String, Object> report =
        new DialBench(n, maxCalls, callMs, cps, out, workers, warmup).run();
    Path json = out.resolve("dial-bench.json");
    JSON.writeValue(json.toFile(), report);
    System.out.println("\nwrote " + json + " and " + out.resolve("dial-bench.png"));
    System.exit(0);
  }

  Map<String, Object> run() throws Exception {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("entries", entries);
    report.put("maxConcurrentCalls", maxCalls);
    report.put("callMs", callMs);
    report.put("callsPerSecond", cps);
    report.put("workers", workers);
    report.put("warmupEntries", warmup);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    try (Stack stack = new Stack()) {
      stack.startSimulator("*=answer:0:" + callMs);
      Map<String, Long> pids = new LinkedHashMap<>();
      pids.put("simulator", stack.pid("pbx-sim"));
      externalPid("temporal").ifPresent(p -> pids.put("temporal", p));
      externalPid("mariadb").ifPresent(p -> pids.put("mariadb", p));

      System.out.printf(
          "== bare asterisk-java client: %,d calls, at most %,d alive%n", entries, maxCalls);
      pids.put("client", ProcessHandle.current().pid());
      if (warmup > 0) {
        // The same loop first, not measured: the client's JIT compiles as the worker's does in
        // the product's warm-up below.
        System.out.printf("   warm-up: %,d calls, not measured%n", warmup);
        new BareClientLoop("127.0.0.1", stack.amiPort).run(warmup, maxCalls, plan);
      }
      int bareFrom = originateLines(stack);
      Map<String, Double> cpu0 = cpu(pids);
      BareClientLoop.Result bare =
          new BareClientLoop("127.0.0.1", stack.amiPort).run(entries, maxCalls, plan);
      Map<String, Double> bareCpu = perThousand(cpu0, cpu(pids), entries);
      pids.remove("client");
      List<Long> bareOriginates = originateTimes(stack, bareFrom);
      Series bareSeries = Series.of(bareOriginates, bare.endedAtMs());
      Map<String, Object> bareReport = new LinkedHashMap<>();
      bareReport.put("originatesPerSecond", steadyRate(bareOriginates));
      bareReport.put("refused", bare.refused());
      bareReport.put("peakCallsInFlight", bare.peakAlive());
      bareReport.put("wallSeconds", bare.wallMs() / 1000.0);
      bareReport.put("cpuSecondsPer1000", bareCpu);
      report.put("bare", bareReport);
      System.out.printf("   %.0f originates/s%n", steadyRate(bareOriginates));

      System.out.printf("== outdial: one campaign of %,d entries%n", entries);
      stack.startWorker();
      // More workers on the same PBX (--workers): they share the calls; each one's share is
      // counted from its log, one line per Originate it sent.
      for (int w = 2; w <= workers; w++) {
        stack.startWorkerAs("worker-" + w, Map.of());
      }
      stack.startApi();
      pids.put("worker", stack.pid("worker"));
      for (int w = 2; w <= workers; w++) {
        pids.put("worker-" + w, stack.pid("worker-" + w));
      }
      pids.put("api-server", stack.pid("api-server"));
      if (warmup > 0) {
        // A campaign of its own first, on the same worker and stack, not measured: a worker runs
        // for days, and the first minute of a JVM spends much of its CPU in the JIT compiler
        // (40% of the worker's in a flight recording of a cold 6,000-entry run), which is not
        // what a call costs.
        warmUp(stack);
      }
      int productFrom = originateLines(stack);
      String campaignId = createCampaign(stack, entries, "dial bench");
      Map<String, Object> product;
      try (ProcessStats.Heap heap = new ProcessStats.Heap(pids.get("worker"));
          TemporalCounts temporal = new TemporalCounts(stack.temporalAddress)) {
        product = runCampaign(stack, campaignId, pids, heap, temporal, productFrom);
      }
      report.put("outdial", product);
      report.put("ratio", (double) product.get("originatesPerSecond") / steadyRate(bareOriginates));
      Series productSeries = (Series) product.remove("series");
      Plot.write(
          out.resolve("dial-bench.png"),
          bareSeries,
          productSeries,
          (Series) product.remove("countedSeries"));
      printTable(report);
    }
    return report;
  }

  private Map<String, Object> runCampaign(
      Stack stack,
      String campaignId,
      Map<String, Long> pids,
      ProcessStats.Heap heap,
      TemporalCounts temporal,
      int originatesBefore)
      throws Exception {
    TemporalConnection connection = TemporalConnection.plain(stack.temporalAddress, "default");
    WorkflowServiceStubs service = connection.newServiceStubs();
    WorkflowClient client = connection.newClient(service);
    long workerPid = pids.get("worker");
    Map<String, Double> cpu0 = cpu(pids);
    long start = System.currentTimeMillis();
    stack.post("/v1/campaigns/" + campaignId + "/start", Map.of());
    List<long[]> counted = new ArrayList<>(); // time, calls the campaign counts in flight
    int peakThreads = 0;
    long settled = 0;
    long deadline = start + Duration.ofSeconds(300 + entries / 5).toMillis();
    while (true) {
      Thread.sleep(1000);
      long now = System.currentTimeMillis();
      try {
        JsonNode view =
            client.newUntypedWorkflowStub("campaign-" + campaignId).query("View", JsonNode.class);
        // The calls it paces on: in flight, but those whose end a lane has reported.
        JsonNode up = view.path("callsUp");
        counted.add(
            new long[] {now, up.isNumber() ? up.asLong() : view.path("attemptsInFlight").size()});
      } catch (RuntimeException e) {
        System.out.println("   (View query failed: " + e.getMessage() + ")");
      }
      peakThreads = Math.max(peakThreads, ProcessStats.threads(workerPid));
      settled = count(stack, "SELECT COUNT(*) n FROM result WHERE campaign_id = ?", campaignId);
      String status = stack.get("/v1/campaigns/" + campaignId).path("statusName").asText();
      System.out.printf(
          "   %4ds settled %,6d, campaign counts %4d in flight, heap %4.0f MB, %s%n",
          (now - start) / 1000,
          settled,
          counted.isEmpty() ? -1 : counted.get(counted.size() - 1)[1],
          heap.usedMb(),
          status);
      if (settled >= entries && status.equals("STOP")) {
        break;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "the campaign did not finish in time: "
                + settled
                + " of "
                + entries
                + " settled, status "
                + status);
      }
    }
    Map<String, Double> cpu = perThousand(cpu0, cpu(pids), entries);
    List<Long> originates = originateTimes(stack, originatesBefore);
    Map<String, long[]> calls = callTimes(stack, campaignId);
    Series series = Series.of(originates, calls.values().stream().map(c -> c[1]).toList());
    Map<String, Long> seen = temporal.attemptEndsSeen(campaignId);
    Map<String, long[]> lane = temporal.laneStages(campaignId);
    List<Long> latencies = new ArrayList<>();
    // The same for the calls hung up in the steady state, the window settled/s is measured over
    // (between the 10th and 90th percentile of the hangups): the worker's first seconds (a cold
    // JVM, the first lane starting) do not count there.
    List<Long> steadyLatencies = new ArrayList<>();
    List<Long> hangups = new ArrayList<>(calls.values().stream().map(c -> c[1]).toList());
    hangups.sort(null);
    long steadyFrom = hangups.isEmpty() ? 0 : hangups.get(hangups.size() / 10);
    long steadyTo = hangups.isEmpty() ? 0 : hangups.get(hangups.size() * 9 / 10);
    // The same, stage by stage, for the calls seen at every stage: hangup to the lane's CallsEnded,
    // to the lane's AttemptsFinished at the campaign, to the campaign's task.
    List<Long> toLane = new ArrayList<>();
    List<Long> inLane = new ArrayList<>();
    List<Long> toCampaign = new ArrayList<>();
    // One line per call, by the time of its hangup: where in the run the slow ones are.
    List<String> perCall = new ArrayList<>();
    perCall.add("hangup_ms,to_campaign_ms,to_lane_ms,in_lane_ms,lane_to_campaign_ms");
    long origin = originates.isEmpty() ? 0 : originates.get(0);
    calls.forEach(
        (attemptId, c) -> {
          Long at = seen.get(attemptId);
          if (at != null) {
            latencies.add(at - c[1]);
            if (c[1] >= steadyFrom && c[1] <= steadyTo) {
              steadyLatencies.add(at - c[1]);
            }
            long[] l = lane.get(attemptId);
            String stagesOf = ",,";
            if (l != null && l[0] >= 0 && l[1] >= 0) {
              toLane.add(l[0] - c[1]);
              inLane.add(l[1] - l[0]);
              toCampaign.add(at - l[1]);
              stagesOf = (l[0] - c[1]) + "," + (l[1] - l[0]) + "," + (at - l[1]);
            }
            perCall.add((c[1] - origin) + "," + (at - c[1]) + "," + stagesOf);
          }
        });
    Files.write(out.resolve("dial-bench-latencies.csv"), perCall);
    TemporalCounts.Executions exec = temporal.executions(campaignId);
    long attempts =
        count(stack, "SELECT COUNT(*) n FROM attempt WHERE campaign_id = ?", campaignId);
    service.shutdown();

    Map<String, Object> r = new LinkedHashMap<>();
    r.put("originatesPerSecond", steadyRate(originates));
    r.put("settledPerSecond", steadyRate(calls.values().stream().map(c -> c[1]).toList()));
    r.put("results", settled);
    r.put("attempts", attempts);
    r.put(
        "duplicateOriginates",
        stack.originatesByChannelId().values().stream().mapToInt(times -> times - 1).sum());
    r.put("peakCallsInFlight", series.peakAlive());
    r.put("peakCountedByCampaign", counted.stream().mapToLong(c -> c[1]).max().orElse(0));
    r.put(
        "hangupToCampaignMs",
        Map.of(
            "p50",
            percentile(latencies, 50),
            "p99",
            percentile(latencies, 99),
            "max",
            percentile(latencies, 100),
            "measured",
            latencies.size(),
            "steadyP50",
            percentile(steadyLatencies, 50),
            "steadyP99",
            percentile(steadyLatencies, 99)));
    Map<String, Object> stages = new LinkedHashMap<>();
    stages.put(
        "hangupToLane", Map.of("p50", percentile(toLane, 50), "p99", percentile(toLane, 99)));
    stages.put("inLane", Map.of("p50", percentile(inLane, 50), "p99", percentile(inLane, 99)));
    stages.put(
        "laneToCampaign",
        Map.of("p50", percentile(toCampaign, 50), "p99", percentile(toCampaign, 99)));
    stages.put("measured", toLane.size());
    r.put("hangupToCampaignStagesMs", stages);
    Map<String, Object> events = new LinkedHashMap<>();
    events.put("perAttempt", attempts == 0 ? 0 : (double) exec.events() / attempts);
    events.put("campaignRuns", exec.campaignRuns());
    events.put("campaignEvents", exec.campaignEvents());
    events.put("children", exec.children());
    events.put("childEvents", exec.childEvents());
    r.put("historyEvents", events);
    r.put("cpuSecondsPer1000", cpu);
    r.put("originatesByWorker", originatesByWorker(stack));
    r.put("workerHeapPeakMb", heap.peakMb());
    r.put("workerOldGenPeakMb", heap.oldPeakMb());
    r.put("workerPeakThreads", peakThreads);
    r.put("wallSeconds", (System.currentTimeMillis() - start) / 1000.0);
    r.put("series", series);
    r.put("countedSeries", Series.sampled(counted, series.originMs()));
    return r;
  }

  /** How many Originates each worker sent, from its log (AmiClient logs one line per Originate). */
  private Map<String, Long> originatesByWorker(Stack stack) throws java.io.IOException {
    Map<String, Long> byWorker = new LinkedHashMap<>();
    for (int w = 1; w <= workers; w++) {
      String name = w == 1 ? "worker" : "worker-" + w;
      try (var lines = Files.lines(stack.logOf(name))) {
        byWorker.put(name, lines.filter(l -> l.contains("AmiClient - originate ")).count());
      }
    }
    return byWorker;
  }

  /** Runs a campaign of {@link #warmup} entries to its end, measuring nothing. */
  private void warmUp(Stack stack) throws Exception {
    System.out.printf("   warm-up: a campaign of %,d entries, not measured%n", warmup);
    String id = createCampaign(stack, warmup, "dial bench warm-up");
    stack.post("/v1/campaigns/" + id + "/start", Map.of());
    long deadline = System.currentTimeMillis() + Duration.ofSeconds(300 + warmup / 5).toMillis();
    while (true) {
      Thread.sleep(1000);
      long settled = count(stack, "SELECT COUNT(*) n FROM result WHERE campaign_id = ?", id);
      String status = stack.get("/v1/campaigns/" + id).path("statusName").asText();
      if (settled >= warmup && status.equals("STOP")) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "the warm-up campaign did not finish in time: " + settled + " of " + warmup);
      }
    }
  }

  /** Lines in the simulator's originate log so far: where the next run's originates start. */
  private static int originateLines(Stack stack) throws java.io.IOException {
    if (!Files.exists(stack.originateLog)) {
      return 0;
    }
    try (var lines = Files.lines(stack.originateLog)) {
      return (int) lines.count();
    }
  }

  String createCampaign(Stack stack) throws Exception {
    return createCampaign(stack, entries, "dial bench");
  }

  private String createCampaign(Stack stack, int entries, String name) throws Exception {
    Integer[] maxRetry = new Integer[8];
    Arrays.fill(maxRetry, 1);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("techName", plan.techName());
    body.put("trunkName", plan.trunk());
    body.put("dialTimeout", plan.dialTimeoutMs());
    body.put("callerId", plan.callerId());
    body.put("retryDelay", 1);
    body.put("maxRetry", maxRetry);
    body.put("maxConcurrentCalls", maxCalls);
    if (cps > 0) {
      // The campaign paced at this rate (the bare client is not): latency at a given load.
      body.put("callsPerSecond", cps);
    }
    JsonNode p = stack.post("/v1/plans", body);
    JsonNode d =
        stack.post(
            "/v1/destinations",
            Map.of(
                "name",
                "bench agents",
                "type",
                0,
                "context",
                plan.context(),
                "exten",
                plan.exten(),
                "priority",
                "1"));
    JsonNode l = stack.post("/v1/dlmas", Map.of("name", "bench list"));
    for (int from = 0; from < entries; from += 5000) {
      List<Map<String, Object>> chunk = new ArrayList<>();
      for (int i = from; i < Math.min(entries, from + 5000); i++) {
        chunk.add(Map.of("name", "Customer " + i, "numbers", List.of(plan.number(i))));
      }
      stack.post("/v1/dlmas/" + l.get("id").asText() + "/entries", chunk);
    }
    return stack
        .post(
            "/v1/campaigns",
            Map.of(
                "name",
                name,
                "plan",
                p.get("id").asText(),
                "destination",
                d.get("id").asText(),
                "dlma",
                l.get("id").asText()))
        .get("id")
        .asText();
  }

  /** Per attempt of the campaign: when its Originate left and when its call hung up (epoch ms). */
  private static Map<String, long[]> callTimes(Stack stack, String campaignId) throws Exception {
    Map<String, long[]> out = new HashMap<>();
    for (Map<String, Object> row :
        stack.query(
            "SELECT attempt_id, status_trail FROM result WHERE campaign_id = ?", campaignId)) {
      JsonNode trail = JSON.readTree((String) row.get("status_trail"));
      long sent = -1;
      long ended = -1;
      for (JsonNode step : trail) {
        int status = step.path("status").asInt();
        long at = step.path("atMs").asLong();
        if (status == DialingStatus.ORIGINATE_SENT.code() && sent < 0) {
          sent = at;
        }
        if (status == DialingStatus.HANGUP.code() || ended < 0 || at > ended) {
          ended = Math.max(ended, at);
        }
      }
      out.put((String) row.get("attempt_id"), new long[] {sent, ended});
    }
    return out;
  }

  /** When the simulator received each Originate, from line {@code from} of its log on. */
  private static List<Long> originateTimes(Stack stack, int from) throws Exception {
    List<String> lines =
        Files.exists(stack.originateLog) ? Files.readAllLines(stack.originateLog) : List.of();
    List<Long> times = new ArrayList<>();
    for (String line : lines.subList(Math.min(from, lines.size()), lines.size())) {
      if (!line.isBlank()) {
        times.add(Instant.parse(line.split("\t")[0]).toEpochMilli());
      }
    }
    times.sort(null);
    return times;
  }

  /**
   * The steady-state rate of a series of event times: the events between its 10th and 90th
   * percentile over the time between them, so the ramp-up and the tail do not count.
   */
  static double steadyRate(List<Long> times) {
    if (times.size() < 10) {
      return 0;
    }
    List<Long> sorted = new ArrayList<>(times);
    sorted.sort(null);
    int lo = sorted.size() / 10;
    int hi = sorted.size() * 9 / 10;
    long span = sorted.get(hi) - sorted.get(lo);
    return span <= 0 ? 0 : (hi - lo) * 1000.0 / span;
  }

  static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static Map<String, Double> cpu(Map<String, Long> pids) {
    Map<String, Double> out = new LinkedHashMap<>();
    pids.forEach((name, pid) -> out.put(name, ProcessStats.cpuSeconds(pid)));
    return out;
  }

  private static Map<String, Double> perThousand(
      Map<String, Double> before, Map<String, Double> after, int calls) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach(
        (name, s) ->
            out.put(
                name,
                Math.round((s - before.getOrDefault(name, 0.0)) * 1000.0 / calls * 100) / 100.0));
    return out;
  }

  private static java.util.Optional<Long> externalPid(String name) {
    String pid = System.getProperty("bench.pid." + name, "");
    return pid.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Long.parseLong(pid));
  }

  private static long count(Stack stack, String sql, String arg) throws Exception {
    return ((Number) stack.query(sql, arg).get(0).get("n")).longValue();
  }

  @SuppressWarnings("unchecked")
  private static void printTable(Map<String, Object> report) {
    Map<String, Object> bare = (Map<String, Object>) report.get("bare");
    Map<String, Object> ours = (Map<String, Object>) report.get("outdial");
    Map<String, Object> latency = (Map<String, Object>) ours.get("hangupToCampaignMs");
    Map<String, Object> events = (Map<String, Object>) ours.get("historyEvents");
    Map<String, Double> bareCpu = (Map<String, Double>) bare.get("cpuSecondsPer1000");
    Map<String, Double> ourCpu = (Map<String, Double>) ours.get("cpuSecondsPer1000");
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            "%n| %,d entries, %,d calls at most, calls of %d ms%s%s | bare asterisk-java"
                + " client | outdial |%n|---|---|---|%n",
            (int) report.get("entries"),
            (int) report.get("maxConcurrentCalls"),
            (long) report.get("callMs"),
            ((double) report.get("callsPerSecond")) > 0
                ? ", campaign paced at " + report.get("callsPerSecond") + " calls/s"
                : "",
            ((int) report.get("warmupEntries")) > 0
                ? String.format(", after a warm-up of %,d", (int) report.get("warmupEntries"))
                : ""));
    row(
        t,
        "originates/s (steady state)",
        fmt(bare.get("originatesPerSecond")),
        fmt(ours.get("originatesPerSecond"))
            + String.format(" (ratio %.2f)", (double) report.get("ratio")));
    row(t, "attempts settled/s", "", fmt(ours.get("settledPerSecond")));
    row(
        t,
        "peak calls in flight",
        bare.get("peakCallsInFlight"),
        ours.get("peakCallsInFlight")
            + " (the campaign counted "
            + ours.get("peakCountedByCampaign")
            + ")");
    row(t, "hangup to campaign, p50 / p99 ms", "", latency.get("p50") + " / " + latency.get("p99"));
    row(
        t,
        "  the same in the steady state, p50 / p99 ms",
        "",
        latency.get("steadyP50") + " / " + latency.get("steadyP99"));
    Map<String, Object> stages = (Map<String, Object>) ours.get("hangupToCampaignStagesMs");
    for (String[] stage :
        new String[][] {
          {"hangupToLane", "  hangup to the lane's CallsEnded"},
          {"inLane", "  the lane's CallsEnded to its AttemptsFinished at the campaign"},
          {"laneToCampaign", "  AttemptsFinished at the campaign to its task"}
        }) {
      Map<String, Object> st = (Map<String, Object>) stages.get(stage[0]);
      row(t, stage[1] + ", p50 / p99 ms", "", st.get("p50") + " / " + st.get("p99"));
    }
    row(
        t,
        "history events per attempt",
        "",
        String.format(
            "%.1f (%s in %s campaign runs, %s in %s" + " children)",
            (double) events.get("perAttempt"),
            events.get("campaignEvents"),
            events.get("campaignRuns"),
            events.get("childEvents"),
            events.get("children")));
    Map<String, Object> byWorker = (Map<String, Object>) ours.get("originatesByWorker");
    if (byWorker.size() > 1) {
      long total = byWorker.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
      StringBuilder shares = new StringBuilder();
      byWorker.forEach(
          (w, v) ->
              shares.append(
                  String.format(
                      "%s%s %,d (%.0f%%)",
                      shares.length() == 0 ? "" : ", ",
                      w,
                      ((Number) v).longValue(),
                      total == 0 ? 0 : 100.0 * ((Number) v).longValue() / total)));
      row(t, "originates by worker", "", shares + String.format(", total %,d", total));
    }
    List<String> processes = new ArrayList<>(List.of("temporal", "worker"));
    for (int w = 2; w <= byWorker.size(); w++) {
      processes.add("worker-" + w);
    }
    processes.addAll(List.of("api-server", "mariadb", "simulator", "client"));
    for (String p : processes) {
      if (bareCpu.containsKey(p) || ourCpu.containsKey(p)) {
        row(
            t,
            "CPU s per 1,000 attempts: " + p,
            bareCpu.containsKey(p) ? bareCpu.get(p) : "",
            ourCpu.containsKey(p) ? ourCpu.get(p) : "");
      }
    }
    row(
        t,
        "worker heap peak / old gen peak MB",
        "",
        String.format(
            "%.0f / %.0f",
            (double) ours.get("workerHeapPeakMb"), (double) ours.get("workerOldGenPeakMb")));
    row(t, "worker threads (peak)", "", ours.get("workerPeakThreads"));
    row(t, "duplicate originates", "", ours.get("duplicateOriginates"));
    row(t, "wall time s", fmt(bare.get("wallSeconds")), fmt(ours.get("wallSeconds")));
    System.out.print(t);
  }

  private static void row(StringBuilder t, String what, Object bare, Object ours) {
    t.append("| ")
        .append(what)
        .append(" | ")
        .append(bare)
        .append(" | ")
        .append(ours)
        .append(" |\n");
  }

  private static String fmt(Object v) {
    return v instanceof Double d ? String.format("%.1f", d) : String.valueOf(v);
  }
}
