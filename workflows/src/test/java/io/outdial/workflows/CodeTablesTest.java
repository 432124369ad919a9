package io.outdial.workflows;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The code tables of PRODUCT.md 3.2 to 3.4 keep their numbers and names exactly: the lists here are
 * what the API has always shown, so a change to an enum that would change the API fails.
 */
class CodeTablesTest {
  private static final List<Map.Entry<Integer, String>> DIALING_STATUS =
      List.of(
          entry(0, "NONE"),
          entry(1, "ORIGINATE_SENT"),
          entry(2, "DIALING_BEGIN"),
          entry(3, "CHANNEL_CREATE"),
          entry(4, "DIALING_END"),
          entry(5, "ORIGINATE_RESPONSE"),
          entry(6, "HANGUP"),
          entry(10, "ERROR"));

  private static final List<Map.Entry<Integer, String>> DIAL_RESULT =
      List.of(
          entry(0, "FAILED"),
          entry(1, "HANGUP"),
          entry(2, "RING"),
          entry(3, "NO_ANSWER"),
          entry(4, "ANSWERED"),
          entry(5, "BUSY"),
          entry(6, "OFF_HOOK"),
          entry(7, "LINE_OFF_HOOK"),
          entry(8, "CONGESTION"),
          entry(9, "FLASH_HOOK"),
          entry(10, "WINK"),
          entry(11, "OPTION"),
          entry(12, "RADIO_KEY"),
          entry(13, "RADIO_UNKEY"),
          entry(14, "PROGRESS"),
          entry(15, "PROCEEDING"),
          entry(16, "HOLD"),
          entry(17, "UNHOLD"),
          entry(18, "VIDEO_UPDATE"),
          entry(19, "T38_STATE_CHANGE"),
          entry(20, "MEDIA_SOURCE_UPDATE"),
          entry(21, "TRANSFER"),
          entry(22, "CONNECTED_LINE"),
          entry(23, "REDIRECTING"),
          entry(24, "T38_PARAMETERS"),
          entry(25, "CC"),
          entry(26, "MEDIA_SOURCE_CHANGE"),
          entry(27, "READ_ACTION"),
          entry(28, "AOC"),
          entry(29, "END_OF_QUEUE"),
          entry(30, "INCOMPLETE"),
          entry(31, "MCID"),
          entry(32, "BRIDGE_UPDATE"),
          entry(33, "PVT_CAUSE_CODE"),
          entry(34, "MASQUERADE"));

  private static final List<Map.Entry<Integer, String>> HANGUP_CAUSE =
      List.of(
          entry(0, "NOT_DEFINED"),
          entry(1, "UNALLOCATED"),
          entry(2, "NO_ROUTE_TRANSIT_NET"),
          entry(3, "NO_ROUTE_DESTINATION"),
          entry(5, "MISDIALLED_TRUNK_PREFIX"),
          entry(6, "CHANNEL_UNACCEPTABLE"),
          entry(7, "CALL_AWARDED_DELIVERED"),
          entry(8, "PRE_EMPTED"),
          entry(14, "NUMBER_PORTED_NOT_HERE"),
          entry(16, "NORMAL_CLEARING"),
          entry(17, "USER_BUSY"),
          entry(18, "NO_USER_RESPONSE"),
          entry(19, "NO_ANSWER"),
          entry(20, "SUBSCRIBER_ABSENT"),
          entry(21, "CALL_REJECTED"),
          entry(22, "NUMBER_CHANGED"),
          entry(23, "REDIRECTED_TO_NEW_DESTINATION"),
          entry(26, "ANSWERED_ELSEWHERE"),
          entry(27, "DESTINATION_OUT_OF_ORDER"),
          entry(28, "INVALID_NUMBER_FORMAT"),
          entry(29, "FACILITY_REJECTED"),
          entry(30, "RESPONSE_TO_STATUS_ENQUIRY"),
          entry(31, "NORMAL_UNSPECIFIED"),
          entry(34, "NORMAL_CIRCUIT_CONGESTION"),
          entry(38, "NETWORK_OUT_OF_ORDER"),
          entry(41, "NORMAL_TEMPORARY_FAILURE"),
          entry(42, "SWITCH_CONGESTION"),
          entry(43, "ACCESS_INFO_DISCARDED"),
          entry(44, "REQUESTED_CHAN_UNAVAIL"),
          entry(50, "FACILITY_NOT_SUBSCRIBED"),
          entry(52, "OUTGOING_CALL_BARRED"),
          entry(54, "INCOMING_CALL_BARRED"),
          entry(57, "BEARERCAPABILITY_NOTAUTH"),
          entry(58, "BEARERCAPABILITY_NOTAVAIL"),
          entry(65, "BEARERCAPABILITY_NOTIMPL"),
          entry(66, "CHAN_NOT_IMPLEMENTED"),
          entry(69, "FACILITY_NOT_IMPLEMENTED"),
          entry(81, "INVALID_CALL_REFERENCE"),
          entry(88, "INCOMPATIBLE_DESTINATION"),
          entry(95, "INVALID_MSG_UNSPECIFIED"),
          entry(96, "MANDATORY_IE_MISSING"),
          entry(97, "MESSAGE_TYPE_NONEXIST"),
          entry(98, "WRONG_MESSAGE"),
          entry(99, "IE_NONEXIST"),
          entry(100, "INVALID_IE_CONTENTS"),
          entry(101, "WRONG_CALL_STATE"),
          entry(102, "RECOVERY_ON_TIMER_EXPIRE"),
          entry(103, "MANDATORY_IE_LENGTH_ERROR"),
          entry(111, "PROTOCOL_ERROR"),
          entry(127, "INTERWORKING"));

