package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two PBXs (two simulators, A and B) and three workers on one database and one Temporal: two serve
 * A, one serves B. A campaign dials through each PBX. Once A's calls are up, the A worker that sent
 * them is SIGKILLed: the other A worker settles them and dials the rest, B's worker and B's calls
 * are never touched, no ChannelId reaches either PBX twice, and every attempt has exactly one
 * result row.
 */
class SeveralPbxsIT {
  private static final int ENTRIES_A = 120;
  private static final int ENTRIES_B = 80;

  @Test
  void eachPbxsCallsStayWithItsWorkersAndTheSurvivingWorkerSettlesAKilledOnesCalls()
      throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      // Answered calls of 8 s: many are up on A when its first worker dies.
      String rules = "a*=answer:50:8000;b*=answer:50:8000";
      stack.startSimulator(rules);
      int portB = Stack.aFreePort();
      Path originatesB = stack.logs.resolve(stack.dbName + "-originates-b.log");
      stack.startSimulatorAs("pbx-sim-b", portB, originatesB, rules);
      stack.startApi();

      String trunkA =
          h.pbxWithTrunk("a", stack.amiPort, "env:PBX_A_SECRET", Map.of("name", "main"));
      String trunkB = h.pbxWithTrunk("b", portB, "env:PBX_B_SECRET", Map.of("name", "main"));
      String planA = h.plan("through A", pace(trunkA));
      String planB = h.plan("through B", pace(trunkB));
      String destination = h.extensionDestination("agents", "agents", "sales", "1");
      String campaignA =
          h.campaign("on A", planA, destination, h.dlma("list A", numbers("a", ENTRIES_A)));
      String campaignB =
          h.campaign("on B", planB, destination, h.dlma("list B", numbers("b", ENTRIES_B)));

      stack.startWorkerAs("worker-a1", Map.of("OUTDIAL_PBXS", "a", "PBX_A_SECRET", "s3cret"));
      stack.startWorkerAs("worker-b", Map.of("OUTDIAL_PBXS", "b", "PBX_B_SECRET", "s3cret"));
      for (String worker : List.of("worker-a1", "worker-b")) {
        awaitPolling(stack, worker);
      }
      h.start(campaignA);
      h.start(campaignB);

      Stack.waitUntil(
          "30 of A's calls to leave", Duration.ofSeconds(90), () -> originates(stack) >= 30);
      stack.startWorkerAs("worker-a2", Map.of("OUTDIAL_PBXS", "a", "PBX_A_SECRET", "s3cret"));
      awaitPolling(stack, "worker-a2");
      // From here on worker-a2 sees every call of A from its first event.
      java.time.Instant a2Watches = java.time.Instant.now();
      Thread.sleep(3000);
      stack.kill("worker-a1");
      int upAtKill =
          stack
              .query(
                  "SELECT id FROM attempt WHERE campaign_id = ? AND state = 'ORIGINATE_SENT'",
                  campaignA)
              .size();
      System.out.printf("worker-a1 SIGKILLed with %d of A's calls in flight%n", upAtKill);

      h.awaitStop(campaignA, Duration.ofMinutes(4));
      h.awaitStop(campaignB, Duration.ofMinutes(4));

      Map<String, Integer> onA = stack.originatesByChannelId();
      Map<String, Integer> onB = Stack.originatesByChannelId(originatesB);
      List<Map<String, Object>> attemptsA = h.attempts(campaignA);
      List<Map<String, Object>> attemptsB = h.attempts(campaignB);
      Set<String> idsA = ids(attemptsA);
      Set<String> idsB = ids(attemptsB);
      System.out.printf(
          "A: %d attempts, %d ChannelIds originated; B: %d attempts, %d ChannelIds originated%n",
          idsA.size(), onA.size(), idsB.size(), onB.size());

