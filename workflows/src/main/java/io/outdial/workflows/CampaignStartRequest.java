package io.outdial.workflows;

/** The input of StartNextCampaign: which campaign to start, and on whose behalf. */
public record CampaignStartRequest(String campaignId, OperatorAction action) {}
