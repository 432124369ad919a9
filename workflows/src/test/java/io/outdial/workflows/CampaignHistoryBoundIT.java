package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.core.ConditionEvaluationListener;
import org.junit.jupiter.api.Test;

/**
 * A long list on the real Temporal dev server (3,000 entries in CI; {@code -Doutdial.entries=30000}
 * for the full run): the campaign and its dialing lanes continue as new whenever they have written
 * more than a run holds, carrying their calls in flight, every entry gets its attempt, and no run's
 * history reaches 10,000 events. The database and AMI steps are in memory: this test is about
 * history.
 */
class CampaignHistoryBoundIT {
  private static final int ENTRIES = Integer.getInteger("outdial.entries", 30_000);

  /** Entries of the paced run: enough for its lane to outgrow one run. */
  private static final int PACED_ENTRIES = Integer.getInteger("outdial.pacedEntries", 8_000);

  @Test
  void thirtyThousandEntriesStayWithinBoundedHistories() throws Exception {
    dialAll(ENTRIES, 0);
  }

  /**
   * Paced at the highest rate the API takes, the lane's OriginateBatch activities hold their calls
   * for their moments, so one is always on its way: the lane must still stop starting them once its
   * history is long, and continue as new (change lane-paced-batches).
   */
  @Test
  void aPacedCampaignsLaneStillContinuesAsNewWhileItsBatchesHoldTheirCalls() throws Exception {
    Map<String, List<Integer>> runs = dialAll(PACED_ENTRIES, PlanBounds.CALLS_PER_SECOND_MAX);
    assertThat(runs.keySet())
        .as("the campaign and its lanes")
        .anySatisfy(w -> assertThat(w).contains("/lane-"));
    runs.forEach(
        (w, lengths) -> {
          if (w.contains("/lane-")) {
            // It handed over whenever Temporal asked (its calls make a large history), so no run
            // holds most of it; without the change one run held 2,850 of its 2,861 events.
            int total = lengths.stream().mapToInt(Integer::intValue).sum();
            assertThat(lengths).as("runs of " + w).hasSizeGreaterThan(1);
            assertThat(lengths.stream().mapToInt(Integer::intValue).max().orElse(0))
                .as("longest run of " + w + " (of " + total + " events)")
                .isLessThan(total / 2);
          }
        });
  }

  private Map<String, List<Integer>> dialAll(int entries, double callsPerSecond) throws Exception {
    TemporalConnection temporal = TemporalConnection.plain("127.0.0.1:7233", "default");
    WorkflowServiceStubs service = temporal.newServiceStubs();
    try {
      service.healthCheck();
    } catch (RuntimeException e) {
      fail(
          "the Temporal dev server is not reachable on 127.0.0.1:7233 ("
              + e.getMessage()
              + "); start it with temporal-dev/temporal.sh start or run temporal-dev/test.sh");
    }
    WorkflowClient client = temporal.newClient(service);
    String queue = "history-bound-" + UUID.randomUUID();
    String campaign = "bound-" + UUID.randomUUID();
    FakeCampaign fake = new FakeCampaign();
    for (int i = 0; i < entries; i++) {
      fake.addEntry("e" + i, 4, 1);
    }
    fake.maxConcurrent = 300;
    fake.callsPerSecond = callsPerSecond;
    fake.holdPaced = true;
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            queue, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(400).build());
    worker.registerWorkflowImplementationTypes(
        CampaignWorkflowImpl.class, DialLaneWorkflowImpl.class, DialAttemptWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    Worker pbx =
        factory.newWorker(
            DialLaneWorkflow.pbxTaskQueue(queue, "default"),
            WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(400).build());
    pbx.registerWorkflowImplementationTypes(DialLaneWorkflowImpl.class);
    pbx.registerActivitiesImplementations(fake);
    fake.client = client;
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
                  entries,
                  fake.campaignRuns.size());
            }
          };
      await("campaign finished in time: every attempt recorded and the campaign back to status 0")
          .atMost(Duration.ofSeconds(60 + entries / 10))
          .pollInterval(Duration.ofMillis(500))
          .conditionEvaluationListener(progress)
          .until(
              () ->
                  fake.recorded.size() == entries
                      && !fake.statuses.isEmpty()
                      && fake.statuses.get(fake.statuses.size() - 1) == 0);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(fake.entries.values()).allSatisfy(e -> assertThat(e.tries().get()).isEqualTo(1));
      // Every run of the campaign and of its dialing lanes, with their history lengths.
      Map<String, List<Integer>> runs = new java.util.TreeMap<>();
      var page =
          service
              .blockingStub()
              .listWorkflowExecutions(
                  io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                      .setNamespace("default")
                      .setQuery(
                          "WorkflowId STARTS_WITH \""
                              + CampaignWorkflow.workflowId(campaign)
                              + "\"")
                      .setPageSize(1000)
                      .build());
      for (var info : page.getExecutionsList()) {
        int length =
            client
                .fetchHistory(info.getExecution().getWorkflowId(), info.getExecution().getRunId())
                .getEvents()
                .size();
        runs.computeIfAbsent(info.getExecution().getWorkflowId(), w -> new java.util.ArrayList<>())
            .add(length);
      }
      int longest = 0;
      for (var w : runs.entrySet()) {
        int total = w.getValue().stream().mapToInt(Integer::intValue).sum();
        longest =
            Math.max(longest, w.getValue().stream().mapToInt(Integer::intValue).max().orElse(0));
        // A workflow that wrote more than a run may hold handed over to a new run.
        if (total > CampaignWorkflowImpl.CONTINUE_AS_NEW_AFTER_EVENTS + 1000) {
          assertThat(w.getValue())
              .as("runs of " + w.getKey() + " (continue-as-new happened)")
              .hasSizeGreaterThan(1);
        }
      }
      assertThat(runs)
          .as("the campaign and its lanes")
          .containsKey(CampaignWorkflow.workflowId(campaign));
      assertThat(longest).as("longest run's history").isLessThan(10_000);
      System.out.printf(
          "%d entries: runs %s, longest history %d events, %.1f s (%.0f attempts/s)%n",
          entries, runs, longest, seconds, entries / seconds);
      client
          .newUntypedWorkflowStub(CampaignWorkflow.workflowId(campaign))
          .terminate("test finished");
      return runs;
    } finally {
      factory.shutdownNow();
      service.shutdownNow();
    }
  }
}
