package io.outdial.workflows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The steps of one attempt that touch Asterisk and the database. */
@ActivityInterface
public interface DialActivities {
  /** Sends the Originate at most once for this attempt (guarded by the attempt row's state). */
  @ActivityMethod(name = "Originate")
  OriginateResult originate(AttemptInput attempt);

  /**
   * Waits, heartbeating, until the call has ended, and returns what AMI reported. A retry (after a
   * worker restart) reconciles against Asterisk's live channels instead of waiting blindly.
   */
  @ActivityMethod(name = "AwaitCallEnd")
  CallOutcome awaitCallEnd(AttemptInput attempt);

  /**
   * Writes the attempt's one result row and updates its entry, in one transaction. Kept for
   * histories from before the change named-payloads: runs since then call {@link
   * #recordAttemptResult}.
   */
  @ActivityMethod(name = "RecordResult")
  AttemptOutcome recordResult(AttemptInput attempt, CallOutcome outcome);

  /** {@link #recordResult} with its arguments named in one record. */
  @ActivityMethod(name = "RecordAttemptResult")
  AttemptOutcome recordAttemptResult(ResultToRecord result);

  /**
   * {@link #awaitCallEnd} and {@link #recordResult} in one activity, so an attempt's history holds
   * one activity less. A retry that finds the attempt settled answers its recorded result.
   */
  @ActivityMethod(name = "AwaitCallEndAndRecordResult")
  AttemptOutcome awaitCallEndAndRecordResult(AttemptInput attempt);

  /**
   * After {@link #originate} gave up (its retries ran out): gives the attempt back to its entry
   * when its Originate never left (the row is still RESERVED) and answers true; answers false when
   * it may have left (ORIGINATE_SENT or later), which is then settled by waiting.
   */
  @ActivityMethod(name = "ReleaseIfUnsent")
  boolean releaseIfUnsent(AttemptInput attempt);
}
