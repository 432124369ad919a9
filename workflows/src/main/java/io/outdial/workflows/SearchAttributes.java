package io.outdial.workflows;

import io.temporal.common.SearchAttributeKey;

/** Search attributes operators filter campaigns by in the Temporal Web UI. */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> CAMPAIGN_ID =
      SearchAttributeKey.forKeyword("CampaignId");
  public static final SearchAttributeKey<String> CAMPAIGN_STATUS =
      SearchAttributeKey.forKeyword("CampaignStatus");

  /** Memo key holding the campaign's name, shown in the Web UI. */
  public static final String MEMO_CAMPAIGN_NAME = "campaignName";

  private SearchAttributes() {}
}
