package io.outdial.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outdial.e2e.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;

/**
 * Force stop with {@code -n} answered calls up (issue 12: 500 within 2 s), beside its baseline in
 * the same run: a bare asterisk-java client that originates as many calls, and once all are up
 * sends a Hangup for each and waits for their originated legs' Hangup events (what the PBX link
 * alone takes). Outdial: one campaign of {@code -n} entries, all up at once; from the force-stop
 * request to the campaign in STOP with every result recorded. Run by {@code bench/dial-bench.sh
 * --force-stop}; writes dial-bench-force-stop.json.
 */
final class ForceStopBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int calls = 500;
    Path dir = Path.of("bench/out");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-n" -> calls = Integer.parseInt(args[++i]);
        case "--out" -> dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; usage: --force-stop [-n calls] [--out dir]");
      }
    }
    final int n = calls;
    final Path out = dir;
    Files.createDirectories(out);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", Instant.now().toString());
    report.put("calls", n);
    try (Stack stack = new Stack()) {
      // Answered after 100 ms, up for two minutes: every call is up when the hangups come.
      stack.startSimulator("*=answer:100:120000");
      System.out.printf("== bare asterisk-java client: %,d calls up, then a Hangup each%n", n);
      report.put("bareMs", bare(stack, n));
      System.out.printf("   all hung up in %d ms%n", (long) report.get("bareMs"));

      System.out.printf("== outdial: force stop with %,d calls up%n", n);
      stack.startWorker();
      stack.startApi();
      String campaign = new DialBench(n, n, 120_000, 0, out).createCampaign(stack);
      stack.post("/v1/campaigns/" + campaign + "/start", Map.of());
      Stack.waitUntil(
          n + " calls answered",
          Duration.ofSeconds(180),
          () ->
              count(
                      stack,
                      "SELECT COUNT(*) n FROM attempt WHERE campaign_id = ? AND state ="
                          + " 'ORIGINATE_SENT' AND progress LIKE '%\"response\":\"Success\"%'",
                      campaign)
                  == n);
      long t0 = System.currentTimeMillis();
      stack.post("/v1/campaigns/" + campaign + "/force-stop", Map.of("reason", "bench"));
      long accepted = System.currentTimeMillis() - t0;
      Stack.waitUntil(
          "STOP with " + n + " results",
          Duration.ofSeconds(120),
          () ->
              count(stack, "SELECT COUNT(*) n FROM campaign WHERE id = ? AND status = 0", campaign)
                      == 1
                  && count(stack, "SELECT COUNT(*) n FROM result WHERE campaign_id = ?", campaign)
                      == n);
      long seen = System.currentTimeMillis() - t0;
      // From the rows' own times (this machine's clock, as the bench's): the poll above looks
      // every 200 ms.
      long lastHangup =
          epochMs(stack, "SELECT MAX(hangup_at) n FROM result WHERE campaign_id = ?", campaign)
              - t0;
      long lastResult =
          epochMs(stack, "SELECT MAX(created_at) n FROM result WHERE campaign_id = ?", campaign)
              - t0;
      long stopped =
          epochMs(stack, "SELECT updated_at n FROM campaign WHERE id = ?", campaign) - t0;
      long done = Math.max(lastResult, stopped);
      report.put("seenByPollMs", seen);
      report.put("lastResultMs", lastResult);
      report.put("stopMs", stopped);
      report.put("acceptedMs", accepted);
      report.put("lastHangupMs", lastHangup);
      report.put("stopWithEveryResultMs", done);
      report.put(
          "duplicateOriginates",
          stack.originatesByChannelId().values().stream().mapToInt(k -> k - 1).sum());
    }
    Path json = out.resolve("dial-bench-force-stop.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
    System.out.printf(
        "%n| force stop, %,d answered calls up | bare asterisk-java client | outdial |%n"
            + "|---|---|---|%n"
            + "| request accepted (202) | | %d ms |%n"
            + "| last call hung up (its hangup_at) | %d ms (every Hangup event in) | %d ms |%n"
            + "| last result recorded / campaign in STOP | | %d ms / %d ms |%n"
            + "| campaign in STOP, every result recorded | | **%d ms** |%n"
            + "| duplicate originates | | %d |%n",
        n,
        report.get("acceptedMs"),
        report.get("bareMs"),
        report.get("lastHangupMs"),
        report.get("lastResultMs"),
        report.get("stopMs"),
        report.get("stopWithEveryResultMs"),
        report.get("duplicateOriginates"));
    System.out.println("\nwrote " + json);
    System.exit(0);
  }

  /** Originates {@code n} calls, waits until all are up, then times the Hangup of them all. */
  private static long bare(Stack stack, int n) throws Exception {
    ManagerConnection ami =
        new ManagerConnectionFactory("127.0.0.1", stack.amiPort, "dialer", "s3cret")
            .createManagerConnection();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    CountDownLatch up = new CountDownLatch(n);
    CountDownLatch down = new CountDownLatch(n);
    ami.addEventListener(
        e -> {
          if (e instanceof OriginateResponseEvent o
              && "Success".equalsIgnoreCase(o.getResponse())
              && ids.contains(o.getUniqueId())) {
            up.countDown();
          } else if (e instanceof HangupEvent h && ids.remove(h.getUniqueId())) {
            down.countDown();
          }
        });
    ami.login();
    try {
      BareClientLoop.BenchPlan plan = BareClientLoop.BenchPlan.standard();
      java.util.List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        sent.add(id);
        ami.sendAction(BareClientLoop.originate(id, plan.number(900_000 + i), plan), 10_000);
      }
      if (!up.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(up.getCount() + " calls never came up");
      }
      long t0 = System.currentTimeMillis();
      for (String id : sent) {
        ami.sendAction(new HangupAction(id), r -> {});
      }
      if (!down.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(down.getCount() + " calls never hung up");
      }
      return System.currentTimeMillis() - t0;
    } finally {
      ami.logoff();
    }
  }

  /** A DATETIME(3) the store wrote (UTC) as epoch milliseconds. */
  private static long epochMs(Stack stack, String sql, String arg) throws Exception {
    Object v = stack.query(sql, arg).get(0).get("n");
    return v instanceof java.time.LocalDateTime ldt
        ? ldt.toInstant(java.time.ZoneOffset.UTC).toEpochMilli()
        : ((java.sql.Timestamp) v).toInstant().toEpochMilli();
  }

  private static long count(Stack stack, String sql, String arg) {
    try {
      return ((Number) stack.query(sql, arg).get(0).get("n")).longValue();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
