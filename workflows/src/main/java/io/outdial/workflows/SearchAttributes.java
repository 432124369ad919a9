package io.outdial.workflows;

import io.temporal.common.SearchAttributeKey;

/** Search attributes operators filter campaigns by in the Temporal Web UI. */
public final class SearchAttributes {
  public static final SearchAttributeKey<String> CAMPAIGN_ID =
      SearchAttributeKey.forKeyword("CampaignId");
  public static final SearchAttributeKey<String> CAMPAIGN_STATUS =
      SearchAttributeKey.forKeyword("CampaignStatus");

  private SearchAttributes() {}
}
