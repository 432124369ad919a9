package io.outdial.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ExternalWorkflowStub;
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

  private static final ActivityOptions DATABASE = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      // Recording retries until the database is back: a result is never dropped.
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(500))
          .setMaximumInterval(Duration.ofSeconds(10))
          .build())
      .build();

  @Override
  public AttemptOutcome run(AttemptInput attempt) {
    // The originate reaches a person: a few explicit retries, and the attempt row's state makes
    // every retry after the first send a no-op (ALREADY_SENT), so nobody is dialed twice.
    DialActivities originating = Workflow.newActivityStub(DialActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(10))
                // About a minute and a half of AMI outage or dying workers; then see below.
                .setMaximumAttempts(12)
                .build())
            .build());
    Duration callBound = Duration.ofMillis(attempt.dialTimeoutMs()).plus(MAX_CALL_LENGTH);
    DialActivities waiting = Workflow.newActivityStub(DialActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(callBound.plusMinutes(1))
            .setScheduleToCloseTimeout(callBound.plusMinutes(10))
            // A dead worker is noticed by its missing heartbeat; the retry reconciles via AMI.
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
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
      // Its retries ran out (AMI down all along, workers dying under it). Before, the attempt
      // failed here and its row stayed RESERVED for ever. Never sent: given back to its entry;
      // maybe sent: settled like any call whose events may be lost.
      String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      released = recording.releaseIfUnsent(attempt);
      sent = released
          ? new OriginateResult(OriginateResult.Kind.CANCELLED, "originate gave up: " + why,
              Workflow.currentTimeMillis())
          : new OriginateResult(OriginateResult.Kind.ALREADY_SENT, why,
              Workflow.currentTimeMillis());
    }
    AttemptOutcome outcome;
    if (sent.kind() == OriginateResult.Kind.CANCELLED) {
      if (!released) {
        campaign.releaseAttempts(List.of(attempt.attemptId()));
      }
      outcome = new AttemptOutcome(attempt.attemptId(), 0, 0, 0, sent.message(), false);
    } else {
      CallOutcome call;
      if (sent.kind() == OriginateResult.Kind.REFUSED) {
        String detail = "Originate refused by Asterisk: " + sent.message();
        call = new CallOutcome(List.of(new StatusChange(1, sent.atMs(), null),
            new StatusChange(10, sent.atMs(), detail)), 10, 0, 0, null, null, sent.atMs(), null,
            detail);
        outcome = recording.recordResult(attempt, call);
      } else if (Workflow.getVersion("record-with-call-end", Workflow.DEFAULT_VERSION, 1) >= 1) {
        // One activity waits and records: three events and one workflow task fewer.
        outcome = waiting.awaitCallEndAndRecordResult(attempt);
      } else {
        call = waiting.awaitCallEnd(attempt);
        outcome = recording.recordResult(attempt, call);
      }
    }
    reportTo(attempt.campaignId(), outcome);
    return outcome;
  }

  private static void reportTo(String campaignId, AttemptOutcome outcome) {
    ExternalWorkflowStub parent =
        Workflow.newUntypedExternalWorkflowStub(CampaignWorkflow.workflowId(campaignId));
    try {
      parent.signal("AttemptFinished", outcome);
    } catch (SignalExternalWorkflowException e) {
      // The campaign workflow is gone (terminated by hand): the result is recorded all the same.
      log.warn("could not report attempt {} to campaign {}: {}", outcome.attemptId(), campaignId,
          e.getMessage());
    }
  }
}
