package io.outdial.workflows;

import java.util.Arrays;
import java.util.Optional;

/**
 * Hangup causes (PRODUCT.md 3.4): Q.850 causes under Asterisk's {@code AST_CAUSE_*} names, the ones
 * operators meet in Asterisk's own logs, each with Asterisk's {@code Cause-txt}. 0 is what Asterisk
 * reports when it has no cause. The worker writes the text when the Hangup event carries none
 * (asterisk-java turns {@code Cause-txt: Unknown} into null), and the API shows it for a result
 * stored without one; it is plain data, so it lives here where both can reach it.
 */
public enum HangupCause {
  NOT_DEFINED(0, "Unknown"),
  UNALLOCATED(1, "Unallocated (unassigned) number"),
  NO_ROUTE_TRANSIT_NET(2, "No route to specified transmit network"),
  NO_ROUTE_DESTINATION(3, "No route to destination"),
  MISDIALLED_TRUNK_PREFIX(5, "Misdialled trunk prefix"),
  CHANNEL_UNACCEPTABLE(6, "Channel unacceptable"),
  CALL_AWARDED_DELIVERED(7, "Call awarded and being delivered in an established channel"),
  PRE_EMPTED(8, "Pre-empted"),
  NUMBER_PORTED_NOT_HERE(14, "Number ported not here"),
  NORMAL_CLEARING(16, "Normal Clearing"),
  USER_BUSY(17, "User busy"),
  NO_USER_RESPONSE(18, "No user responding"),
  NO_ANSWER(19, "User alerting, no answer"),
  SUBSCRIBER_ABSENT(20, "Subscriber absent"),
  CALL_REJECTED(21, "Call Rejected"),
  NUMBER_CHANGED(22, "Number changed"),
  REDIRECTED_TO_NEW_DESTINATION(23, "Redirected to new destination"),
  ANSWERED_ELSEWHERE(26, "Answered elsewhere"),
  DESTINATION_OUT_OF_ORDER(27, "Destination out of order"),
  INVALID_NUMBER_FORMAT(28, "Invalid number format"),
  FACILITY_REJECTED(29, "Facility rejected"),
  RESPONSE_TO_STATUS_ENQUIRY(30, "Response to STATus ENQuiry"),
  NORMAL_UNSPECIFIED(31, "Normal, unspecified"),
  NORMAL_CIRCUIT_CONGESTION(34, "Circuit/channel congestion"),
  NETWORK_OUT_OF_ORDER(38, "Network out of order"),
  NORMAL_TEMPORARY_FAILURE(41, "Temporary failure"),
  SWITCH_CONGESTION(42, "Switching equipment congestion"),
  ACCESS_INFO_DISCARDED(43, "Access information discarded"),
  REQUESTED_CHAN_UNAVAIL(44, "Requested channel not available"),
  FACILITY_NOT_SUBSCRIBED(50, "Facility not subscribed"),
  OUTGOING_CALL_BARRED(52, "Outgoing call barred"),
  INCOMING_CALL_BARRED(54, "Incoming call barred"),
  BEARERCAPABILITY_NOTAUTH(57, "Bearer capability not authorized"),
  BEARERCAPABILITY_NOTAVAIL(58, "Bearer capability not available"),
  BEARERCAPABILITY_NOTIMPL(65, "Bearer capability not implemented"),
  CHAN_NOT_IMPLEMENTED(66, "Channel not implemented"),
  FACILITY_NOT_IMPLEMENTED(69, "Facility not implemented"),
  INVALID_CALL_REFERENCE(81, "Invalid call reference value"),
  INCOMPATIBLE_DESTINATION(88, "Incompatible destination"),
  INVALID_MSG_UNSPECIFIED(95, "Invalid message unspecified"),
  MANDATORY_IE_MISSING(96, "Mandatory information element is missing"),
  MESSAGE_TYPE_NONEXIST(97, "Message type nonexist."),
  WRONG_MESSAGE(98, "Wrong message"),
  IE_NONEXIST(99, "Info. element nonexist or not implemented"),
  INVALID_IE_CONTENTS(100, "Invalid information element contents"),
  WRONG_CALL_STATE(101, "Message not compatible with call state"),
  RECOVERY_ON_TIMER_EXPIRE(102, "Recover on timer expiry"),
  MANDATORY_IE_LENGTH_ERROR(103, "Mandatory IE length error"),
  PROTOCOL_ERROR(111, "Protocol error, unspecified"),
  INTERWORKING(127, "Interworking, unspecified");

  private final int code;
  private final String text;

  HangupCause(int code, String text) {
    this.code = code;
    this.text = text;
  }

  public int code() {
    return code;
  }

  /** Asterisk's text of this cause, as its {@code Cause-txt} header says it. */
  public String text() {
    return text;
  }

  /** The cause of {@code code}; empty for a code outside PRODUCT.md 3.4. */
  public static Optional<HangupCause> ofCode(int code) {
    return Arrays.stream(values()).filter(c -> c.code == code).findFirst();
  }

  /**
   * The name an operator reads beside {@code code}; a code this enum does not know is shown as such
   * rather than refused, as {@link DialingStatus#nameOf} does.
   */
  public static String nameOf(int code) {
    return ofCode(code).map(Enum::name).orElse("UNKNOWN_" + code);
  }

  /** Asterisk's text of a cause; "Unknown" outside the table, as Asterisk says. */
  public static String textOf(int code) {
    return ofCode(code).orElse(NOT_DEFINED).text;
  }
}
