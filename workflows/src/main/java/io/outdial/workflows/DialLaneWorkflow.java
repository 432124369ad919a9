package io.outdial.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.Map;

/**
 * A campaign's dialing lane, id {@code campaign-<campaignId>/lane-<lane>-<generation>}: the child
 * that originates the campaign's calls to one PBX and records their results, many calls at once.
 * The campaign hands it reserved attempts ({@code Dial}); it originates them in batches, learns of
 * their ends from the worker that holds the PBX's AMI connection ({@code CallsEnded}, coalesced per
 * lane), records the results in batches and reports them to the campaign ({@code
 * AttemptsFinished}). It continues as new before its history grows long, and completes once the
 * campaign has closed it ({@code Close}) and no call of it is left.
 */
@WorkflowInterface
public interface DialLaneWorkflow {
  /** The lane of the default PBX (the one workers reach by AMI_*), and that PBX's name. */
  String DEFAULT_LANE = "default";

  /**
   * The task queue of a PBX's call-bound work (its lanes, their activities, and the campaign's
   * steps that ask or tell Asterisk), beside the campaigns' queue {@code campaignQueue}: only
   * workers holding an AMI connection to that PBX poll it. E.g. {@code
   * outdial-campaigns/pbx-default}. A lane's activities are on its own queue, so that the dev
   * server hands each straight back to the worker whose workflow task scheduled it (eager
   * activities).
   */
  static String pbxTaskQueue(String campaignQueue, String pbx) {
    return campaignQueue + "/pbx-" + pbx;
  }

  static String workflowId(String campaignId, String lane, int generation) {
    return CampaignWorkflow.workflowId(campaignId) + "/lane-" + lane + "-" + generation;
  }

  @WorkflowMethod
  void run(LaneInput input);

  /** Attempts to originate (reserved by the campaign). */
  @SignalMethod(name = "Dial")
  void dial(AttemptBatch batch);

  /** What AMI told the worker about calls of this lane that ended. Duplicates are ignored. */
  @SignalMethod(name = "CallsEnded")
  void callsEnded(CallsEnded ended);

  /** The campaign dials no more through this lane: it completes once its calls are settled. */
  @SignalMethod(name = "Close")
  void close();

  @QueryMethod(name = "View")
  LaneView view();

  /**
   * The lane's start, or its next run after continue-as-new.
   *
   * @param toDial attempts not yet originated
   * @param inFlight attempts originated (or maybe originated) whose ends are awaited
   * @param ended ends received and not yet recorded
   */
  record LaneInput(
      String campaignId,
      String lane,
      List<AttemptInput> toDial,
      Map<String, AttemptInput> inFlight,
      Map<String, CallOutcome> ended,
      boolean closing) {}

  /** A batch of attempts for the lane to originate. */
  record AttemptBatch(List<AttemptInput> attempts) {}

  /** Calls that ended, as the worker's AMI event handler saw them. */
  record CallsEnded(List<EndedCall> calls) {}

  record EndedCall(String attemptId, CallOutcome outcome) {}

  /** What a lane holds now. */
  record LaneView(String campaignId, int toDial, int inFlight, int ended, boolean closing) {}
}
