package io.outdial.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.api.campaigns.CampaignRuns.Action;
import io.outdial.api.support.FakeCampaignWorkflowImpl;
import io.outdial.api.support.TemporalDevServer;
import io.outdial.workflows.CampaignView;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import io.outdial.workflows.SearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TemporalCampaignRuns} against the real Temporal dev server, with a worker running a fake
 * campaign workflow (the real one is the worker's business): start at creation, update-with-start,
 * refusals with the current status, signals, timeouts and an unreachable server.
 */
class TemporalCampaignRunsIT {
  @RegisterExtension static final TemporalDevServer TEMPORAL = new TemporalDevServer();

  private static TemporalCampaignRuns runs;

  @BeforeAll
  static void createRuns() {
    runs =
        new TemporalCampaignRuns(
            TEMPORAL.client(),
            "http://ui",
            TEMPORAL.taskQueue,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Clock.systemUTC());
  }

  @AfterAll
  static void stopRuns() throws InterruptedException {
    runs.stop();
  }

  private static String campaign() {
    String id = UUID.randomUUID().toString();
    TEMPORAL.cleanUp(CampaignWorkflow.workflowId(id));
    return id;
  }

  private static OperatorAction op(String who, String reason) {
    return new OperatorAction(who, System.currentTimeMillis(), reason);
  }

  private static CampaignView view(String id) {
    return TEMPORAL
        .client()
        .newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(id))
        .view();
  }

  @Test
  void createStartsTheWorkflowInStopWithSearchAttributesAndMemoAndIsIdempotent() {
    String id = campaign();
    runs.create(id, "spring sale", "ann");
    WorkflowExecutionDescription d =
        TEMPORAL.client().newUntypedWorkflowStub(CampaignWorkflow.workflowId(id)).describe();
    assertThat(d.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(d.getWorkflowType()).isEqualTo("CampaignWorkflow");
    assertThat(d.getTaskQueue()).isEqualTo(TEMPORAL.taskQueue);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_ID)).isEqualTo(id);
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_STATUS))
        .isEqualTo("STOP");
    assertThat(d.getMemo(SearchAttributes.MEMO_CAMPAIGN_NAME, String.class))
        .isEqualTo("spring sale");
    // The Temporal UI's summary names the campaign (its user metadata).
    assertThat(d.getStaticSummary()).isEqualTo("Campaign spring sale");
    assertThat(d.getStaticDetails()).startsWith("Outbound campaign " + id);
    String runId = d.getExecution().getRunId();

    runs.create(id, "spring sale", "ann");
    assertThat(
            TEMPORAL
                .client()
                .newUntypedWorkflowStub(CampaignWorkflow.workflowId(id))
                .describe()
                .getExecution()
                .getRunId())
        .isEqualTo(runId);
    assertThat(view(id).statusName()).isEqualTo("STOP");
  }

  @Test
  void actionsExecuteUpdatesAndRefusalsCarryTheCurrentStatus() {
    String id = campaign();
    runs.create(id, "c", "api");
    ControlResult started = runs.control(id, "c", Action.START, op("alice", "go"));
    assertThat(started.statusName()).isEqualTo("STARTING");
    assertThat(started.status()).isEqualTo(11);
    assertThat(started.message()).isEqualTo("by alice");

    assertThatThrownBy(() -> runs.control(id, "c", Action.START, op("bob", null)))
        .isInstanceOfSatisfying(
            CampaignRuns.IllegalTransition.class,
            e -> assertThat(e.current().statusName()).isEqualTo("STARTING"));
    assertThat(runs.control(id, "c", Action.PAUSE, op("bob", null)).statusName())
        .isEqualTo("PAUSING");
    assertThat(runs.control(id, "c", Action.FORCE_STOP, op("bob", null)).statusName())
        .isEqualTo("STOPPING_FORCEDLY");
    assertThatThrownBy(() -> runs.control(id, "c", Action.STOP, op("bob", null)))
        .isInstanceOfSatisfying(
            CampaignRuns.IllegalTransition.class,
            e -> {
              assertThat(e.current().status()).isEqualTo(30);
              // The next opening is only told when a start is refused.
              assertThat(e.current().nextOpeningMs()).isNull();
            });
    assertThat(view(id).statusReason()).contains("lastOperator=bob");
  }

  @Test
  void aRefusedManualStartCarriesTheNextOpening() {
    String id = campaign();
    runs.create(id, "c", "api");
    assertThatThrownBy(
            () ->
                runs.control(
                    id, "c", Action.START, op("api", FakeCampaignWorkflowImpl.CLOSED_WINDOW)))
        .isInstanceOfSatisfying(
            CampaignRuns.IllegalTransition.class,
            e -> {
              assertThat(e.current().statusName()).isEqualTo("STOP");
              assertThat(e.current().nextOpeningMs())
                  .isEqualTo(FakeCampaignWorkflowImpl.NEXT_OPENING_MS);
              assertThat(e.current().message()).isEqualTo("outside the calling windows");
            });
  }

  @Test
  void theFirstActionStartsAWorkflowThatWasNeverStarted() {
    String id = campaign();
    ControlResult r = runs.control(id, "late", Action.START, op("api", null));
    assertThat(r.statusName()).isEqualTo("STARTING");
    WorkflowExecutionDescription d =
        TEMPORAL.client().newUntypedWorkflowStub(CampaignWorkflow.workflowId(id)).describe();
    assertThat(d.getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(d.getMemo(SearchAttributes.MEMO_CAMPAIGN_NAME, String.class)).isEqualTo("late");
    assertThat(d.getTypedSearchAttributes().get(SearchAttributes.CAMPAIGN_ID)).isEqualTo(id);
    // And a refused first action still leaves the workflow started, in STOP.
    String other = campaign();
    assertThatThrownBy(() -> runs.control(other, "x", Action.STOP, op("api", null)))
        .isInstanceOf(CampaignRuns.IllegalTransition.class);
    assertThat(view(other).statusName()).isEqualTo("STOP");
  }

  @Test
  void listChangedSignalsRunningWorkflowsAndIgnoresMissingOnes() throws Exception {
    String a = campaign();
    String b = campaign();
    String never = UUID.randomUUID().toString();
    runs.create(a, "a", "api");
    runs.create(b, "b", "api");
    runs.listChanged(List.of(a, never, b));
    runs.listChanged(List.of(a));
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline
        && !(view(a).statusReason().contains("listChanged=2")
            && view(b).statusReason().contains("listChanged=1"))) {
      Thread.sleep(100);
    }
    assertThat(view(a).statusReason()).contains("listChanged=2");
    assertThat(view(b).statusReason()).contains("listChanged=1");
  }

  @Test
  void anActionNobodyAnswersIsUnavailableWithinTheTimeout() {
    // A task queue no worker polls: the update is never completed.
    TemporalCampaignRuns lonely =
        new TemporalCampaignRuns(
            TEMPORAL.client(),
            "http://ui",
            "outdial-api-it-nobody-" + UUID.randomUUID(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Clock.systemUTC());
    String id = campaign();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> lonely.control(id, "c", Action.START, op("api", null)))
        .isInstanceOf(CampaignRuns.Unavailable.class)
        .hasMessageContaining("no answer within 2000 ms");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void anUnreachableTemporalIsUnavailableQuickly() throws Exception {
    WorkflowServiceStubs dead =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:1")
                .setRpcTimeout(Duration.ofSeconds(1))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(Duration.ofSeconds(1))
                        .validateBuildWithDefaults())
                .build());
    try {
      TemporalCampaignRuns down =
          new TemporalCampaignRuns(
              WorkflowClient.newInstance(
                  dead, WorkflowClientOptions.newBuilder().setNamespace("default").build()),
              "http://ui",
              TEMPORAL.taskQueue,
              Duration.ofSeconds(3),
              Duration.ofSeconds(3),
              Clock.systemUTC());
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> down.create(UUID.randomUUID().toString(), "c", "api"))
          .isInstanceOf(CampaignRuns.Unavailable.class);
      assertThatThrownBy(
              () -> down.control(UUID.randomUUID().toString(), "c", Action.STOP, op("api", null)))
          .isInstanceOf(CampaignRuns.Unavailable.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
      down.listChanged(List.of(UUID.randomUUID().toString()));
      down.stop();
    } finally {
      dead.shutdownNow();
    }
  }

  @Test
  void aFailingWorkflowIsReportedAsSuchAndNotAsTemporalBeingAway() {
    // The update reaches the workflow, whose task then fails again and again: the operator
    // learns why, not "Temporal is unavailable" (issue #10).
    String id = campaign();
    runs.create(id, "broken", "api");
    assertThat(runs.problem(id, List.of())).isEmpty();
    long t0 = System.nanoTime();
    assertThatThrownBy(
            () ->
                runs.control(
                    id,
                    "broken",
                    CampaignRuns.Action.START,
                    op("alice", FakeCampaignWorkflowImpl.BREAK)))
        .isInstanceOfSatisfying(
            CampaignRuns.NotResponding.class,
            e -> {
              assertThat(e.problem().workflowId()).isEqualTo(CampaignWorkflow.workflowId(id));
              assertThat(e.problem().attempt()).isGreaterThan(1);
              assertThat(e.problem().lastError()).contains(FakeCampaignWorkflowImpl.BROKEN_MESSAGE);
              assertThat(e.problem().message())
                  .startsWith("the workflow task of campaign-" + id + " has failed");
              assertThat(e.problem().temporalUiUrl()).isEqualTo(runs.uiUrl(id));
            });
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(runs.problem(id, List.of()))
        .hasValueSatisfying(
            p -> assertThat(p.lastError()).contains(FakeCampaignWorkflowImpl.BROKEN_MESSAGE));
  }

  @Test
  void aClosedOrMissingWorkflowIsAProblemAndAnUnknownAttemptIsNot() {
    String id = campaign();
    assertThat(runs.problem(id, List.of(UUID.randomUUID().toString())))
        .hasValueSatisfying(
            p ->
                assertThat(p.message())
                    .isEqualTo(
                        CampaignWorkflow.workflowId(id)
                            + " does not run; the next operator action starts it"));
    runs.create(id, "fine", "api");
    assertThat(runs.problem(id, List.of(UUID.randomUUID().toString()))).isEmpty();
  }
}
