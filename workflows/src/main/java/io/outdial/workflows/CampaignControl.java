package io.outdial.workflows;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Functions;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client side of {@link CampaignWorkflow} (not workflow code), the one path from Java to a
 * campaign's workflow: the options it is started with, the update-with-start that applies an
 * operator action to it (starting it first when it does not run), and the reading of a refused
 * transition into its {@link ControlResult} instead of an exception. The API and the worker's
 * next-campaign start both go through here; timeouts and error mapping are theirs.
 */
public final class CampaignControl {
  private final WorkflowClient client;
  private final String taskQueue;

  public CampaignControl(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /** An operator action: the workflow update it is sent as. */
  public enum Action {
    START("start", CampaignWorkflow::start),
    STOP("stop", CampaignWorkflow::stop),
    PAUSE("pause", CampaignWorkflow::pause),
    FORCE_STOP("force-stop", CampaignWorkflow::forceStop);

    private final String verb;
    private final BiFunction<CampaignWorkflow, OperatorAction, ControlResult> update;

    Action(String verb, BiFunction<CampaignWorkflow, OperatorAction, ControlResult> update) {
      this.verb = verb;
      this.update = update;
    }

    /** The verb of the workflow's refusal messages: "force-stop". */
    public String verb() {
      return verb;
    }
  }

  /** The outcome of an action: accepted (the status it moves to) or refused (the current one). */
  public record Outcome(boolean accepted, ControlResult result) {}

  /**
   * Start options of a campaign's workflow: its business id, the task queue, the search attributes
   * it is found by and the memo the Temporal UI shows its name from. Starting it again while it
   * runs is harmless (conflict policy USE_EXISTING).
   */
  public WorkflowOptions startOptions(String campaignId, String campaignName) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(CampaignWorkflow.workflowId(campaignId))
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setTypedSearchAttributes(
            io.temporal.common.SearchAttributes.newBuilder()
                .set(SearchAttributes.CAMPAIGN_ID, campaignId)
                .set(SearchAttributes.CAMPAIGN_STATUS, CampaignStatus.STOP.name())
                .build())
        .setMemo(
            Map.of(
                SearchAttributes.MEMO_CAMPAIGN_NAME,
                campaignName == null ? campaignId : campaignName))
        // The Temporal UI's summary of the workflow: the campaign's name, not only its id.
        .setStaticSummary(
            Summaries.fit("Campaign " + (campaignName == null ? campaignId : campaignName)))
        .setStaticDetails(
            "Outbound campaign "
                + campaignId
                + ". Its status is the CampaignStatus search attribute and the current details;"
                + " its dialing lanes carry CampaignId = "
                + campaignId
                + ".")
        .build();
  }

  /** Starts the campaign's workflow unless it runs already (it then waits in STOP). */
  public void ensureRunning(String campaignId, String campaignName, OperatorAction by) {
    CampaignWorkflow stub =
        client.newWorkflowStub(CampaignWorkflow.class, startOptions(campaignId, campaignName));
    WorkflowClient.start(stub::run, new CampaignInput(campaignId, by));
  }

  /**
   * Applies {@code action} in one update-with-start call, waiting until the workflow has completed
   * the update: the workflow is started first (by {@code startedBy}) when it does not run, so an
   * action never depends on the workflow having been started at creation. A refused transition is
   * an outcome; any other failure of the update is thrown.
   */
  public Outcome apply(
      String campaignId,
      String campaignName,
      Action action,
      OperatorAction operator,
      OperatorAction startedBy) {
    CampaignWorkflow stub =
        client.newWorkflowStub(CampaignWorkflow.class, startOptions(campaignId, campaignName));
    WithStartWorkflowOperation<CampaignStatus> start =
        new WithStartWorkflowOperation<>(stub::run, new CampaignInput(campaignId, startedBy));
    UpdateOptions<ControlResult> options =
        UpdateOptions.newBuilder(ControlResult.class)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build();
    Functions.Func1<OperatorAction, ControlResult> update = by -> action.update.apply(stub, by);
    try {
      return new Outcome(
          true, WorkflowClient.startUpdateWithStart(update, operator, options, start).getResult());
    } catch (WorkflowUpdateException e) {
      return refusedOrThrow(campaignId, action, e);
    }
  }

  public Outcome start(String campaignId, OperatorAction action) {
    return update(campaignId, Action.START, action);
  }

  public Outcome stop(String campaignId, OperatorAction action) {
    return update(campaignId, Action.STOP, action);
  }

