package io.outdial.activities;

import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Store;
import io.outdial.store.Store.DialContext;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.CampaignActivities;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Database steps of the campaign workflow. */
public final class CampaignActivitiesImpl implements CampaignActivities {
  private final Store store;

  public CampaignActivitiesImpl(Store store) {
    this.store = store;
  }

  @Override
  public CampaignCheck checkCampaign(String campaignId) {
    if (store.findCampaign(campaignId).isEmpty()) {
      return new CampaignCheck(false, "campaign " + campaignId + " does not exist", null, 1, 0, 0);
    }
    Optional<DialContext> ctx = store.dialContext(campaignId);
    if (ctx.isEmpty()) {
      return new CampaignCheck(false, "plan, destination or dial list is missing or deleted",
          null, 1, 0, 0);
    }
    PlanRow plan = ctx.get().plan();
    return new CampaignCheck(true, null, ctx.get().campaign().name(), plan.dlEndHandle(),
        plan.maxConcurrentCalls() == null ? 0 : plan.maxConcurrentCalls(), plan.dialTimeoutMs());
  }

  @Override
  public void setStatus(String campaignId, int status, String reason) {
    store.updateCampaignStatus(campaignId, status, reason);
  }

  @Override
  public List<AttemptInput> reserveAttempts(String campaignId, String reservationKey, int limit) {
    PlanRow plan = store.dialContext(campaignId).orElseThrow().plan();
    return store.reserveAttempts(campaignId, reservationKey, limit, Instant.now()).stream()
        .map(r -> new AttemptInput(campaignId, r.attemptId(), r.entryId(), r.numberIndex(),
            r.tryCount(), plan.dialTimeoutMs()))
        .toList();
  }

  @Override
  public ListProgress listProgress(String campaignId) {
    Store.ListProgress p = store.listProgress(campaignId, Instant.now());
    return new ListProgress(p.eligibleNow(), p.waiting(),
        p.nextRetryAt() == null ? null : p.nextRetryAt().toEpochMilli(), p.inFlight());
  }
}
