package io.outdial.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Functions;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Originates once, waits for the call to end, records the one result, and reports back to its
 * campaign by signal (so the campaign's history stays bounded across continue-as-new).
 */
public class DialAttemptWorkflowImpl implements DialAttemptWorkflow {
  /** Longest call the dialer waits for before it settles the attempt by timeout. */
  static final Duration MAX_CALL_LENGTH = Duration.ofHours(2);

  private static final Logger log = Workflow.getLogger(DialAttemptWorkflowImpl.class);

  private static final ActivityOptions DATABASE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          // Recording retries until the database is back: a result is never dropped.
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(500))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .build();

  /** See CampaignWorkflowImpl's namedPayloads: the same change, asked as the attempt begins. */
  private boolean namedPayloads;

  @Override
  public AttemptOutcome run(AttemptInput attempt) {
    namedPayloads = Workflow.getVersion("named-payloads", Workflow.DEFAULT_VERSION, 1) >= 1;
    // The originate reaches a person: a few explicit retries, and the attempt row's state makes
    // every retry after the first send a no-op (ALREADY_SENT), so nobody is dialed twice.
    DialActivities originating =
        Workflow.newActivityStub(
            DialActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(20))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(10))
                        // About a minute and a half of AMI outage or dying workers; then see below.
                        .setMaximumAttempts(12)
                        .build())
                .build());
    Duration callBound = Duration.ofMillis(attempt.dialTimeoutMs()).plus(MAX_CALL_LENGTH);
    DialActivities waiting =
        Workflow.newActivityStub(
            DialActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(callBound.plusMinutes(1))
                .setScheduleToCloseTimeout(callBound.plusMinutes(10))
                // A dead worker is noticed by its missing heartbeat; the retry reconciles via AMI.
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofSeconds(10))
                        .build())
                .build());
    DialActivities recording = Workflow.newActivityStub(DialActivities.class, DATABASE);
    CampaignActivities campaign = Workflow.newActivityStub(CampaignActivities.class, DATABASE);

    OriginateResult sent;
    boolean released = false;
    try {
      sent = originating.originate(attempt);
    } catch (ActivityFailure e) {
      if (Workflow.getVersion("originate-gave-up", Workflow.DEFAULT_VERSION, 1) < 1) {
        throw e;
      }
      if (isPermanent(e) && settlesPermanentFailures()) {
        // It can never be sent (a value Asterisk would not take, a row the database refuses):
        // settled as an error that counts as the try it was reserved as. Before, it was given
        // back to its entry, reserved again and failed again, for ever.
        AttemptOutcome outcome =
            settleAsError(recording, attempt, "Originate failed: " + failureMessage(e));
        reportTo(attempt.campaignId(), outcome);
        return outcome;
      }
      // Its retries ran out (AMI down all along, workers dying under it). Before, the attempt
      // failed here and its row stayed RESERVED for ever. Never sent: given back to its entry;
      // maybe sent: settled like any call whose events may be lost.
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      released = recording.releaseIfUnsent(attempt);
      sent =
          released
              ? new OriginateResult(
                  OriginateResult.Kind.CANCELLED,
                  "originate gave up: " + why,
                  Workflow.currentTimeMillis())
              : new OriginateResult(
                  OriginateResult.Kind.ALREADY_SENT, why, Workflow.currentTimeMillis());
    }
    AttemptOutcome outcome;
    if (sent.kind() == OriginateResult.Kind.CANCELLED) {
      if (!released) {
        campaign.releaseAttempts(List.of(attempt.attemptId()));
      }
      outcome =
          new AttemptOutcome(
              attempt.attemptId(),
              DialingStatus.NONE.code(),
              DialResult.FAILED.code(),
              HangupCause.NOT_DEFINED.code(),
              sent.message(),
              false);
    } else {
      if (sent.kind() == OriginateResult.Kind.REFUSED) {
        String detail = "Originate refused by Asterisk: " + sent.message();
        int error = DialingStatus.ERROR.code();
        CallOutcome call =
            new CallOutcome(
                List.of(
                    new StatusChange(DialingStatus.ORIGINATE_SENT.code(), sent.atMs(), null),
                    new StatusChange(error, sent.atMs(), detail)),
                error,
                DialResult.FAILED.code(),
                HangupCause.NOT_DEFINED.code(),
                null,
                null,
                sent.atMs(),
                null,
                detail);
        outcome = recordOrSettle(recording, attempt, () -> record(recording, attempt, call));
      } else if (Workflow.getVersion("record-with-call-end", Workflow.DEFAULT_VERSION, 1) >= 1) {
        // One activity waits and records: three events and one workflow task fewer.
        outcome =
            recordOrSettle(recording, attempt, () -> waiting.awaitCallEndAndRecordResult(attempt));
      } else {
        CallOutcome ended = waiting.awaitCallEnd(attempt);
        outcome = recordOrSettle(recording, attempt, () -> record(recording, attempt, ended));
      }
    }
    reportTo(attempt.campaignId(), outcome);
    return outcome;
  }

  /**
   * Records the call's result; when that fails for good (a permanent failure, or the wait ran past
   * its bound), the attempt is settled as an error instead, so it still gets its one result row and
   * its campaign hears of its end.
   */
  private AttemptOutcome recordOrSettle(
      DialActivities recording, AttemptInput attempt, Functions.Func<AttemptOutcome> record) {
    try {
      return record.apply();
    } catch (ActivityFailure e) {
      if (!settlesPermanentFailures()) {
        throw e;
      }
      return settleAsError(
          recording, attempt, "result could not be recorded: " + failureMessage(e));
    }
  }

  /** Dialing status 10 (error occurred) with {@code detail}, written as the attempt's result. */
  private AttemptOutcome settleAsError(
      DialActivities recording, AttemptInput attempt, String detail) {
    CallOutcome failed = CallOutcome.error(Workflow.currentTimeMillis(), detail, detail);
    return record(recording, attempt, failed);
  }

  private AttemptOutcome record(DialActivities recording, AttemptInput attempt, CallOutcome call) {
    return namedPayloads
        ? recording.recordAttemptResult(new ResultToRecord(attempt, call))
        : recording.recordResult(attempt, call);
  }

  /** Whether this run settles attempts that fail for good, instead of retrying them. */
  private static boolean settlesPermanentFailures() {
    return Workflow.getVersion("permanent-failures", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether the activity failed because of something no retry can mend. */
  static boolean isPermanent(ActivityFailure e) {
    return e.getRetryState() == RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE
        || e.getCause() instanceof ApplicationFailure f && f.isNonRetryable();
  }

  private static String failureMessage(ActivityFailure e) {
    Throwable cause = e.getCause() != null ? e.getCause() : e;
    String message =
        cause instanceof ApplicationFailure f ? f.getOriginalMessage() : cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private static void reportTo(String campaignId, AttemptOutcome outcome) {
    ExternalWorkflowStub parent =
        Workflow.newUntypedExternalWorkflowStub(CampaignWorkflow.workflowId(campaignId));
    try {
      parent.signal("AttemptFinished", outcome);
    } catch (SignalExternalWorkflowException e) {
      // The campaign workflow is gone (terminated by hand): the result is recorded all the same.
      log.warn(
          "could not report attempt {} to campaign {}: {}",
          outcome.attemptId(),
          campaignId,
          e.getMessage());
    }
  }
}
