package io.outdial.workflows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/** Originates once, waits for the call to end, records the one result. */
public class DialAttemptWorkflowImpl implements DialAttemptWorkflow {
  /** Longest call the dialer waits for before it settles the attempt by timeout. */
  static final Duration MAX_CALL_LENGTH = Duration.ofHours(2);

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
                .setMaximumAttempts(5)
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
    DialActivities recording = Workflow.newActivityStub(DialActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(500))
                .setMaximumInterval(Duration.ofSeconds(10))
                .build())
            .build());

    OriginateResult sent = originating.originate(attempt);
    CallOutcome outcome;
    if (sent.kind() == OriginateResult.Kind.REFUSED) {
      String detail = "Originate refused by Asterisk: " + sent.message();
      outcome = new CallOutcome(
          List.of(new StatusChange(1, sent.atMs(), null), new StatusChange(10, sent.atMs(), detail)),
          10, 0, 0, null, null, sent.atMs(), null, detail);
    } else {
      outcome = waiting.awaitCallEnd(attempt);
    }
    return recording.recordResult(attempt, outcome);
  }
}
