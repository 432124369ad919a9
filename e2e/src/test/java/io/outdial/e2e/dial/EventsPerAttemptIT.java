package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a call costs in Temporal (issue 12): one campaign of 1,000 entries (-Devents.entries), each
 * answered and hung up after 300 ms, dialed 500 at a time, writes at most six history events per
 * attempt, counted over every run of the campaign and every run of its children; every attempt has
 * exactly one result row and was originated once.
 */
class EventsPerAttemptIT {
  private static final int ENTRIES = Integer.getInteger("events.entries", 1000);
  private static final double BOUND = 6;

  @Test
  void aCampaignOfAThousandEntriesWritesAtMostSixEventsPerAttempt() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("*=answer:0:300");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        numbers.add(String.valueOf(7_100_000_000L + i));
      }
      String campaign =
          h.campaign(
              "events per attempt",
              h.plan("500 at once", Map.of("maxConcurrentCalls", 500, "dialTimeout", 20_000)),
              h.extensionDestination("sales queue", "agents", "sales", "1"),
              h.dlma(ENTRIES + " entries", numbers));
      long t0 = System.nanoTime();
      h.start(campaign);
      h.awaitStop(campaign, Duration.ofSeconds(60 + ENTRIES / 5));
      System.out.printf(
          "events per attempt: %d entries dialed in %.1f s%n",
          ENTRIES, (System.nanoTime() - t0) / 1e9);

      List<Map<String, Object>> attempts = h.attempts(campaign);
      assertThat(attempts).hasSize(ENTRIES);
      assertThat(h.results(campaign)).hasSize(ENTRIES);
      assertThat(stack.originatesByChannelId())
          .hasSize(ENTRIES)
          .allSatisfy((id, n) -> assertThat(n).as("originates of " + id).isEqualTo(1));

      long events = 0;
      long campaignEvents = 0;
      for (Map.Entry<io.temporal.api.common.v1.WorkflowExecution, Long> w :
          h.workflowsOf(campaign).entrySet()) {
        events += w.getValue();
        if (!w.getKey().getWorkflowId().contains("/")) {
          campaignEvents += w.getValue();
        }
      }
      double perAttempt = (double) events / attempts.size();
      System.out.printf(
          "events per attempt: %d events (%d in the campaign's runs) for %d"
              + " attempts: %.2f per attempt%n",
          events, campaignEvents, attempts.size(), perAttempt);
      assertThat(perAttempt)
          .as("history events per attempt, every run and child counted")
          .isLessThanOrEqualTo(BOUND);
    }
  }
}