  @Test
  void dialingStatusesAreThoseOfSection32() {
    assertThat(table(DialingStatus.values(), DialingStatus::code).entrySet())
        .containsExactlyElementsOf(DIALING_STATUS);
  }

  @Test
  void dialResultsAreTheReasonsOfSection33() {
    assertThat(table(DialResult.values(), DialResult::code).entrySet())
        .containsExactlyElementsOf(DIAL_RESULT);
    assertThat(DialResult.ANSWERED.code()).isEqualTo(4);
    assertThat(DialResult.ofCode(3)).contains(DialResult.NO_ANSWER);
    assertThat(DialResult.ofCode(35)).isEmpty();
    assertThat(DialResult.ofCode(-1)).isEmpty();
  }

  @Test
  void hangupCausesAreTheCausesOfSection34() {
    assertThat(table(HangupCause.values(), HangupCause::code).entrySet())
        .containsExactlyElementsOf(HANGUP_CAUSE);
    assertThat(HangupCause.ofCode(16)).contains(HangupCause.NORMAL_CLEARING);
    assertThat(HangupCause.ofCode(4)).isEmpty();
  }

  @Test
  void everyCauseHasAsterisksText() {
    for (HangupCause c : HangupCause.values()) {
      assertThat(c.text()).as("text of %s", c).isNotBlank();
      if (c != HangupCause.NOT_DEFINED) {
        assertThat(c.text()).as("text of %s", c).isNotEqualTo("Unknown");
      }
    }
    assertThat(HangupCause.textOf(0)).isEqualTo("Unknown");
    assertThat(HangupCause.textOf(16)).isEqualTo("Normal Clearing");
    assertThat(HangupCause.textOf(17)).isEqualTo("User busy");
    assertThat(HangupCause.textOf(19)).isEqualTo("User alerting, no answer");
    assertThat(HangupCause.textOf(34)).isEqualTo("Circuit/channel congestion");
    assertThat(HangupCause.NORMAL_CLEARING.text()).isEqualTo("Normal Clearing");
  }

  @Test
  void aCauseOutsideTheTableIsUnknownAsAsteriskSaysIt() {
    assertThat(HangupCause.textOf(4)).isEqualTo("Unknown");
    assertThat(HangupCause.textOf(200)).isEqualTo("Unknown");
    assertThat(HangupCause.textOf(-1)).isEqualTo("Unknown");
  }

  @Test
  void unknownCodesAreNamedAsSuch() {
    assertThat(DialingStatus.nameOf(7)).isEqualTo("UNKNOWN_7");
    assertThat(DialResult.nameOf(99)).isEqualTo("UNKNOWN_99");
    assertThat(HangupCause.nameOf(4)).isEqualTo("UNKNOWN_4");
    assertThat(DialingStatus.nameOf(10)).isEqualTo("ERROR");
    assertThat(DialResult.nameOf(4)).isEqualTo("ANSWERED");
    assertThat(HangupCause.nameOf(17)).isEqualTo("USER_BUSY");
  }

  /** Code to name in declaration order; a code used twice would be lost here and fail above. */
  private static <E extends Enum<E>> Map<Integer, String> table(E[] values, ToIntFunction<E> code) {
    Map<Integer, String> t = new LinkedHashMap<>();
    Arrays.stream(values)
        .forEach(v -> t.merge(code.applyAsInt(v), v.name(), (a, b) -> a + "|" + b));
    return t;
  }
}
