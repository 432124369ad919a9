package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three campaigns on one trunk of 6 channels and 3 calls per second, each plan allowing more than
 * the trunk (two allow 10 calls at once and 5 per second, one allows 1 call at once), calls of 3 s:
 * the simulator, sampled every 100 ms and by its own peak, never has more than 6 calls up, and
 * never receives more than 3 Originates in any second. The two large campaigns share the full trunk
 * fairly, and the small one never goes past its own cap.
 */
class TrunkLimitsIT {
  private static final int CHANNELS = 6;
  private static final int CPS = 3;
  private static final int ENTRIES = 24;

  @Test
  void threeCampaignsOnOneTrunkNeverGoPastItsChannelsOrItsCallsPerSecond() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      // Answered at once, hung up after 3 s: the trunk's channels are full before its rate is.
      stack.startSimulatorWithControlPort("t*=answer:50:3000");
      stack.startApi();
      String trunk =
          h.pbxWithTrunk(
              "sim",
              stack.amiPort,
              "env:SIM_SECRET",
              Map.of("name", "carrier1", "maxChannels", CHANNELS, "callsPerSecond", CPS));
      String big = h.plan("big", plan(trunk, 10, 5));
      String small = h.plan("small", plan(trunk, 1, 5));
      String destination = h.extensionDestination("agents", "agents", "sales", "1");
      Map<String, String> campaigns = new LinkedHashMap<>();
      for (String name : List.of("a", "b", "c")) {
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= entries(name); i++) {
          numbers.add("t" + name + i);
        }
        campaigns.put(
            name,
            h.campaign(
                "on carrier1 " + name,
                name.equals("c") ? small : big,
                destination,
                h.dlma("list " + name, numbers)));
      }
      stack.startWorkerAs("worker", Map.of("OUTDIAL_PBXS", "sim", "SIM_SECRET", "s3cret"));
      Stack.waitUntil(
          "the worker to poll its queues",
          Duration.ofSeconds(60),
          () -> {
            try {
              return Files.readString(stack.logOf("worker")).contains("worker polling task queue ");
            } catch (Exception e) {
              return false;
            }
          });
      for (String c : campaigns.values()) {
        h.start(c);
      }

      int upMax = 0;
      int samples = 0;
      int smallMax = 0;
      // While both large campaigns had calls waiting: how many channels each held.
      List<int[]> fullShares = new ArrayList<>();
      long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (System.nanoTime() < until) {
        Map<String, Integer> line = control(stack, "calls");
        upMax = Math.max(upMax, line.get("up"));
        samples++;
        Map<String, Integer> sent = new HashMap<>();
        Map<String, Integer> waiting = new HashMap<>();
        for (Map<String, Object> r :
            stack.query(
                "SELECT campaign_id,"
                    + " SUM(state = 'ORIGINATE_SENT' AND call_ended_at IS NULL) AS sent,"
                    + " SUM(state = 'RESERVED') AS waiting FROM attempt"
                    + " GROUP BY campaign_id")) {
          sent.put((String) r.get("campaign_id"), intOf(r, "sent"));
          waiting.put((String) r.get("campaign_id"), intOf(r, "waiting"));
        }
        String a = campaigns.get("a");
        String b = campaigns.get("b");
        smallMax = Math.max(smallMax, sent.getOrDefault(campaigns.get("c"), 0));
        if (samples % 20 == 0) {
          System.out.printf(
              "sample %d: a %d up %d waiting, b %d up %d waiting, c %d up; simulator %d up%n",
              samples,
              sent.getOrDefault(a, 0),
              waiting.getOrDefault(a, 0),
              sent.getOrDefault(b, 0),
              waiting.getOrDefault(b, 0),
              sent.getOrDefault(campaigns.get("c"), 0),
              line.get("up"));
        }
        // Both wait (each plan allows more than the trunk gives it): the trunk is what holds them.
        if (waiting.getOrDefault(a, 0) > 0 && waiting.getOrDefault(b, 0) > 0) {
          fullShares.add(new int[] {sent.getOrDefault(a, 0), sent.getOrDefault(b, 0)});
        }
        boolean allStopped =
            campaigns.values().stream().allMatch(c -> "STOP".equals(h.statusName(c)));
        if (allStopped) {
          break;
        }
        Thread.sleep(100);
      }
      for (String c : campaigns.values()) {
        assertThat(h.statusName(c)).as("campaign %s", c).isEqualTo("STOP");
      }
      int peak = control(stack, "calls").get("peak");

      List<Long> sentAt = new ArrayList<>();
      for (String l : Files.readAllLines(stack.originateLog)) {
        sentAt.add(Instant.parse(l.split("\t")[0]).toEpochMilli());
      }
      sentAt.sort(null);
      int mostInASecond = 0;
      for (int i = 0, j = 0; i < sentAt.size(); i++) {
        while (sentAt.get(i) - sentAt.get(j) >= 1000) {
          j++;
        }
        mostInASecond = Math.max(mostInASecond, i - j + 1);
      }
      double seconds = (sentAt.get(sentAt.size() - 1) - sentAt.get(0)) / 1000.0;
      long evenShares = fullShares.stream().filter(s -> Math.abs(s[0] - s[1]) <= 1).count();
      System.out.printf(
          "%d originates over %.1f s (%.2f/s); calls up: %d at most in %d samples, simulator's"
              + " peak %d; most Originates in one second %d; small campaign at most %d in flight;"
              + " channels of a and b within 1 of each other in %d of %d samples with both"
              + " waiting%n",
          sentAt.size(),
          seconds,
          sentAt.size() / seconds,
          upMax,
          samples,
          peak,
          mostInASecond,
          smallMax,
          evenShares,
          fullShares.size());

      assertThat(sentAt).hasSize(2 * ENTRIES + ENTRIES / 2);
      assertThat(Stack.originatesByChannelId(stack.originateLog).values()).containsOnly(1);
      for (Map.Entry<String, String> e : campaigns.entrySet()) {
        String c = e.getValue();
        assertThat(h.results(c)).hasSize(entries(e.getKey()));
        assertThat(h.results(c)).extracting(r -> intOf(r, "dialing_status")).containsOnly(6);
      }
      // The trunk's channels: never more up at once, and reached (the limit was what held).
      assertThat(upMax).as("calls up in any sample").isLessThanOrEqualTo(CHANNELS);
      assertThat(peak).as("the simulator's peak of calls up").isEqualTo(CHANNELS);
      // Its calls per second: never more in any second, and the whole run at most that rate.
      assertThat(mostInASecond).as("Originates in any one second").isLessThanOrEqualTo(CPS);
      assertThat(sentAt.size() / seconds).isLessThanOrEqualTo(CPS);
      // The small campaign's own cap held beneath the trunk's.
      assertThat(smallMax).as("the small campaign's calls in flight").isEqualTo(1);
      // The large ones shared the full trunk evenly.
      assertThat(fullShares).as("samples with a and b waiting").hasSizeGreaterThan(50);
      // (A channel freed is given within ~100 ms, so a sample may fall between an end and the
      // next call.)
      assertThat(evenShares)
          .as("samples with a and b waiting where they held within 1 of each other")
          .isGreaterThanOrEqualTo(fullShares.size() * 7 / 10);
      double meanA = fullShares.stream().mapToInt(x -> x[0]).average().orElse(0);
      double meanB = fullShares.stream().mapToInt(x -> x[1]).average().orElse(0);
      assertThat(meanA / meanB).as("a's mean channels over b's").isBetween(0.8, 1.25);
    }
  }

  /** The small campaign, one call at a time, has half the list. */
  private static int entries(String campaign) {
    return campaign.equals("c") ? ENTRIES / 2 : ENTRIES;
  }

  private static Map<String, Object> plan(String trunk, int maxConcurrentCalls, int cps) {
    return Map.of(
        "trunkId",
        trunk,
        "maxConcurrentCalls",
        maxConcurrentCalls,
        "callsPerSecond",
        cps,
        "dialTimeout",
        10_000);
  }

  /** A control port command's {@code name\tnumber} lines. */
  private static Map<String, Integer> control(Stack stack, String command) throws Exception {
    Map<String, Integer> out = new HashMap<>();
    for (String line : stack.simulatorControl(command).split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 2) {
        out.put(f[0], Integer.parseInt(f[1].trim()));
      }
    }
    return out;
  }
}
