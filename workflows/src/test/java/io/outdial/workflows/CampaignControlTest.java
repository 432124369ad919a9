package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The refusal messages of the campaign workflow, read back as CampaignControl reads them. */
class CampaignControlTest {
  @Test
  void readsBackEveryRefusalTheWorkflowWrites() {
    for (CampaignStatus status : CampaignStatus.values()) {
      for (String action : new String[] {"start", "stop", "pause", "force-stop"}) {
        String message = CampaignControl.refusalMessage(action, status, null);
        ControlResult r = CampaignControl.parseRefusal(message);
        assertThat(r).as(message).isNotNull();
        assertThat(r.status()).isEqualTo(status.code());
        assertThat(r.statusName()).isEqualTo(status.name());
        assertThat(r.nextOpeningMs()).isNull();
      }
    }
    ControlResult closed =
        CampaignControl.parseRefusal(
            CampaignControl.refusalMessage("start", CampaignStatus.STOP, 1_893_456_000_000L));
    assertThat(closed.statusName()).isEqualTo("STOP");
    assertThat(closed.nextOpeningMs()).isEqualTo(1_893_456_000_000L);
  }

  @Test
  void otherMessagesAreNotRefusals() {
    assertThat(CampaignControl.parseRefusal(null)).isNull();
    assertThat(CampaignControl.parseRefusal("outside the calling windows")).isNull();
    assertThat(CampaignControl.parseRefusal("cannot start a campaign in NOWHERE")).isNull();
    assertThat(CampaignControl.parseRefusal("java.lang.NullPointerException")).isNull();
  }
}
