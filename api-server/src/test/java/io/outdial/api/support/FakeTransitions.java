package io.outdial.api.support;

import io.outdial.api.campaigns.CampaignRuns.Action;
import io.outdial.workflows.CampaignStatus;

/**
 * The transitions of PRODUCT.md 3.1 as the test fakes play them: the status an action moves a
 * campaign to, or null when the action is illegal in that status. (The real rules live in the
 * campaign workflow; these only have to be plausible.)
 */
public final class FakeTransitions {
  private FakeTransitions() {}

  public static CampaignStatus next(CampaignStatus now, Action action) {
    return switch (action) {
      case START ->
          now == CampaignStatus.STOP || now == CampaignStatus.PAUSE
              ? CampaignStatus.STARTING
              : null;
      case STOP ->
          now == CampaignStatus.START
                  || now == CampaignStatus.STARTING
                  || now == CampaignStatus.PAUSE
                  || now == CampaignStatus.PAUSING
              ? CampaignStatus.STOPPING
              : null;
      case PAUSE ->
          now == CampaignStatus.START || now == CampaignStatus.STARTING
              ? CampaignStatus.PAUSING
              : null;
      case FORCE_STOP ->
          now == CampaignStatus.STOP || now == CampaignStatus.STOPPING_FORCEDLY
              ? null
              : CampaignStatus.STOPPING_FORCEDLY;
    };
  }
}
