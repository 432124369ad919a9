package io.outdial.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The steps of a dialing lane that touch the PBX and the database, run by the worker that holds the
 * PBX's AMI connection. Each takes a batch, so that a call costs a fraction of an activity.
 */
@ActivityInterface
public interface LaneActivities {
  /**
   * Originates each attempt at most once, as the single-attempt Originate does (the attempt row
   * moves to ORIGINATE_SENT and commits before its action leaves, and only while the campaign row
   * says START), and has the worker report each call's end to {@code laneWorkflowId}. Never fails
   * for one attempt: each gets its own result.
   */
  @ActivityMethod(name = "OriginateBatch")
  List<Originated> originateBatch(OriginateBatch batch);

  /** Writes each attempt's one result row (a retry finds it written and answers the same). */
  @ActivityMethod(name = "RecordResults")
  List<AttemptOutcome> recordResults(ResultBatch batch);

  /**
   * After {@link #originateBatch} gave up: gives back to their entries the attempts whose Originate
   * never left (still RESERVED); answers their ids. The others may have left.
   */
  @ActivityMethod(name = "ReleaseUnsent")
  List<String> releaseUnsent(List<String> attemptIds);

  /**
   * Makes sure the worker follows every one of these calls for this lane (a worker that started
   * after their originate may not know whose they are), and has those Asterisk no longer has, or
   * that ran past the longest call waited for, settled as lost; their ends come as {@code
   * CallsEnded}. Answers the attempts that already have their result.
   */
  @ActivityMethod(name = "FollowCalls")
  List<String> followCalls(FollowCalls calls);

  /**
   * How many workers poll task queue {@code taskQueue} for activities now (a PBX's queue: the
   * workers serving that PBX). A lane that sees more than one sends its batches through the queue
   * rather than eagerly to its own worker, so that they all dial its calls (change lane-spreads).
   */
  @ActivityMethod(name = "LaneWorkers")
  int laneWorkers(String taskQueue);

  /**
   * Signals {@code AttemptsFinished} to the campaign's workflow through the client (change
   * lane-reports-by-activity), run as a local activity by the lane's worker. A lane's signal to its
   * campaign as a workflow command held the lane's workflow lock in the Temporal server while the
   * server delivered it, and a campaign's Dial to the lane at that moment held the campaign's: each
   * waited for the other until the server's 500 ms lock timeout for background work
   * (history.cacheNonUserContextLockTimeout), and every call and signal of both workflows with
   * them. Answers false when the campaign's workflow is gone (terminated by hand); a signal the
   * server refuses as invalid fails for good.
   */
  @ActivityMethod(name = "ReportToCampaign")
  boolean reportToCampaign(CampaignReport report);

  record OriginateBatch(String laneWorkflowId, List<AttemptInput> attempts) {}

  /**
   * One attempt's originate. {@code kind} INVALID: it can never be sent as it stands (a value
   * Asterisk would truncate or drop, its entry gone); {@code message} says why.
   */
  record Originated(String attemptId, Kind kind, String message, long atMs) {
    public enum Kind {
      SENT,
      REFUSED,
      ALREADY_SENT,
      ALREADY_SETTLED,
      CANCELLED,
      INVALID
    }
  }

  record ResultBatch(List<ResultToRecord> results) {}

  record FollowCalls(String laneWorkflowId, List<String> attemptIds) {}

  record CampaignReport(String campaignWorkflowId, FinishedAttempts finished) {}
}
