package io.outdial.e2e.dial;

import static io.outdial.e2e.dial.DialHarness.intOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two workers on one PBX share one campaign's calls (change lane-spreads): its lane sees two
 * workers polling its PBX's task queue and sends its batches through the queue, so both workers
 * originate. No ChannelId reaches the PBX twice, and every entry has one result.
 */
class TwoWorkersOneCampaignIT {
  private static final int ENTRIES = 400;
  private static final Pattern ORIGINATE = Pattern.compile("AmiClient - originate (\\S+) channel");

  @Test
  void bothWorkersOfAPbxDialOneCampaign() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("w*=answer:50:1000");
      stack.startApi();
      stack.startWorkerAs("worker-1", Map.of());
      stack.startWorkerAs("worker-2", Map.of());
      for (String w : List.of("worker-1", "worker-2")) {
        Stack.waitUntil(
            w + " to poll its queues",
            Duration.ofSeconds(60),
            () -> {
              try {
                return Files.readString(stack.logOf(w)).contains("worker polling task queue ");
              } catch (Exception e) {
                return false;
              }
            });
      }
      List<String> numbers = new ArrayList<>();
      for (int i = 1; i <= ENTRIES; i++) {
        numbers.add("w" + i);
      }
      String campaign =
          h.campaign(
              "two workers",
              h.plan(
                  "plan",
                  Map.of("maxConcurrentCalls", 60, "callsPerSecond", 20, "dialTimeout", 10_000)),
              h.extensionDestination("agents", "agents", "sales", "1"),
              h.dlma("list", numbers));
      h.start(campaign);
      h.awaitStop(campaign, Duration.ofMinutes(3));

      int byFirst = originates(stack, "worker-1");
      int bySecond = originates(stack, "worker-2");
      System.out.printf(
          "originates by worker: worker-1 %d, worker-2 %d, total %d%n",
          byFirst, bySecond, byFirst + bySecond);
      assertThat(Stack.originatesByChannelId(stack.originateLog).values())
          .hasSize(ENTRIES)
          .containsOnly(1);
      assertThat(byFirst + bySecond).isEqualTo(ENTRIES);
      // The lane spreads from its first follow-up on (30 s at most): both took a share.
      assertThat(Math.min(byFirst, bySecond)).as("the smaller share").isGreaterThan(ENTRIES / 10);
      assertThat(h.results(campaign))
          .hasSize(ENTRIES)
          .extracting(r -> intOf(r, "dialing_status"))
          .containsOnly(6);
    }
  }

  private static int originates(Stack stack, String worker) throws Exception {
    Matcher m = ORIGINATE.matcher(Files.readString(stack.logOf(worker)));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
