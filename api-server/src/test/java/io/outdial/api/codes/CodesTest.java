package io.outdial.api.codes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.BooleanNode;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.DialingStatus;
import io.outdial.workflows.HangupCause;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The code tables keep PRODUCT.md 3's numbers exactly, each with one short upper-case name. */
class CodesTest {
  private static final List<CodeTable> ALL =
      List.of(
          Codes.CAMPAIGN_STATUS,
          Codes.DIALING_STATUS,
          Codes.DIAL_RESULT,
          Codes.HANGUP_CAUSE,
          Codes.DIAL_MODE,
          Codes.DL_END_HANDLE,
          Codes.DESTINATION_TYPE,
          Codes.ENTRY_STATUS);

  @Test
  void campaignStatusesAreThoseOfTheWorkflows() {
    assertThat(Codes.CAMPAIGN_STATUS.entries())
        .containsExactly(
            java.util.Map.entry(0, "STOP"),
            java.util.Map.entry(1, "START"),
            java.util.Map.entry(2, "PAUSE"),
            java.util.Map.entry(10, "STOPPING"),
            java.util.Map.entry(11, "STARTING"),
            java.util.Map.entry(12, "PAUSING"),
            java.util.Map.entry(30, "STOPPING_FORCEDLY"));
    for (CampaignStatus s : CampaignStatus.values()) {
      assertThat(Codes.CAMPAIGN_STATUS.name(s.code())).isEqualTo(s.name());
    }
  }

  @Test
  void theWorkersTablesAreReadFromTheirEnums() {
    assertThat(Codes.DIALING_STATUS.entries()).hasSize(DialingStatus.values().length);
    for (DialingStatus s : DialingStatus.values()) {
      assertThat(Codes.DIALING_STATUS.name(s.code())).isEqualTo(s.name());
    }
    assertThat(Codes.DIAL_RESULT.entries()).hasSize(DialResult.values().length);
    for (DialResult r : DialResult.values()) {
      assertThat(Codes.DIAL_RESULT.name(r.code())).isEqualTo(r.name());
    }
    assertThat(Codes.HANGUP_CAUSE.entries()).hasSize(HangupCause.values().length);
    for (HangupCause c : HangupCause.values()) {
      assertThat(Codes.HANGUP_CAUSE.name(c.code())).isEqualTo(c.name());
    }
  }

  @Test
  void dialingStatusesOfSection32() {
    assertThat(Codes.DIALING_STATUS.entries().keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 10);
    assertThat(Codes.DIALING_STATUS.name(1)).isEqualTo("ORIGINATE_SENT");
    assertThat(Codes.DIALING_STATUS.name(5)).isEqualTo("ORIGINATE_RESPONSE");
    assertThat(Codes.DIALING_STATUS.name(10)).isEqualTo("ERROR");
  }

  @Test
  void dialResultsCoverEveryReasonOfSection33() {
    assertThat(Codes.DIAL_RESULT.entries().keySet())
        .containsExactlyElementsOf(IntStream.rangeClosed(0, 34).boxed().toList());
    assertThat(Codes.DIAL_RESULT.name(0)).isEqualTo("FAILED");
    assertThat(Codes.DIAL_RESULT.name(3)).isEqualTo("NO_ANSWER");
    assertThat(Codes.DIAL_RESULT.name(4)).isEqualTo("ANSWERED");
    assertThat(Codes.DIAL_RESULT.name(5)).isEqualTo("BUSY");
    assertThat(Codes.DIAL_RESULT.name(8)).isEqualTo("CONGESTION");
  }

  @Test
  void hangupCausesCoverEveryCauseOfSection34WithAsterisksText() {
    List<Integer> section34 =
        List.of(
            1, 2, 3, 5, 6, 7, 8, 14, 16, 17, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29, 30, 31, 34, 38,
            41, 42, 43, 44, 50, 52, 54, 57, 58, 65, 66, 69, 81, 88, 95, 96, 97, 98, 99, 100, 101,
            102, 103, 111, 127);
    assertThat(Codes.HANGUP_CAUSE.entries().keySet()).containsAll(section34);
    assertThat(Codes.HANGUP_CAUSE.entries().keySet()).hasSize(section34.size() + 1).contains(0);
    for (int cause : section34) {
      assertThat(HangupCause.textOf(cause)).as("text of cause %d", cause).isNotEqualTo("Unknown");
    }
    assertThat(Codes.HANGUP_CAUSE.name(16)).isEqualTo("NORMAL_CLEARING");
    assertThat(Codes.HANGUP_CAUSE.name(17)).isEqualTo("USER_BUSY");
    assertThat(Codes.HANGUP_CAUSE.name(34)).isEqualTo("NORMAL_CIRCUIT_CONGESTION");
    assertThat(HangupCause.textOf(16)).isEqualTo("Normal Clearing");
    assertThat(HangupCause.textOf(4)).isEqualTo("Unknown");
  }

  @Test
  void otherCodesOfSection35() {
    assertThat(Codes.DIAL_MODE.describe()).isEqualTo("0 (NONE), 1 (PREDICTIVE)");
    assertThat(Codes.DL_END_HANDLE.describe()).isEqualTo("0 (KEEP), 1 (STOP)");
    assertThat(Codes.DESTINATION_TYPE.describe()).isEqualTo("0 (EXTENSION), 1 (APPLICATION)");
    assertThat(Codes.ENTRY_STATUS.describe()).isEqualTo("0 (IDLE), 1 (DIALING), 2 (RESERVED)");
  }

  @Test
  void everyNameIsShortUpperCase() {
    for (CodeTable t : ALL) {
      assertThat(t.entries().values())
          .as(t.kind())
          .allMatch(n -> n.matches("[A-Z][A-Z0-9_]{0,31}"));
    }
  }

  @Test
  void unknownCodesAreNamedUnknown() {
    assertThat(Codes.DIAL_RESULT.name(99)).isEqualTo(CodeTable.UNKNOWN);
    assertThat(Codes.DIAL_RESULT.nameOrNull(null)).isNull();
  }

  @Test
  void codeOrNameResolvesEither() {
    assertThat(CodeOrName.of(1).resolve(Codes.DIAL_MODE)).contains(1);
    assertThat(CodeOrName.of("predictive").resolve(Codes.DIAL_MODE)).contains(1);
    assertThat(CodeOrName.of(" NONE ").resolve(Codes.DIAL_MODE)).contains(0);
    assertThat(CodeOrName.of(2).resolve(Codes.DIAL_MODE)).isEmpty();
    assertThat(CodeOrName.of(BooleanNode.TRUE).resolve(Codes.DIAL_MODE)).isEmpty();
  }

  @Test
  void tablesRefuseDuplicates() {
    assertThatThrownBy(() -> CodeTable.of("x", 0, "A", 0, "B"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CodeTable.of("x", 0, "A", 1, "A"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
