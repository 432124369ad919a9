package io.outdial.api.campaigns;

import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import java.util.List;
import java.util.Optional;

/**
 * The campaign workflows, as the REST resources see them. Each campaign has one long-running
 * workflow from its creation on; operators act on it through updates. {@link
 * io.outdial.api.temporal.TemporalCampaignRuns} is the real one.
 */
public interface CampaignRuns {
  /** Operator actions: the URL segment and the workflow update it executes. */
  enum Action {
    START("start", "Start"),
    STOP("stop", "Stop"),
    PAUSE("pause", "Pause"),
    FORCE_STOP("force-stop", "ForceStop");

    private final String verb;
    private final String updateName;

    Action(String verb, String updateName) {
      this.verb = verb;
      this.updateName = updateName;
    }

    /** The URL segment, also the verb of messages: "force-stop". */
    public String verb() {
      return verb;
    }

    /** The name of the workflow update: "ForceStop". */
    public String updateName() {
      return updateName;
    }
  }

  /**
   * Starts the campaign's workflow, in STOP; nothing happens when it runs already. Its history
   * names {@code createdBy} (an operator's name, or {@code api} for the shared token).
   *
   * @throws Unavailable when Temporal cannot be reached or refuses
   */
  void create(String campaignId, String campaignName, String createdBy);

  /**
   * Executes an operator action on the campaign's workflow, starting the workflow first when it
   * does not run (it may not have been started at creation if Temporal was away then).
   *
   * @return the status the campaign moves to
   * @throws IllegalTransition when the workflow refuses the action in its current status
   * @throws Unavailable when Temporal cannot be reached, refuses, or no answer comes in time
   */
  ControlResult control(
      String campaignId, String campaignName, Action action, OperatorAction operator);

  /**
   * Tells these campaigns' workflows that entries were added to their list. Best effort and
   * asynchronous: it never fails and never waits for Temporal.
   */
  void listChanged(List<String> campaignIds);

  /**
   * Why the campaign is not progressing, when Temporal says so: its workflow's task or one of its
   * activities, or one of the oldest attempts' ({@code attemptIds}), has been failing again and
   * again; empty when all is well. Never throws: a Temporal that cannot be reached is itself the
   * problem then.
   */
  Optional<CampaignProblem> problem(String campaignId, List<String> attemptIds);

  /** The workflow id of a campaign, {@code campaign-<id>}. */
  String workflowId(String campaignId);

  /** Link to the campaign's workflow in the Temporal Web UI. */
  String uiUrl(String campaignId);

  /** The workflow refused the action; {@link #current} holds its status (and next opening). */
  final class IllegalTransition extends RuntimeException {
    private final transient ControlResult current;

    public IllegalTransition(ControlResult current) {
      super("illegal transition from " + current.statusName(), null, false, false);
      this.current = current;
    }

    public ControlResult current() {
      return current;
    }
  }

  /**
   * Temporal answered, but the campaign's workflow did not take the action in time because it is
   * failing; {@link #problem} says how.
   */
  final class NotResponding extends RuntimeException {
    private final transient CampaignProblem problem;

    public NotResponding(CampaignProblem problem, Throwable cause) {
      super(problem.message(), cause);
      this.problem = problem;
    }

    public CampaignProblem problem() {
      return problem;
    }
  }

  class Unavailable extends RuntimeException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
