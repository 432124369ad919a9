package io.outdial.api.codes;

import io.outdial.workflows.CampaignStatus;

/**
 * Every code table the API shows, in one place (PRODUCT.md 3). Names are short upper-case
 * names derived from the descriptions in PRODUCT.md (dial result 3, "remote end is ringing (not
 * answered in time)", is NO_ANSWER, as the campaign counts call it); hangup causes use Asterisk's
 * {@code AST_CAUSE_*} names, the ones operators meet in Asterisk's own logs. The texts of hangup causes are Asterisk's
 * {@code Cause-txt}.
 */
public final class Codes {
  private Codes() {}

  /** 3.1, from the workflows' {@link CampaignStatus} so the two can never disagree. */
  public static final CodeTable CAMPAIGN_STATUS = campaignStatus();

  /** 3.2: dialing status of an attempt. */
  public static final CodeTable DIALING_STATUS = CodeTable.of("dialing status",
      0, "NONE",
      1, "ORIGINATE_SENT",
      2, "DIALING_BEGIN",
      3, "CHANNEL_CREATE",
      4, "DIALING_END",
      5, "ORIGINATE_RESPONSE",
      6, "HANGUP",
      10, "ERROR");

  /** 3.3: the Reason of OriginateResponse (AST_CONTROL values). */
  public static final CodeTable DIAL_RESULT = CodeTable.of("dial result",
      0, "FAILED",
      1, "HANGUP",
      2, "RING",
      3, "NO_ANSWER",
      4, "ANSWERED",
      5, "BUSY",
      6, "OFF_HOOK",
      7, "LINE_OFF_HOOK",
      8, "CONGESTION",
      9, "FLASH_HOOK",
      10, "WINK",
      11, "OPTION",
      12, "RADIO_KEY",
      13, "RADIO_UNKEY",
      14, "PROGRESS",
      15, "PROCEEDING",
      16, "HOLD",
      17, "UNHOLD",
      18, "VIDEO_UPDATE",
      19, "T38_STATE_CHANGE",
      20, "MEDIA_SOURCE_UPDATE",
      21, "TRANSFER",
      22, "CONNECTED_LINE",
      23, "REDIRECTING",
      24, "T38_PARAMETERS",
      25, "CC",
      26, "MEDIA_SOURCE_CHANGE",
      27, "READ_ACTION",
      28, "AOC",
      29, "END_OF_QUEUE",
      30, "INCOMPLETE",
      31, "MCID",
      32, "BRIDGE_UPDATE",
      33, "PVT_CAUSE_CODE",
      34, "MASQUERADE");

  /** 3.4: Q.850 hangup causes. 0 is what Asterisk reports when it has no cause. */
  public static final CodeTable HANGUP_CAUSE = CodeTable.of("hangup cause",
      0, "NOT_DEFINED",
      1, "UNALLOCATED",
      2, "NO_ROUTE_TRANSIT_NET",
      3, "NO_ROUTE_DESTINATION",
      5, "MISDIALLED_TRUNK_PREFIX",
      6, "CHANNEL_UNACCEPTABLE",
      7, "CALL_AWARDED_DELIVERED",
      8, "PRE_EMPTED",
      14, "NUMBER_PORTED_NOT_HERE",
      16, "NORMAL_CLEARING",
      17, "USER_BUSY",
      18, "NO_USER_RESPONSE",
      19, "NO_ANSWER",
      20, "SUBSCRIBER_ABSENT",
      21, "CALL_REJECTED",
      22, "NUMBER_CHANGED",
      23, "REDIRECTED_TO_NEW_DESTINATION",
      26, "ANSWERED_ELSEWHERE",
      27, "DESTINATION_OUT_OF_ORDER",
      28, "INVALID_NUMBER_FORMAT",
      29, "FACILITY_REJECTED",
      30, "RESPONSE_TO_STATUS_ENQUIRY",
      31, "NORMAL_UNSPECIFIED",
      34, "NORMAL_CIRCUIT_CONGESTION",
      38, "NETWORK_OUT_OF_ORDER",
      41, "NORMAL_TEMPORARY_FAILURE",
      42, "SWITCH_CONGESTION",
      43, "ACCESS_INFO_DISCARDED",
      44, "REQUESTED_CHAN_UNAVAIL",
      50, "FACILITY_NOT_SUBSCRIBED",
      52, "OUTGOING_CALL_BARRED",
      54, "INCOMING_CALL_BARRED",
      57, "BEARERCAPABILITY_NOTAUTH",
      58, "BEARERCAPABILITY_NOTAVAIL",
      65, "BEARERCAPABILITY_NOTIMPL",
      66, "CHAN_NOT_IMPLEMENTED",
      69, "FACILITY_NOT_IMPLEMENTED",
      81, "INVALID_CALL_REFERENCE",
      88, "INCOMPATIBLE_DESTINATION",
      95, "INVALID_MSG_UNSPECIFIED",
      96, "MANDATORY_IE_MISSING",
      97, "MESSAGE_TYPE_NONEXIST",
      98, "WRONG_MESSAGE",
      99, "IE_NONEXIST",
      100, "INVALID_IE_CONTENTS",
      101, "WRONG_CALL_STATE",
      102, "RECOVERY_ON_TIMER_EXPIRE",
      103, "MANDATORY_IE_LENGTH_ERROR",
      111, "PROTOCOL_ERROR",
      127, "INTERWORKING");

  /** 3.5 and 2: plan dial mode. */
  public static final CodeTable DIAL_MODE = CodeTable.of("dial mode", 0, "NONE", 1, "PREDICTIVE");

  /** 3.5: what happens when the dial list is finished. */
  public static final CodeTable DL_END_HANDLE = CodeTable.of("dial list end handling",
      0, "KEEP", 1, "STOP");

  /** 3.5: destination type. */
  public static final CodeTable DESTINATION_TYPE = CodeTable.of("destination type",
      0, "EXTENSION", 1, "APPLICATION");

  /** 2: server-kept status of a dial list entry. */
  public static final CodeTable ENTRY_STATUS = CodeTable.of("entry status",
      0, "IDLE", 1, "DIALING", 2, "RESERVED");

  /** 3.5: scheduling mode; 0 is on, as our users' documentation has it. */
  public static final CodeTable SCHEDULE_MODE = CodeTable.of("scheduling mode", 0, "ON", 1, "OFF");

  /** 3.5: weekdays of a schedule's dayList. */
  public static final CodeTable WEEKDAY = CodeTable.of("weekday",
      0, "SUNDAY", 1, "MONDAY", 2, "TUESDAY", 3, "WEDNESDAY", 4, "THURSDAY", 5, "FRIDAY",
      6, "SATURDAY");

  private static CodeTable campaignStatus() {
    Object[] pairs = new Object[CampaignStatus.values().length * 2];
    int i = 0;
    for (CampaignStatus s : CampaignStatus.values()) {
      pairs[i++] = s.code();
      pairs[i++] = s.name();
    }
    return CodeTable.of("campaign status", pairs);
  }
}
