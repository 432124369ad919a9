package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.outdial.e2e.Stack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.junit.jupiter.api.Test;

/**
 * The worker is killed with SIGKILL again and again and started again each time, in three
 * situations: (a) just after an Originate left (the simulator's originate log grew), (b) while
 * answered calls are up, (c) while the AMI link is down (the simulator dropped it and refuses
 * reconnects for a few seconds). Each case runs its kills within one campaign; afterwards the
 * campaign is stopped ((b): force stopped) and every attempt must have settled with exactly one
 * result row (or been given back unsent: attempts whose Originate never left may be released), no
 * ChannelId may have been originated twice, and an attempt whose Originate never reached the PBX
 * must be recorded as an error (dialing status 10), never re-sent.
 */
class WorkerCrashLoopIT {
  /**
   * Kills per case: 5 in the everyday test run; {@code -Dcrash.kills=20} (or more) for the full
   * loop, e.g. {@code temporal-dev/test.sh -pl e2e -Dit.test=WorkerCrashLoopIT -Dcrash.kills=20}.
   */
  private static final int KILLS = Integer.getInteger("crash.kills", 5);

  private static final Duration SETTLE = Duration.ofSeconds(180);

  private final Random random = new Random(5);
  private Stack stack;
  private DialHarness h;
  private String plan;
  private String destination;

  /** One case's campaign after its kill loop. */
  record Case(String name, String campaign, int kills, double loopSeconds, String failure) {}

  /** What one case did and found. */
  record CaseReport(
      String name,
      int kills,
      int attempts,
      int settled,
      int results,
      int resultlessAttempts,
      int extraResults,
      int lost,
      int originated,
      int duplicates,
      int neverSentNotError,
      int tryCountMismatches,
      double seconds,
      String failure) {
    String line() {
      return String.format(
          "%-28s kills %2d | attempts %3d | settled %3d | results %3d"
              + " | without result %d | extra results %d | settled as lost (10) %3d"
              + " | originated %3d | duplicate originates %d | unsent not 10: %d"
              + " | try-count mismatches %d | kill loop %.0f s%s",
          name,
          kills,
          attempts,
          settled,
          results,
          resultlessAttempts,
          extraResults,
          lost,
          originated,
          duplicates,
          neverSentNotError,
          tryCountMismatches,
          seconds,
          failure == null ? "" : " | FAILED: " + failure);
    }
  }

  @Test
  void everyAttemptSettlesOnceAndNobodyIsDialedTwice() throws Exception {
    try (Stack s = new Stack();
        DialHarness harness = new DialHarness(s)) {
      stack = s;
      h = harness;
      // a*: short answered calls; b*: answered calls of 60 s; c*: answered calls of 5 s.
      stack.startSimulatorWithControlPort(
          "a*=answer:50:1500;b*=answer:50:60000;" + "c*=answer:50:5000");
      stack.startWorker();
      stack.startApi();
      // Two calls a second with room for 100 in flight: attempts stuck on the killed worker
      // (until Temporal times their activities out) never stop new calls from leaving.
      plan =
          h.plan(
              "crash loop",
              Map.of("maxConcurrentCalls", 100, "callsPerSecond", 2, "dialTimeout", 10_000));
      destination = h.extensionDestination("sales queue", "agents", "sales", "1");

      // Each case's campaign is stopped after its kills and settles while the next case runs
      // (so its attempts live through more kills); everything must have settled at the end.
      List<Case> cases = new ArrayList<>();
      cases.add(afterOriginateLeft());
      cases.add(whileCallsAreUp());
      cases.add(whileAmiLinkIsDown());
      List<CaseReport> reports = new ArrayList<>();
      for (Case c : cases) {
        reports.add(finish(c));
      }

      Map<String, Integer> originates = stack.originatesByChannelId();
      long duplicates = originates.values().stream().filter(n -> n > 1).count();
      System.out.println("worker crash loop, " + KILLS + " SIGKILLs per case:");
      reports.forEach(r -> System.out.println("  " + r.line()));
      System.out.printf(
          "  all cases: %d ChannelIds originated, %d of them more than once%n",
          originates.size(), duplicates);

      assertThat(originates)
          .as("originates per ChannelId over all cases")
          .allSatisfy((id, n) -> assertThat(n).as("originates of ChannelId " + id).isEqualTo(1));
      for (CaseReport r : reports) {
        assertThat(r.failure()).as(r.line()).isNull();
        assertThat(r.kills()).as(r.line()).isEqualTo(KILLS);
        assertThat(r.attempts()).as(r.line()).isPositive();
        assertThat(r.settled()).as("attempts SETTLED: " + r.line()).isEqualTo(r.attempts());
        assertThat(r.results()).as("result rows: " + r.line()).isEqualTo(r.attempts());
        assertThat(r.resultlessAttempts()).as(r.line()).isZero();
        assertThat(r.extraResults()).as(r.line()).isZero();
        assertThat(r.duplicates()).as(r.line()).isZero();
        assertThat(r.neverSentNotError()).as(r.line()).isZero();
        assertThat(r.tryCountMismatches()).as(r.line()).isZero();
      }
      assertThat(stack.query("SELECT id, state FROM attempt WHERE state <> 'SETTLED'"))
          .as("attempts not settled")
          .isEmpty();
    }
  }

