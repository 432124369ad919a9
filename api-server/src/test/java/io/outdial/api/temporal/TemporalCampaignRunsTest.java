package io.outdial.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.workflows.CampaignControl;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.ControlResult;
import org.junit.jupiter.api.Test;

/** The refusal messages of the campaign workflow, read back as the API reads them. */
class TemporalCampaignRunsTest {
  @Test
  void readsBackEveryRefusalTheWorkflowWrites() {
    for (CampaignStatus status : CampaignStatus.values()) {
      for (String action : new String[] {"start", "stop", "pause", "force-stop"}) {
        String message = CampaignControl.refusalMessage(action, status, null);
        ControlResult r = TemporalCampaignRuns.parseRefusal(message);
        assertThat(r).as(message).isNotNull();
        assertThat(r.status()).isEqualTo(status.code());
        assertThat(r.statusName()).isEqualTo(status.name());
        assertThat(r.nextOpeningMs()).isNull();
      }
    }
    ControlResult closed = TemporalCampaignRuns.parseRefusal(
        CampaignControl.refusalMessage("start", CampaignStatus.STOP, 1_893_456_000_000L));
    assertThat(closed.statusName()).isEqualTo("STOP");
    assertThat(closed.nextOpeningMs()).isEqualTo(1_893_456_000_000L);
  }

  @Test
  void otherMessagesAreNotRefusals() {
    assertThat(TemporalCampaignRuns.parseRefusal(null)).isNull();
    assertThat(TemporalCampaignRuns.parseRefusal("outside the calling windows")).isNull();
    assertThat(TemporalCampaignRuns.parseRefusal("cannot start a campaign in NOWHERE")).isNull();
    assertThat(TemporalCampaignRuns.parseRefusal("java.lang.NullPointerException")).isNull();
  }
}
