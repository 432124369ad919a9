package io.outdial.api.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.api.codes.Codes;
import io.outdial.store.Json;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;

/** A campaign with its status (code and name), live counts and where to see it in Temporal. */
public record CampaignResponse(
    String id,
    String name,
    String detail,
    String plan,
    String destination,
    String dlma,
    JsonNode schedule,
    String nextCampaign,
    int status,
    String statusName,
    String statusReason,
    Counts counts,
    String workflowId,
    String temporalUiUrl) {

  /** Counts of PRODUCT.md 2: attempts in flight, results by dial result, entries left to dial. */
  public record Counts(long inFlight, long dialed, long answered, long busy, long noAnswer,
      long congestion, long failed, long remaining) {
    static Counts of(CampaignCounts c) {
      return new Counts(c.inFlight(), c.dialed(), c.answered(), c.busy(), c.noAnswer(),
          c.congestion(), c.failed(), c.remaining());
    }
  }

  public static CampaignResponse of(CampaignRow c, CampaignCounts counts, CampaignRuns runs) {
    return new CampaignResponse(c.id(), c.name(), c.detail(), c.planId(), c.destinationId(),
        c.dlmaId(), Json.read(c.schedule(), JsonNode.class), c.nextCampaignId(), c.status(),
        Codes.CAMPAIGN_STATUS.name(c.status()), c.statusReason(), Counts.of(counts),
        runs.workflowId(c.id()), runs.uiUrl(c.id()));
  }
}
