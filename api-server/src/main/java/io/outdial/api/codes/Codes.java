package io.outdial.api.codes;

import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.DialingStatus;
import io.outdial.workflows.HangupCause;
import java.util.function.ToIntFunction;

/**
 * Every code table the API shows, in one place (PRODUCT.md 3). Names are short upper-case names.
 * The tables the workflows and the worker use too (campaign status, dialing status, dial result,
 * hangup cause) are read from their enums in the workflows module, so the API and the worker can
 * never disagree on a number or a name; the others are the API's alone.
 */
public final class Codes {
  private Codes() {}

  /** 3.1, from the workflows' {@link CampaignStatus} so the two can never disagree. */
  public static final CodeTable CAMPAIGN_STATUS =
      fromEnum("campaign status", CampaignStatus.values(), CampaignStatus::code);

  /** 3.2: dialing status of an attempt, from the workflows' {@link DialingStatus}. */
  public static final CodeTable DIALING_STATUS =
      fromEnum("dialing status", DialingStatus.values(), DialingStatus::code);

  /** 3.3: the Reason of OriginateResponse (AST_CONTROL values), from {@link DialResult}. */
  public static final CodeTable DIAL_RESULT =
      fromEnum("dial result", DialResult.values(), DialResult::code);

  /**
   * 3.4: Q.850 hangup causes, from {@link HangupCause} (which also holds their texts). 0 is what
   * Asterisk reports when it has no cause.
   */
  public static final CodeTable HANGUP_CAUSE =
      fromEnum("hangup cause", HangupCause.values(), HangupCause::code);

  /** 3.5 and 2: plan dial mode. */
  public static final CodeTable DIAL_MODE = CodeTable.of("dial mode", 0, "NONE", 1, "PREDICTIVE");

  /** 3.5: what happens when the dial list is finished. */
  public static final CodeTable DL_END_HANDLE =
      CodeTable.of("dial list end handling", 0, "KEEP", 1, "STOP");

  /** 3.5: destination type. */
  public static final CodeTable DESTINATION_TYPE =
      CodeTable.of("destination type", 0, "EXTENSION", 1, "APPLICATION");

  /** 2: server-kept status of a dial list entry. */
  public static final CodeTable ENTRY_STATUS =
      CodeTable.of("entry status", 0, "IDLE", 1, "DIALING", 2, "RESERVED");

  /** 3.5: scheduling mode; 0 is on, as our users' documentation has it. */
  public static final CodeTable SCHEDULE_MODE = CodeTable.of("scheduling mode", 0, "ON", 1, "OFF");

  /** 3.5: weekdays of a schedule's dayList. */
  public static final CodeTable WEEKDAY =
      CodeTable.of(
          "weekday",
          0,
          "SUNDAY",
          1,
          "MONDAY",
          2,
          "TUESDAY",
          3,
          "WEDNESDAY",
          4,
          "THURSDAY",
          5,
          "FRIDAY",
          6,
          "SATURDAY");

  /** A table of an enum's codes and names, in declaration order. */
  private static <E extends Enum<E>> CodeTable fromEnum(
      String kind, E[] values, ToIntFunction<E> code) {
    Object[] pairs = new Object[values.length * 2];
    int i = 0;
    for (E e : values) {
      pairs[i++] = code.applyAsInt(e);
      pairs[i++] = e.name();
    }
    return CodeTable.of(kind, pairs);
  }
}
