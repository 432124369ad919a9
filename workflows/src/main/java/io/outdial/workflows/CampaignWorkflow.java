package io.outdial.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-running workflow per campaign, id {@code campaign-<campaignId>}, from its creation on.
 * It holds the campaign's status (PRODUCT.md 3.1), opens and closes its calling windows on durable
 * timers, reserves attempts and has a child {@link DialLaneWorkflow} dial them (runs from before
 * the change dialing-lanes ran each attempt as a child {@link DialAttemptWorkflow}).
 *
 * <p>Operators act through updates named after the action (Start, Stop, Pause, ForceStop), so the
 * history shows who asked and when, and an illegal transition is refused with the current status
 * (an {@code ApplicationFailure} of type {@link #ILLEGAL_TRANSITION}) without touching the history.
 */
@WorkflowInterface
public interface CampaignWorkflow {
  String TASK_QUEUE = "outdial-campaigns";

  /** Failure type of a refused operator action; its details are a {@link ControlResult}. */
  String ILLEGAL_TRANSITION = "IllegalTransition";

  static String workflowId(String campaignId) {
    return "campaign-" + campaignId;
  }

  @WorkflowMethod
  CampaignStatus run(CampaignInput input);

  @UpdateMethod(name = "Start")
  ControlResult start(OperatorAction action);

  @UpdateValidatorMethod(updateName = "Start")
  void validateStart(OperatorAction action);

  @UpdateMethod(name = "Stop")
  ControlResult stop(OperatorAction action);

  @UpdateValidatorMethod(updateName = "Stop")
  void validateStop(OperatorAction action);

  @UpdateMethod(name = "Pause")
  ControlResult pause(OperatorAction action);

  @UpdateValidatorMethod(updateName = "Pause")
  void validatePause(OperatorAction action);

  @UpdateMethod(name = "ForceStop")
  ControlResult forceStop(OperatorAction action);

  @UpdateValidatorMethod(updateName = "ForceStop")
  void validateForceStop(OperatorAction action);

  /** A child attempt reports its end (duplicates are ignored). */
  @SignalMethod(name = "AttemptFinished")
  void attemptFinished(AttemptOutcome outcome);

  /**
   * A dialing lane reports attempts it has settled or given back, and calls that have ended whose
   * results are on their way (duplicates are ignored).
   */
  @SignalMethod(name = "AttemptsFinished")
  void attemptsFinished(FinishedAttempts finished);

  /** Entries were added to the campaign's list (a kept-running campaign picks them up). */
  @SignalMethod(name = "ListChanged")
  void listChanged();

  @QueryMethod(name = "View")
  CampaignView view();
}