      System.out.println(
          "A's results by dialing status: "
              + h.results(campaignA).stream()
                  .collect(
                      Collectors.groupingBy(
                          r -> intOf(r, "dialing_status"),
                          java.util.TreeMap::new,
                          Collectors.counting())));
      assertThat(upAtKill).as("A's calls in flight when its worker died").isPositive();
      // A call worker-a1 sent while worker-a2 watched, and that ended before worker-a2 adopted
      // it, gets its real result from what worker-a2 saw: none is settled as lost. An attempt
      // worker-a1 marked sent but died before its Originate left never reached the PBX: it is
      // rightly settled as lost (10), and is left out here.
      List<Map<String, Object>> markedWhileA2Watched =
          stack.query(
              "SELECT a.id, r.dialing_status, r.res_dial FROM result r JOIN attempt a ON a.id ="
                  + " r.attempt_id WHERE a.campaign_id = ? AND a.originate_at > ?",
              campaignA,
              // originate_at is UTC, as the store writes it.
              java.time.LocalDateTime.ofInstant(a2Watches.plusSeconds(1), java.time.ZoneOffset.UTC)
                  .toString()
                  .replace('T', ' '));
      List<Map<String, Object>> seenByA2 =
          markedWhileA2Watched.stream().filter(r -> onA.containsKey((String) r.get("id"))).toList();
      assertThat(markedWhileA2Watched)
          .filteredOn(r -> !onA.containsKey((String) r.get("id")))
          .as("attempts marked sent whose Originate never reached the PBX")
          .allSatisfy(r -> assertThat(intOf(r, "dialing_status")).isEqualTo(10));
      System.out.printf(
          "%d of A's calls sent while worker-a2 watched; by dialing status: %s%n",
          seenByA2.size(),
          seenByA2.stream()
              .collect(
                  Collectors.groupingBy(r -> intOf(r, "dialing_status"), Collectors.counting())));
      assertThat(seenByA2).isNotEmpty();
      assertThat(seenByA2).extracting(r -> intOf(r, "dialing_status")).containsOnly(6);
      assertThat(onA)
          .as("originates per ChannelId on A")
          .allSatisfy((id, n) -> assertThat(n).isOne());
      assertThat(onB)
          .as("originates per ChannelId on B")
          .allSatisfy((id, n) -> assertThat(n).isOne());
      // Each PBX received its campaign's calls only.
      assertThat(idsA).containsAll(onA.keySet());
      assertThat(idsB).containsAll(onB.keySet());
      assertThat(attemptsA).extracting(a -> a.get("pbx")).containsOnly("a");
      assertThat(attemptsB).extracting(a -> a.get("pbx")).containsOnly("b");
      for (List<Map<String, Object>> attempts : List.of(attemptsA, attemptsB)) {
        assertThat(attempts).extracting(a -> a.get("state")).containsOnly("SETTLED");
      }
      assertThat(onA).hasSize(ENTRIES_A);
      assertThat(onB).hasSize(ENTRIES_B);

      // Exactly one result per attempt, every entry of both lists dialed once.
      for (String campaign : List.of(campaignA, campaignB)) {
        List<Map<String, Object>> perAttempt =
            stack.query(
                "SELECT a.id, COUNT(r.id) AS n FROM attempt a LEFT JOIN result r"
                    + " ON r.attempt_id = a.id WHERE a.campaign_id = ? GROUP BY a.id",
                campaign);
        assertThat(perAttempt).extracting(r -> intOf(r, "n")).containsOnly(1);
      }
      assertThat(h.results(campaignA)).hasSize(ENTRIES_A);
      assertThat(h.results(campaignB)).hasSize(ENTRIES_B);
      // B's calls were answered and hung up as the simulator played them: none settled as lost
      // (dialing status 10) by a sweep of a worker that does not serve B.
      assertThat(h.results(campaignB))
          .extracting(r -> intOf(r, "dialing_status"))
          .doesNotContain(10);
      // Neither A worker ever followed a call of B.
      for (String worker : List.of("worker-a2")) {
        String log = Files.readString(stack.logOf(worker));
        assertThat(idsB.stream().filter(log::contains).collect(Collectors.toList()))
            .as("B's attempts in the log of " + worker)
            .isEmpty();
      }
    }
  }

  private static int originates(Stack stack) {
    try {
      return stack.originateCount();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static void awaitPolling(Stack stack, String worker) throws InterruptedException {
    Stack.waitUntil(
        worker + " to poll its queues",
        Duration.ofSeconds(60),
        () -> logHas(stack.logOf(worker), "worker polling task queue "));
  }

  private static boolean logHas(Path log, String text) {
    try {
      return log != null && Files.exists(log) && Files.readString(log).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Set<String> ids(List<Map<String, Object>> attempts) {
    Set<String> ids = new HashSet<>();
    attempts.forEach(a -> ids.add((String) a.get("id")));
    return ids;
  }

  private static List<String> numbers(String prefix, int n) {
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      numbers.add(prefix + i);
    }
    return numbers;
  }

  private static Map<String, Object> pace(String trunkId) {
    return Map.of(
        "maxConcurrentCalls", 40, "callsPerSecond", 8, "dialTimeout", 10_000, "trunkId", trunkId);
  }
}
