package io.outdial.workflows;

/** Start input of {@link CampaignWorkflow}: a record so fields can be added. */
public record CampaignInput(String campaignId, OperatorAction startedBy) {}
