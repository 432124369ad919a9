package io.outdial.e2e.fuzz;

import static io.outdial.e2e.fuzz.FieldValue.Kind.BEYOND;
import static io.outdial.e2e.fuzz.FieldValue.Kind.EDGE;
import static io.outdial.e2e.fuzz.FieldValue.Kind.SAFE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outdial.e2e.fuzz.FieldValue.Kind;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * A campaign schedule of one shape, written out against the time of the try: a window that is open
 * now must be open when the campaign starts, and a closed one must stay closed for hours, so that
 * no campaign opens by itself while another try runs.
 *
 * @param zone the schedule's timezone (a valid IANA id; shapes that test bad zones use their own)
 * @param modeForm how mode is written: 0 a number, 1 upper-case name, 2 lower-case, 3 padded
 * @param dayForm for open windows, which day rules keep today (and yesterday, whose window may
 *     cross into today) a run day: 0 none, 1 all weekdays as numbers, 2 all as names in one string,
 *     3 a date list of yesterday and today
 */
record ScheduleSpec(Shape shape, String zone, int modeForm, int dayForm) {
  private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

  /** The shapes of schedules: kind, and whether the window is open during the try. */
  enum Shape {
    ABSENT(SAFE, false),
    OFF(EDGE, false),
    ALWAYS(EDGE, true),
    AROUND_NOW(EDGE, true),
    LONG_CROSSING_MIDNIGHT(EDGE, true),
    FULL_DAY(EDGE, true),
    EXTREME_DATES(EDGE, true),
    LATER_TODAY(EDGE, false),
    FUTURE_DATES(EDGE, false),
    PAST_DATES(EDGE, false),
    EXCEPT_AROUND_TODAY(EDGE, false),
    LISTED_NEXT_YEAR(EDGE, false),
    OTHER_WEEKDAYS(EDGE, false),
    HOUR_24(BEYOND, false),
    NO_LEADING_ZERO(BEYOND, false),
    NO_SECONDS(BEYOND, false),
    EQUAL_TIMES(BEYOND, false),
    END_BEFORE_START(BEYOND, false),
    NO_SUCH_DATE(BEYOND, false),
    WEEKDAY_7(BEYOND, false),
    FUNDAY(BEYOND, false),
    MODE_2(BEYOND, false),
    MODE_WORD(BEYOND, false),
    BAD_ZONE(BEYOND, false),
    NULL_IN_DATE_LIST(BEYOND, false),
    DATE_LIST_WORD(BEYOND, false);

    final Kind kind;
    final boolean open;

    Shape(Kind kind, boolean open) {
      this.kind = kind;
      this.open = open;
    }

    static List<Shape> edges() {
      return Arrays.stream(values()).filter(s -> s.kind == EDGE).toList();
    }

    static List<Shape> beyond() {
      return Arrays.stream(values()).filter(s -> s.kind == BEYOND).toList();
    }
  }

  Kind kind() {
    return shape.kind;
  }

  /** Whether the campaign's window is open for the whole try (mode on). */
  boolean openNow() {
    return shape.open;
  }

  /** Whether scheduling is on: the campaign follows its windows. */
  boolean modeOn() {
    return shape != Shape.ABSENT && shape != Shape.OFF;
  }

