package io.outdial.workflows;

import io.outdial.workflows.CampaignActivities.CampaignCheck;
import io.outdial.workflows.CampaignActivities.ListProgress;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Dials a campaign's list: keeps at most N attempts in flight as child workflows, waits on a
 * durable timer for entries whose retry delay has not passed, and stops when the list is done.
 */
public class CampaignWorkflowImpl implements CampaignWorkflow {
  /** Bound on attempts in flight when the plan sets no maxConcurrentCalls. */
  static final int DEFAULT_MAX_IN_FLIGHT = 50;

  private static final Logger log = Workflow.getLogger(CampaignWorkflowImpl.class);

  // Database steps retry until the database is back: a MariaDB restart must not end a campaign.
  private final CampaignActivities db = Workflow.newActivityStub(CampaignActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofMillis(500))
              .setMaximumInterval(Duration.ofSeconds(10))
              .build())
          .build());

  private final Map<String, Promise<AttemptOutcome>> inFlight = new LinkedHashMap<>();
  private CampaignStatus status = CampaignStatus.STOP;
  private OperatorAction stopRequest;
  private String campaignId;

  @Override
  public CampaignStatus run(CampaignInput input) {
    campaignId = input.campaignId();
    moveTo(CampaignStatus.STARTING, "started by " + input.startedBy().requestedBy());
    CampaignCheck check = db.checkCampaign(campaignId);
    if (!check.ok()) {
      moveTo(CampaignStatus.STOP, check.reason());
      return status;
    }
    moveTo(CampaignStatus.START, null);
    int maxInFlight =
        check.maxConcurrentCalls() > 0 ? check.maxConcurrentCalls() : DEFAULT_MAX_IN_FLIGHT;

    String stopReason = null;
    while (stopReason == null) {
      collectFinished();
      if (stopRequest != null) {
        stopReason = "stopped by " + stopRequest.requestedBy();
        break;
      }
      int free = maxInFlight - inFlight.size();
      List<AttemptInput> reserved = free > 0
          ? db.reserveAttempts(campaignId, campaignId + "/" + Workflow.randomUUID(), free)
          : List.of();
      reserved.forEach(this::startAttempt);
      if (free > 0 && reserved.size() == free) {
        continue; // there may be more eligible entries right now
      }
      Duration wakeUp = null;
      if (reserved.size() < free) {
        ListProgress progress = db.listProgress(campaignId);
        if (inFlight.isEmpty() && progress.finished()) {
          if (check.dlEndHandle() == 1) {
            stopReason = "dial list finished";
            break;
          }
          // dlEndHandle 0 keeps the campaign running; look again for entries added later.
          wakeUp = Duration.ofMinutes(1);
        } else if (progress.nextRetryAtMs() != null && progress.eligibleNow() == 0) {
          wakeUp = Duration.ofMillis(
              Math.max(100, progress.nextRetryAtMs() - Workflow.currentTimeMillis()));
        }
      }
      if (inFlight.isEmpty() && wakeUp == null) {
        wakeUp = Duration.ofSeconds(1); // entries are eligible but none could be reserved
      }
      if (wakeUp == null) {
        Workflow.await(() -> stopRequest != null || anyFinished());
      } else {
        Workflow.await(wakeUp, () -> stopRequest != null || anyFinished());
      }
    }

    moveTo(CampaignStatus.STOPPING, stopReason);
    Workflow.await(() -> {
      collectFinished();
      return inFlight.isEmpty();
    });
    moveTo(CampaignStatus.STOP, stopReason);
    return status;
  }

  private void startAttempt(AttemptInput attempt) {
    DialAttemptWorkflow child = Workflow.newChildWorkflowStub(DialAttemptWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(DialAttemptWorkflow.workflowId(campaignId, attempt.attemptId()))
            // An attempt that has dialed must settle and record even if its campaign is ended.
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .build());
    inFlight.put(attempt.attemptId(), Async.function(child::run, attempt));
  }

  private boolean anyFinished() {
    return inFlight.values().stream().anyMatch(Promise::isCompleted);
  }

  private void collectFinished() {
    Iterator<Map.Entry<String, Promise<AttemptOutcome>>> it = inFlight.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Promise<AttemptOutcome>> e = it.next();
      if (e.getValue().isCompleted()) {
        if (e.getValue().getFailure() != null) {
          log.error("attempt {} failed: {}", e.getKey(), e.getValue().getFailure().getMessage());
        }
        it.remove();
      }
    }
  }

  private void moveTo(CampaignStatus next, String reason) {
    status = next;
    db.setStatus(campaignId, next.code(), reason);
    Workflow.upsertTypedSearchAttributes(SearchAttributes.CAMPAIGN_STATUS.valueSet(next.name()));
    log.info("campaign {} is {} ({})", campaignId, next, reason);
  }

  @Override
  public void stop(OperatorAction action) {
    if (stopRequest == null) {
      stopRequest = action;
    }
  }

  @Override
  public CampaignStatus status() {
    return status;
  }
}