  public Outcome pause(String campaignId, OperatorAction action) {
    return update(campaignId, Action.PAUSE, action);
  }

  public Outcome forceStop(String campaignId, OperatorAction action) {
    return update(campaignId, Action.FORCE_STOP, action);
  }

  /** {@code action} as a plain update of a workflow that runs already. */
  private Outcome update(String campaignId, Action action, OperatorAction operator) {
    CampaignWorkflow stub =
        client.newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(campaignId));
    try {
      return new Outcome(true, action.update.apply(stub, operator));
    } catch (WorkflowUpdateException e) {
      return refusedOrThrow(campaignId, action, e);
    }
  }

  private Outcome refusedOrThrow(String campaignId, Action action, WorkflowUpdateException e) {
    return refusal(campaignId, action, e).map(r -> new Outcome(false, r)).orElseThrow(() -> e);
  }

  /**
   * The failure type a validator's refusal arrives with from a worker on Temporal Java SDK 1.38 and
   * older: the SDK serializes the validator's ApplicationFailure twice, which keeps its message but
   * loses its type and details (temporalio/sdk-java#2875, fixed by PR #3001). The campaign
   * workflow's validators refuse only illegal transitions, so such a refusal is read as one: from
   * its message ({@link #parseRefusal}), or else by asking the workflow's View.
   */
  public static final String DOUBLE_SERIALIZED_REJECTION =
      "io.temporal.internal.worker.WorkflowExecutionException";

  /** The refused transition an update failure carries, if that is what it is. */
  private Optional<ControlResult> refusal(
      String campaignId, Action action, WorkflowUpdateException e) {
    ApplicationFailure failure = applicationFailure(e);
    if (failure == null) {
      return Optional.empty();
    }
    if (CampaignWorkflow.ILLEGAL_TRANSITION.equals(failure.getType())
        && failure.getDetails() != null
        && failure.getDetails().getSize() > 0) {
      return Optional.of(failure.getDetails().get(0, ControlResult.class));
    }
    if (DOUBLE_SERIALIZED_REJECTION.equals(failure.getType())) {
      ControlResult parsed = parseRefusal(failure.getOriginalMessage());
      return Optional.of(
          parsed != null
              ? parsed
              : currentStatus(campaignId, action, failure.getOriginalMessage()));
    }
    return Optional.empty();
  }

  /**
   * The current status of a workflow that refused {@code action} with a message that does not say
   * it (see {@link #DOUBLE_SERIALIZED_REJECTION}), from its View query; the next opening is only
   * told for a refused start, where it is the reason.
   */
  private ControlResult currentStatus(String campaignId, Action action, String message) {
    CampaignView view =
        client
            .newWorkflowStub(CampaignWorkflow.class, CampaignWorkflow.workflowId(campaignId))
            .view();
    return new ControlResult(
        view.status(),
        view.statusName(),
        action == Action.START ? view.nextOpeningMs() : null,
        message);
  }

  /** The first ApplicationFailure in an update failure's causes, or null. */
  private static ApplicationFailure applicationFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure af) {
        return af;
      }
    }
    return null;
  }

  private static final Pattern REFUSAL =
      Pattern.compile(
          "cannot \\S+ a campaign in ([A-Z_]+)(?: outside the calling window, next opening at"
              + " (\\d+|never))?");

  /** The message of a refused action; {@link #parseRefusal} reads it back. */
  public static String refusalMessage(String action, CampaignStatus status, Long nextOpeningMs) {
    return "cannot "
        + action
        + " a campaign in "
        + status.name()
        + (nextOpeningMs == null
            ? ""
            : " outside the calling window, next opening at " + nextOpeningMs);
  }

  /**
   * The refusal in a validator's message, as {@link #refusalMessage} writes it ("cannot start a
   * campaign in STOP outside the calling window, next opening at 1893456000000"), or null when the
   * message is not one.
   */
  public static ControlResult parseRefusal(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = REFUSAL.matcher(message);
    if (!m.matches()) {
      return null;
    }
    Optional<CampaignStatus> status =
        java.util.Arrays.stream(CampaignStatus.values())
            .filter(st -> st.name().equals(m.group(1)))
            .findFirst();
    if (status.isEmpty()) {
      return null;
    }
    Long next = m.group(2) == null || m.group(2).equals("never") ? null : Long.valueOf(m.group(2));
    return ControlResult.of(
        status.get(), next, m.group(2) == null ? null : "outside the calling window");
  }
}
