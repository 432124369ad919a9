package io.outdial.workflows;

/**
 * A campaign's new status, to be written to its row: the input of RecordCampaignStatus.
 *
 * @param statusName the name of {@code status}, for whoever reads the payload in the Temporal UI
 */
public record CampaignStatusChange(
    String campaignId, int status, String statusName, String reason) {
  public static CampaignStatusChange of(String campaignId, CampaignStatus status, String reason) {
    return new CampaignStatusChange(campaignId, status.code(), status.name(), reason);
  }
}