  // ---- the three cases -----------------------------------------------------------------------

  /** (a) Kill as soon as the simulator's originate log grows. */
  private Case afterOriginateLeft() throws Exception {
    String campaign = campaign("a", 400);
    long t0 = System.nanoTime();
    h.controlRetrying(campaign, "start", Duration.ofSeconds(60), "STARTING", "START");
    int kills = 0;
    String failure = null;
    try {
      for (; kills < KILLS; kills++) {
        ensureWorker();
        long before = logSize();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (logSize() <= before) {
          if (System.nanoTime() > until) {
            fail("no Originate within 90 s after kill " + kills);
          }
          if (!stack.isRunning("worker")) {
            fail("the worker died by itself; see " + stack.logOf("worker"));
          }
          Thread.sleep(1);
        }
        stack.kill("worker");
      }
    } catch (AssertionError e) {
      failure = e.getMessage();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    failure = stopAfterLoop(campaign, failure);
    return new Case("(a) just after Originate", campaign, kills, seconds, failure);
  }

  /**
   * (b) Kill while answered calls of the campaign are up in the PBX. Calls last a minute and a
   * dozen are up before the first kill, so every kill finds calls up (the ones from before and
   * those dialed since); afterwards the campaign is force stopped, which hangs them up.
   */
  private Case whileCallsAreUp() throws Exception {
    String campaign = campaign("b", 200);
    long t0 = System.nanoTime();
    h.controlRetrying(campaign, "start", Duration.ofSeconds(60), "STARTING", "START");
    int kills = 0;
    String failure = null;
    try {
      Stack.waitUntil(
          "12 answered calls up before the first kill",
          Duration.ofSeconds(90),
          () -> answeredCallsUp(campaign) >= 12);
      long until = System.nanoTime() + Duration.ofSeconds(240).toNanos();
      while (kills < KILLS) {
        if (System.nanoTime() > until) {
          fail("only " + kills + " kills with calls up in 240 s");
        }
        ensureWorker();
        int k = kills;
        Stack.waitUntil(
            "the worker connected and answered calls up (kill " + k + ")",
            Duration.ofSeconds(90),
            () -> workerLogContains("AMI connected") && answeredCallsUp(campaign) > 0);
        // Give the worker time to take up its calls (and dial a few more) before it dies.
        Thread.sleep(300 + random.nextInt(1500));
        if (answeredCallsUp(campaign) > 0) {
          stack.kill("worker");
          kills++;
        }
      }
    } catch (AssertionError e) {
      failure = e.getMessage();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ensureWorker();
    try {
      h.controlRetrying(
          campaign, "force-stop", Duration.ofSeconds(90), "STOPPING_FORCEDLY", "STOP");
    } catch (AssertionError e) {
      failure = (failure == null ? "" : failure + "; ") + e.getMessage();
    }
    return new Case("(b) while calls are up", campaign, kills, seconds, failure);
  }

  /**
   * (c) Drop the AMI link (the simulator refuses reconnects for 3 s), wait until the worker noticed
   * (it logs "AMI link down"), and kill it while the link is still down. Calls last 5 s, so some
   * end while nobody listens and must be settled by reconciling with the PBX.
   */
  private Case whileAmiLinkIsDown() throws Exception {
    String campaign = campaign("c", 200);
    long t0 = System.nanoTime();
    h.controlRetrying(campaign, "start", Duration.ofSeconds(60), "STARTING", "START");
    int kills = 0;
    String failure = null;
    try {
      Stack.waitUntil(
          "6 calls in flight before the first kill",
          Duration.ofSeconds(90),
          () ->
              h.countNow(
                      "SELECT COUNT(*) FROM attempt WHERE campaign_id = ? AND state ="
                          + " 'ORIGINATE_SENT'",
                      campaign)
                  >= 6);
      for (; kills < KILLS; kills++) {
        ensureWorker();
        int k = kills;
        Stack.waitUntil(
            "the worker connected with calls in flight (kill " + k + ")",
            Duration.ofSeconds(90),
            () ->
                workerLogContains("AMI connected")
                    && h.countNow(
                            "SELECT COUNT(*) FROM attempt WHERE campaign_id = ? AND state ="
                                + " 'ORIGINATE_SENT'",
                            campaign)
                        > 0);
        long dropAt = System.nanoTime();
        String answer = stack.simulatorControl("drop 3");
        if (!answer.startsWith("ok dropped") || answer.startsWith("ok dropped 0 ")) {
          fail("drop did not cut the worker's link: " + answer);
        }
        Stack.waitUntil(
            "the worker to notice the link is down (kill " + k + ")",
            Duration.ofMillis(2000),
            () -> workerLogContains("AMI link down"));
        Thread.sleep(random.nextInt(800));
        long downFor = (System.nanoTime() - dropAt) / 1_000_000;
        stack.kill("worker");
        if (downFor >= 3000) {
          fail("kill " + k + " came " + downFor + " ms after the drop: the link may be back");
        }
      }
    } catch (AssertionError e) {
      failure = e.getMessage();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    failure = stopAfterLoop(campaign, failure);
    return new Case("(c) while the AMI link is down", campaign, kills, seconds, failure);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private String campaign(String prefix, int entries) throws Exception {
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      numbers.add(prefix + String.format("%03d", i));
    }
    return h.campaign("crash " + prefix, plan, destination, h.dlma("crash " + prefix, numbers));
  }

  private void ensureWorker() throws Exception {
    if (!stack.isRunning("worker")) {
      stack.startWorker();
    }
  }

  private long logSize() throws Exception {
    return Files.exists(stack.originateLog) ? Files.size(stack.originateLog) : 0;
  }

  private boolean workerLogContains(String text) {
    try {
      return Files.readString(stack.logOf("worker")).contains(text);
    } catch (Exception e) {
      return false;
    }
  }

  /** Originated legs of the campaign's attempts that the PBX lists as Up. */
  private int answeredCallsUp(String campaign) {
    try {
      Set<String> ids = new HashSet<>();
      h.attempts(campaign).forEach(a -> ids.add((String) a.get("id")));
      ManagerConnection ami =
          new ManagerConnectionFactory("127.0.0.1", stack.amiPort, "dialer", "s3cret")
              .createManagerConnection();
      ami.login();
      try {
        ResponseEvents events = ami.sendEventGeneratingAction(new CoreShowChannelsAction(), 10_000);
        int n = 0;
        for (var e : events.getEvents()) {
          if (e instanceof CoreShowChannelEvent c
              && ids.contains(c.getUniqueid())
              && c.getChannelState() != null
              && c.getChannelState() == 6) {
            n++;
          }
        }
        return n;
      } finally {
        ami.logoff();
      }
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * Starts the worker again and stops the campaign as an operator would: a 503 while the restarted
   * worker takes over is tried again; a 409 is fine once the campaign is stopping.
   */
  private String stopAfterLoop(String campaign, String failure) throws Exception {
    ensureWorker();
    try {
      h.controlRetrying(campaign, "stop", Duration.ofSeconds(90), "STOPPING", "STOP");
      return failure;
    } catch (AssertionError e) {
      return (failure == null ? "" : failure + "; ") + e.getMessage();
    }
  }

  /** Waits for the case's campaign to settle and counts. */
  private CaseReport finish(Case c) throws Exception {
    String name = c.name();
    String campaign = c.campaign();
    int kills = c.kills();
    String failure = c.failure();
    ensureWorker();
    try {
      h.awaitStop(campaign, SETTLE);
      // STOP means the campaign has nothing in flight: whatever is not settled by now is an
      // orphan; a short grace covers nothing but slow database writes.
      Stack.waitUntil(
          "every attempt of " + name + " settled",
          Duration.ofSeconds(20),
          () ->
              h.countNow(
                      "SELECT COUNT(*) FROM attempt WHERE campaign_id = ? AND state <>"
                          + " 'SETTLED'",
                      campaign)
                  == 0);
    } catch (AssertionError e) {
      failure = (failure == null ? "" : failure + "; ") + e.getMessage();
    }
    List<Map<String, Object>> attempts = h.attempts(campaign);
    List<Map<String, Object>> results = h.results(campaign);
    Map<String, Integer> originates = stack.originatesByChannelId();
    for (Map<String, Object> a : attempts) {
      if (!"SETTLED".equals(a.get("state"))) {
        // Evidence for the report: where the attempt stopped and how its workflow ended.
        String wf =
            h.workflowsOf(campaign).keySet().stream()
                .map(r -> r.getWorkflowId())
                .filter(id -> id.contains("/"))
                .reduce((x, y) -> y)
                .orElse("campaign-" + campaign + "/attempt-" + a.get("id"));
        String end;
        try {
          var events = h.history(wf);
          var last = events.get(events.size() - 1);
          end =
              last.getEventType()
                  + (last.hasWorkflowExecutionFailedEventAttributes()
                      ? ": "
                          + last.getWorkflowExecutionFailedEventAttributes()
                              .getFailure()
                              .getCause()
                              .getMessage()
                      : "");
        } catch (RuntimeException e) {
          end = "history unavailable: " + e.getMessage();
        }
        System.out.printf(
            "  %s: attempt %s number %s is %s (dialing status %s, originated %d"
                + " times); entry status %s; workflow %s%n",
            name,
            a.get("id"),
            a.get("number"),
            a.get("state"),
            a.get("dialing_status"),
            originates.getOrDefault(a.get("id"), 0),
            stack
                .query("SELECT status FROM dl_entry WHERE id = ?", a.get("entry_id"))
                .get(0)
                .get("status"),
            end);
      }
    }
    Set<String> attemptIds = new HashSet<>();
    int settled = 0;
    int originated = 0;
    int duplicates = 0;
    for (Map<String, Object> a : attempts) {
      String id = (String) a.get("id");
      attemptIds.add(id);
      settled += "SETTLED".equals(a.get("state")) ? 1 : 0;
      int n = originates.getOrDefault(id, 0);
      originated += n > 0 ? 1 : 0;
      duplicates += n > 1 ? 1 : 0;
    }
    int resultless = 0;
    for (String id : attemptIds) {
      long n = results.stream().filter(r -> id.equals(r.get("attempt_id"))).count();
      resultless += n == 0 ? 1 : 0;
    }
    int extra =
        results.size() - (int) results.stream().map(r -> r.get("attempt_id")).distinct().count();
    extra += (int) results.stream().filter(r -> !attemptIds.contains(r.get("attempt_id"))).count();
    int lost = 0;
    int neverSentNotError = 0;
    for (Map<String, Object> r : results) {
      boolean error = intOf(r, "dialing_status") == 10;
      lost += error ? 1 : 0;
      if (!originates.containsKey((String) r.get("attempt_id")) && !error) {
        neverSentNotError++;
        System.out.println("  never sent but not an error: " + r);
      }
    }
    // The attempt is counted when reserved; a released reservation gives the count back.
    int mismatches =
        h.count(
            "SELECT COUNT(*) FROM dl_entry e JOIN campaign c ON c.dlma_id ="
                + " e.dlma_id WHERE c.id = ? AND e.try_count1 <> (SELECT COUNT(*) FROM attempt a WHERE"
                + " a.entry_id = e.id)",
            campaign);
    return new CaseReport(
        name,
        kills,
        attempts.size(),
        settled,
        results.size(),
        resultless,
        extra,
        lost,
        originated,
        duplicates,
        neverSentNotError,
        mismatches,
        c.loopSeconds(),
        failure);
  }
}
