package io.outdial.workflows;

/**
 * Start input of {@link CampaignWorkflow}. {@code carried} is null on the first run and holds the
 * state handed over by continue-as-new afterwards.
 */
public record CampaignInput(String campaignId, OperatorAction startedBy, CampaignState carried) {
  public CampaignInput(String campaignId, OperatorAction startedBy) {
    this(campaignId, startedBy, null);
  }
}
