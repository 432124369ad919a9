package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Running campaigns survive the upgrade to dialing lanes (issue 12): a campaign started by the
 * worker of the last commit before the change dialing-lanes (built by temporal-dev/old-worker.sh,
 * given as {@code -Doutdial.upgrade.from}; temporal-dev/test.sh builds and passes it) is dialing,
 * with calls up, when that worker is killed; today's worker takes over its histories (recorded by
 * the old code: one child workflow per attempt) and the campaign finishes its list. Every entry is
 * tried once, every attempt has its one result, nobody is dialed twice, and no workflow task of the
 * campaign or its children failed on replay.
 */
class UpgradeIT {
  private static final int ENTRIES = 40;

  @Test
  void aCampaignStartedBeforeDialingLanesFinishesOnTodaysWorker() throws Exception {
    String from = System.getProperty("outdial.upgrade.from");
    assertThat(from)
        .as(
            "-Doutdial.upgrade.from=<the old build> (temporal-dev/test.sh passes the one"
                + " temporal-dev/old-worker.sh builds)")
        .isNotBlank();
    Path oldBuild = Path.of(from);
    assertThat(Files.exists(oldBuild.resolve("worker/target/classpath.txt")))
        .as(oldBuild + " holds a built worker")
        .isTrue();
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      // Answered at once, up for 4 s: the kill comes with calls up and entries still to dial.
      stack.startSimulator("up*=answer:50:4000");
      stack.startApi();
      stack.startWorkerOf(oldBuild);
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < ENTRIES; i++) {
        numbers.add(String.format("up%03d", i));
      }
      String campaign =
          h.campaign(
              "upgrade",
              h.plan("ten at once", Map.of("maxConcurrentCalls", 10, "dialTimeout", 10_000)),
              h.extensionDestination("queue", "agents", "sales", "1"),
              h.dlma("upgrade list", numbers));
      h.start(campaign);
      Stack.waitUntil(
          "the old worker's calls up and its first results written",
          Duration.ofSeconds(90),
          () ->
              h.countNow("SELECT COUNT(*) FROM result WHERE campaign_id = ?", campaign) >= 5
                  && h.countNow(
                          "SELECT COUNT(*) FROM attempt WHERE campaign_id = ?"
                              + " AND state = 'ORIGINATE_SENT'",
                          campaign)
                      > 0);
      int resultsBefore = h.countNow("SELECT COUNT(*) FROM result WHERE campaign_id = ?", campaign);
      List<String> attemptChildren =
          h.workflowsOf(campaign).keySet().stream()
              .map(run -> run.getWorkflowId())
              .filter(id -> id.contains("/attempt-"))
              .distinct()
              .toList();
      assertThat(attemptChildren)
          .as("the old worker dials through one child workflow per attempt")
          .isNotEmpty();

      stack.kill("worker");
      stack.startWorker();
      h.awaitStop(campaign, Duration.ofSeconds(180));

      assertThat(h.statusName(campaign)).isEqualTo("STOP");
      List<Map<String, Object>> attempts = h.attempts(campaign);
      List<Map<String, Object>> results = h.results(campaign);
      assertThat(attempts)
          .as("one attempt per entry (one try each)")
          .hasSize(ENTRIES)
          .allSatisfy(a -> assertThat(a.get("state")).isEqualTo("SETTLED"));
      assertThat(results).hasSize(ENTRIES);
      assertThat(results.stream().map(r -> r.get("attempt_id")).distinct()).hasSize(ENTRIES);
      assertThat(results.size())
          .as("results written after the upgrade")
          .isGreaterThan(resultsBefore);
      assertThat(stack.originatesByChannelId())
          .hasSize(ENTRIES)
          .allSatisfy((id, n) -> assertThat(n).as("originates of " + id).isEqualTo(1));
      assertThat(
              h.count(
                  "SELECT COUNT(*) FROM dl_entry e JOIN campaign c ON c.dlma_id = e.dlma_id"
                      + " WHERE c.id = ? AND (e.status <> 0 OR e.try_count1 <> 1)",
                  campaign))
          .as("entries not idle after their one try")
          .isZero();
      List<String> failedTasks = new ArrayList<>();
      h.workflowsOf(campaign)
          .keySet()
          .forEach(
              run -> {
                for (HistoryEvent e : h.history(run)) {
                  if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
                    failedTasks.add(
                        run.getWorkflowId()
                            + " event "
                            + e.getEventId()
                            + ": "
                            + e.getWorkflowTaskFailedEventAttributes().getFailure().getMessage());
                  }
                }
              });
      assertThat(failedTasks)
          .as("workflow tasks that failed (a replay that did not match)")
          .isEmpty();
    }
  }
}
