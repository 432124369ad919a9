package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignRuns.Action;
import io.outdial.workflows.AttemptOutcome;
import io.outdial.workflows.CampaignControl;
import io.outdial.workflows.CampaignInput;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.CampaignView;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * A stand-in for the campaign workflow, run by a worker inside the api-server's integration tests
 * against the real Temporal dev server: it speaks the real interface (updates with validators, the
 * ListChanged signal, the View query) with {@link FakeTransitions}, and never dials. The status
 * reason counts ListChanged signals and names the last operator; the view pretends the next window
 * opens at {@link #NEXT_OPENING_MS}.
 */
public class FakeCampaignWorkflowImpl implements CampaignWorkflow {
  /** A Start whose reason is this is refused as if outside the calling windows. */
  public static final String CLOSED_WINDOW = "pretend the window is closed";

  public static final long NEXT_OPENING_MS = 1_893_456_000_000L; // 2030-01-01T00:00:00Z

  /**
   * An action whose reason is this breaks the workflow: its task fails from then on, as the real
   * one's did on a value it could not handle, and the action never completes.
   */
  public static final String BREAK = "break the workflow";

  public static final String BROKEN_MESSAGE = "broken on purpose by the test";

  private CampaignStatus status = CampaignStatus.STOP;
  private boolean broken;
  private int listChanges;
  private String lastOperator = "";

  @Override
  public CampaignStatus run(CampaignInput input) {
    lastOperator = input.startedBy().requestedBy();
    Workflow.await(() -> broken);
    throw new IllegalStateException(BROKEN_MESSAGE);
  }

  private void validate(Action action, OperatorAction op) {
    // A message the API cannot read the status from (on SDK 1.38 it then asks View) ...
    if (action == Action.START && CLOSED_WINDOW.equals(op.reason())) {
      throw ApplicationFailure.newFailure(
          "outside the calling windows",
          ILLEGAL_TRANSITION,
          ControlResult.of(status, NEXT_OPENING_MS, "outside the calling windows"));
    }
    // ... and the message the real workflow writes (CampaignControl.refusalMessage).
    if (FakeTransitions.next(status, action) == null) {
      throw ApplicationFailure.newFailure(
          CampaignControl.refusalMessage(action.verb(), status, null),
          ILLEGAL_TRANSITION,
          ControlResult.of(status, null, null));
    }
  }

  private ControlResult apply(Action action, OperatorAction op) {
    if (BREAK.equals(op.reason())) {
      broken = true;
      Workflow.await(() -> false);
    }
    status = FakeTransitions.next(status, action);
    lastOperator = op.requestedBy();
    return ControlResult.of(status, null, "by " + op.requestedBy());
  }

  @Override
  public ControlResult start(OperatorAction action) {
    return apply(Action.START, action);
  }

  @Override
  public void validateStart(OperatorAction action) {
    validate(Action.START, action);
  }

  @Override
  public ControlResult stop(OperatorAction action) {
    return apply(Action.STOP, action);
  }

  @Override
  public void validateStop(OperatorAction action) {
    validate(Action.STOP, action);
  }

  @Override
  public ControlResult pause(OperatorAction action) {
    return apply(Action.PAUSE, action);
  }

  @Override
  public void validatePause(OperatorAction action) {
    validate(Action.PAUSE, action);
  }

  @Override
  public ControlResult forceStop(OperatorAction action) {
    return apply(Action.FORCE_STOP, action);
  }

  @Override
  public void validateForceStop(OperatorAction action) {
    validate(Action.FORCE_STOP, action);
  }

  @Override
  public void attemptFinished(AttemptOutcome outcome) {}

  @Override
  public void attemptsFinished(io.outdial.workflows.FinishedAttempts finished) {}

  @Override
  public void listChanged() {
    listChanges++;
  }

  @Override
  public CampaignView view() {
    return new CampaignView(
        status.code(),
        status.name(),
        "listChanged=" + listChanges + " lastOperator=" + lastOperator,
        List.of(),
        false,
        NEXT_OPENING_MS,
        null);
  }
}
