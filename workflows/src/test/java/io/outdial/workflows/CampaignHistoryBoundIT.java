package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionEvaluationListener;
import org.junit.jupiter.api.Test;

/**
 * A long list on the real Temporal dev server (3,000 entries in CI, where the dev server on two
 * cores dials about 20 attempts a second; {@code -Doutdial.entries=30000} for the full run): the
 * campaign continues as new many times, carrying its calls in flight, every entry gets its attempt,
 * and no run's history reaches 10,000 events. The database and AMI steps are in memory: this test
 * is about history.
 */
class CampaignHistoryBoundIT {
  private static final int ENTRIES = Integer.getInteger("outdial.entries", 3_000);

  /** Time allowed: a minute, plus a tenth of a second per entry (about 4x what it takes). */
  private static final Duration DEADLINE = Duration.ofSeconds(60 + ENTRIES / 10);

  @Test
  void thirtyThousandEntriesStayWithinBoundedHistories() throws Exception {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:7233").build());
    try {
      service.healthCheck();
    } catch (RuntimeException e) {
      fail(
          "the Temporal dev server is not reachable on 127.0.0.1:7233 ("
              + e.getMessage()
              + "); start it with temporal-dev/temporal.sh start or run temporal-dev/test.sh");
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    String queue = "history-bound-" + UUID.randomUUID();
    String campaign = "bound-" + UUID.randomUUID();
    FakeCampaign fake = new FakeCampaign();
    for (int i = 0; i < ENTRIES; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.maxConcurrent = 300;
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            queue, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(400).build());
    worker.registerWorkflowImplementationTypes(
        CampaignWorkflowImpl.class, DialAttemptWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    factory.start();
    try {
      CampaignControl control = new CampaignControl(client, queue);
      control.ensureRunning(campaign, "history bound", new OperatorAction("test", 0, null));
      control.start(campaign, new OperatorAction("test", 0, null));
      long started = System.nanoTime();
      AtomicLong lastReport = new AtomicLong(started);
      // A long wait: say how far it got every 15 s.
      ConditionEvaluationListener<Boolean> progress =
          condition -> {
            if (System.nanoTime() - lastReport.get() > Duration.ofSeconds(15).toNanos()) {
              lastReport.set(System.nanoTime());
              System.out.printf(
                  "%.0f s: %d of %d attempts recorded, %d campaign runs%n",
                  condition.getElapsedTimeInMS() / 1e3,
                  fake.recorded.size(),
                  ENTRIES,
                  fake.campaignRuns.size());
            }
          };
      await("campaign finished in time: every attempt recorded and the campaign back to status 0")
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .conditionEvaluationListener(progress)
          .until(
              () ->
                  fake.recorded.size() == ENTRIES
                      && !fake.statuses.isEmpty()
                      && fake.statuses.get(fake.statuses.size() - 1) == 0);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(fake.entries.values()).allSatisfy(e -> assertThat(e.tries().get()).isEqualTo(1));
      assertThat(fake.campaignRuns).as("runs (continue-as-new happened)").hasSizeGreaterThan(1);
      int longest = 0;
      for (String run : fake.campaignRuns) {
        List<HistoryEvent> events =
            client.fetchHistory(CampaignWorkflow.workflowId(campaign), run).getEvents();
        longest = Math.max(longest, events.size());
      }
      assertThat(longest).as("longest run's history").isLessThan(10_000);
      System.out.printf(
          "%d entries: %d campaign runs, longest history %d events, %.1f s"
              + " (%.0f attempts/s)%n",
          ENTRIES, fake.campaignRuns.size(), longest, seconds, ENTRIES / seconds);
      client
          .newUntypedWorkflowStub(CampaignWorkflow.workflowId(campaign))
          .terminate("test finished");
    } finally {
      factory.shutdownNow();
      service.shutdownNow();
    }
  }
}