  /** The schedule field as sent at {@code now}. */
  FieldValue toField(Instant now) {
    if (shape == Shape.ABSENT) {
      return FieldValue.absent("schedule", SAFE);
    }
    ZoneId z = ZoneId.of(zone);
    LocalTime t = now.atZone(z).toLocalTime().truncatedTo(ChronoUnit.SECONDS);
    LocalDate today = now.atZone(z).toLocalDate();
    ObjectNode s = FieldValue.NODES.objectNode();
    if (shape == Shape.OFF) {
      switch (modeForm) {
        case 0 -> s.put("mode", 1);
        case 1 -> s.put("mode", "OFF");
        case 2 -> s.put("mode", "off");
        default -> {} // no mode: off by default, with rules that are checked but not used
      }
      s.put("timeStart", "08:00:00");
      s.put("timeEnd", "20:00:00");
      s.put("timezone", zone);
      return new FieldValue("schedule", s, kind());
    }
    switch (modeForm) {
      case 0 -> s.put("mode", 0);
      case 1 -> s.put("mode", "ON");
      case 2 -> s.put("mode", "on");
      default -> s.put("mode", " On ");
    }
    s.put("timezone", zone);
    switch (shape) {
      case ALWAYS -> {}
      case AROUND_NOW -> times(s, t.minusMinutes(30), t.plusMinutes(30));
      case LONG_CROSSING_MIDNIGHT -> times(s, t.minusHours(1), t.minusHours(2));
      case FULL_DAY -> {
        s.put("timeStart", "00:00:00");
        s.put("timeEnd", "23:59:59");
      }
      case EXTREME_DATES -> {
        s.put("dateStart", "0001-01-01");
        s.put("dateEnd", "9999-12-31");
      }
      case LATER_TODAY -> times(s, t.plusHours(2), t.plusHours(3));
      case FUTURE_DATES -> dates(s, today.plusDays(3), today.plusDays(10));
      case PAST_DATES -> dates(s, today.minusDays(10), today.minusDays(3));
      case EXCEPT_AROUND_TODAY ->
          s.set(
              "dateListExcept",
              FieldValue.NODES
                  .arrayNode()
                  .add(today.minusDays(1).toString())
                  .add(today.toString())
                  .add(today.plusDays(1).toString()));
      case LISTED_NEXT_YEAR ->
          s.set("dateList", FieldValue.NODES.arrayNode().add(today.plusDays(400).toString()));
      case OTHER_WEEKDAYS -> {
        ArrayNode days = FieldValue.NODES.arrayNode();
        for (int d = 2; d <= 5; d++) {
          days.add(weekday(today.getDayOfWeek().plus(d)));
        }
        s.set("dayList", days);
      }
      case HOUR_24 -> times(s, LocalTime.of(8, 0), null).put("timeEnd", "24:00:00");
      case NO_LEADING_ZERO -> s.put("timeStart", "9:00:00");
      case NO_SECONDS -> s.put("timeStart", "12:00");
      case EQUAL_TIMES -> times(s, LocalTime.of(8, 0), LocalTime.of(8, 0));
      case END_BEFORE_START -> dates(s, today, today.minusDays(1));
      case NO_SUCH_DATE -> s.put("dateStart", "2025-02-29");
      case WEEKDAY_7 -> s.set("dayList", FieldValue.NODES.arrayNode().add(1).add(7));
      case FUNDAY -> s.put("dayList", "MONDAY,FUNDAY");
      case MODE_2 -> s.put("mode", 2);
      case MODE_WORD -> s.put("mode", "SOMETIMES");
      case BAD_ZONE -> s.put("timezone", ApiInputs.BAD_ZONES.get(modeForm));
      case NULL_IN_DATE_LIST ->
          s.set("dateList", FieldValue.NODES.arrayNode().add(today.toString()).addNull());
      case DATE_LIST_WORD -> s.put("dateList", "tomorrow");
      default -> throw new IllegalStateException("unknown shape " + shape);
    }
    if (shape.open) {
      switch (dayForm) {
        case 1 ->
            s.set(
                "dayList",
                FieldValue.NODES.arrayNode().add(0).add(1).add(2).add(3).add(4).add(5).add(6));
        case 2 -> s.put("dayList", "SUNDAY,MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY");
        case 3 ->
            s.set(
                "dateList",
                FieldValue.NODES
                    .arrayNode()
                    .add(today.minusDays(1).toString())
                    .add(today.toString()));
        default -> {}
      }
    }
    return new FieldValue("schedule", s, kind());
  }

  private static ObjectNode times(ObjectNode s, LocalTime start, LocalTime end) {
    s.put("timeStart", start.format(HMS));
    if (end != null) {
      s.put("timeEnd", end.format(HMS));
    }
    return s;
  }

  private static void dates(ObjectNode s, LocalDate start, LocalDate end) {
    s.put("dateStart", start.toString());
    s.put("dateEnd", end.toString());
  }

  /** PRODUCT.md 3.5: 0 Sunday ... 6 Saturday. */
  private static int weekday(DayOfWeek d) {
    return d.getValue() % 7;
  }

  @Override
  public String toString() {
    return shape + " in " + zone;
  }
}
