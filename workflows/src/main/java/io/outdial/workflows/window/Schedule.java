package io.outdial.workflows.window;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRulesProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A campaign's calling schedule (PRODUCT.md §5). Plain data: the rules live in {@link
 * CallingWindow}.
 *
 * <ul>
 *   <li>{@code mode}: {@link #MODE_ON} (0) or {@link #MODE_OFF} (1), as our users' documentation
 *       has it. Off means there are no windows at all.
 *   <li>{@code timeStart}/{@code timeEnd}: local times of day; {@code null} means midnight at the
 *       start of the day, respectively midnight at its end. An end earlier than the start is a
 *       window that crosses midnight and belongs to the day on which it starts.
 *   <li>{@code dateStart}/{@code dateEnd}: the date range, inclusive at both ends; either may be
 *       {@code null} (no bound on that side).
 *   <li>{@code dateList}: extra run dates; {@code dateListExcept}: dates that never run (they win
 *       over everything else).
 *   <li>{@code dayList}: weekdays, 0 Sunday ... 6 Saturday. Empty means every weekday.
 *   <li>{@code timezone}: the zone every date and time above is read in; {@code null} becomes UTC.
 * </ul>
 *
 * <p>The canonical constructor only normalises ({@code null} lists become empty, lists are copied
 * and made unmodifiable, a {@code null} zone becomes UTC); it does not refuse anything, so {@link
 * #validate()} can report every problem. {@link #fromMap(Map)} parses the JSON shape and throws
 * {@link ScheduleException} listing every problem. {@link CallingWindow} refuses an invalid
 * schedule with the same exception.
 */
public record Schedule(
    int mode,
    LocalTime timeStart,
    LocalTime timeEnd,
    LocalDate dateStart,
    LocalDate dateEnd,
    List<LocalDate> dateList,
    List<LocalDate> dateListExcept,
    List<Integer> dayList,
    ZoneId timezone) {

  public static final int MODE_ON = 0;
  public static final int MODE_OFF = 1;

  /** The default zone: the IANA name "UTC" (not the offset "Z", so it reads back through JSON). */
  public static final ZoneId UTC = ZoneId.of("UTC");

  /** The JSON field names {@link #fromMap(Map)} reads and {@link #toMap()} writes. */
  public static final List<String> FIELDS =
      List.of(
          "mode",
          "timeStart",
          "timeEnd",
          "dateStart",
          "dateEnd",
          "dateList",
          "dateListExcept",
          "dayList",
          "timezone");

  private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final String TIME_RULE =
      "must be a time in hh:mm:ss format, 24 h (00:00:00 to 23:59:59)";
  private static final String DATE_RULE = "must be a real calendar date in YYYY-MM-DD format";
  private static final String DAY_RULE = "must be a weekday number, 0 (Sunday) to 6 (Saturday)";

  public Schedule {
    dateList = copy(dateList);
    dateListExcept = copy(dateListExcept);
    dayList = copy(dayList);
    if (timezone == null) {
      timezone = UTC;
    }
  }

  /** A schedule with mode off and no rules: the default of a new campaign. */
  public static Schedule off() {
    return new Schedule(MODE_OFF, null, null, null, null, null, null, null, null);
  }

  /** A schedule with mode on and no rules yet (open all day, every day, in UTC). */
  public static Schedule on() {
    return new Schedule(MODE_ON, null, null, null, null, null, null, null, null);
  }

  /** Whether mode is on, i.e. the windows govern the campaign. */
  public boolean modeOn() {
    return mode == MODE_ON;
  }

  public Schedule withMode(int newMode) {
    return new Schedule(
        newMode,
        timeStart,
        timeEnd,
        dateStart,
        dateEnd,
        dateList,
        dateListExcept,
        dayList,
        timezone);
  }

  public Schedule withTimes(LocalTime start, LocalTime end) {
    return new Schedule(
        mode, start, end, dateStart, dateEnd, dateList, dateListExcept, dayList, timezone);
  }

  public Schedule withDateRange(LocalDate start, LocalDate end) {
    return new Schedule(
        mode, timeStart, timeEnd, start, end, dateList, dateListExcept, dayList, timezone);
  }

  public Schedule withDateList(List<LocalDate> dates) {
    return new Schedule(
        mode, timeStart, timeEnd, dateStart, dateEnd, dates, dateListExcept, dayList, timezone);
  }

  public Schedule withDateListExcept(List<LocalDate> dates) {
    return new Schedule(
        mode, timeStart, timeEnd, dateStart, dateEnd, dateList, dates, dayList, timezone);
  }

  public Schedule withDayList(List<Integer> days) {
    return new Schedule(
        mode, timeStart, timeEnd, dateStart, dateEnd, dateList, dateListExcept, days, timezone);
  }

  public Schedule withDays(Integer... days) {
    return withDayList(Arrays.asList(days));
  }

  public Schedule withTimezone(ZoneId zone) {
    return new Schedule(
        mode, timeStart, timeEnd, dateStart, dateEnd, dateList, dateListExcept, dayList, zone);
  }

  /**
   * Every rule this schedule breaks, in field order; empty when it is valid. Checked: mode is 0 or
   * 1; timeStart differs from timeEnd (a missing timeStart counts as 00:00:00, so a lone timeEnd of
   * 00:00:00 is refused too); dateEnd is not before dateStart; no list holds {@code null}; weekdays
   * are 0 to 6. Formats cannot be wrong in typed values; {@link #fromMap(Map)} checks those.
   */
  public List<ScheduleProblem> validate() {
    List<ScheduleProblem> problems = new ArrayList<>();
    checkMode(mode, problems);
    checkTimes(timeStart, timeEnd, problems);
    checkDateRange(dateStart, dateEnd, problems);
    checkNoNulls("dateList", dateList, problems);
    checkNoNulls("dateListExcept", dateListExcept, problems);
    for (int i = 0; i < dayList.size(); i++) {
      checkDay(i, dayList.get(i), problems);
    }
    return problems;
  }

  /** Throws {@link ScheduleException} with every problem when {@link #validate()} finds any. */
  public Schedule requireValid() {
    List<ScheduleProblem> problems = validate();
    if (!problems.isEmpty()) {
      throw new ScheduleException(problems);
    }
    return this;
  }

  /**
   * Builds a schedule from its JSON shape (a map as Jackson reads it), reading the keys in {@link
   * #FIELDS} and ignoring any other key, so a whole campaign body can be passed in.
   *
   * <ul>
   *   <li>{@code mode}: an integer 0 or 1; absent or {@code null} means 1 (off).
   *   <li>{@code timeStart}, {@code timeEnd}: strings {@code hh:mm:ss}, 00:00:00 to 23:59:59.
   *   <li>{@code dateStart}, {@code dateEnd}: strings {@code YYYY-MM-DD}, real calendar dates.
   *   <li>{@code dateList}, {@code dateListExcept}: arrays of such date strings, or one string of
   *       dates separated by commas (the form our users' existing tools send).
   *   <li>{@code dayList}: an array of integers 0 to 6, or one string of them separated by commas.
   *   <li>{@code timezone}: an IANA zone name such as {@code Europe/Berlin}; absent means UTC.
   * </ul>
   *
   * An absent key, a JSON {@code null} and a blank string all mean "not set".
   *
   * @throws ScheduleException listing every problem, each with its field name and rule
   */
  public static Schedule fromMap(Map<String, ?> json) {
    if (json == null) {
      return off();
    }
    List<ScheduleProblem> problems = new ArrayList<>();
    int mode = parseMode(json.get("mode"), problems);
    LocalTime timeStart = parseTime("timeStart", json.get("timeStart"), problems);
    LocalTime timeEnd = parseTime("timeEnd", json.get("timeEnd"), problems);
    LocalDate dateStart = parseDate("dateStart", json.get("dateStart"), problems);
    LocalDate dateEnd = parseDate("dateEnd", json.get("dateEnd"), problems);
    List<LocalDate> dateList = parseDates("dateList", json.get("dateList"), problems);
    List<LocalDate> except = parseDates("dateListExcept", json.get("dateListExcept"), problems);
    List<Integer> dayList = parseDays(json.get("dayList"), problems);
    ZoneId zone = parseZone(json.get("timezone"), problems);

    // Relations between two fields are only judged when both fields parsed; otherwise the
    // operator would be told about a consequence of a problem already reported.
    if (!hasProblem(problems, "timeStart") && !hasProblem(problems, "timeEnd")) {
      checkTimes(timeStart, timeEnd, problems);
    }
    if (!hasProblem(problems, "dateStart") && !hasProblem(problems, "dateEnd")) {
      checkDateRange(dateStart, dateEnd, problems);
    }
    if (!problems.isEmpty()) {
      problems.sort(
          (a, b) -> Integer.compare(FIELDS.indexOf(a.field()), FIELDS.indexOf(b.field())));
      throw new ScheduleException(problems);
    }
    return new Schedule(
        mode, timeStart, timeEnd, dateStart, dateEnd, dateList, except, dayList, zone);
  }

  /**
   * The JSON shape read by {@link #fromMap(Map)}: strings for times, dates and the zone, an integer
   * mode, arrays for the lists; unset fields map to {@code null}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("mode", mode);
    map.put("timeStart", timeStart == null ? null : formatTime(timeStart));
    map.put("timeEnd", timeEnd == null ? null : formatTime(timeEnd));
    map.put("dateStart", dateStart == null ? null : dateStart.toString());
    map.put("dateEnd", dateEnd == null ? null : dateEnd.toString());
    map.put("dateList", dateList.stream().map(String::valueOf).toList());
    map.put("dateListExcept", dateListExcept.stream().map(String::valueOf).toList());
    map.put("dayList", dayList);
    map.put("timezone", timezone.getId());
    return map;
  }

  private static String formatTime(LocalTime t) {
    return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
  }

  private static <T> List<T> copy(List<T> list) {
    // Not List.copyOf: it refuses null elements, and validate() should report those instead.
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  private static void checkMode(int mode, List<ScheduleProblem> problems) {
    if (mode != MODE_ON && mode != MODE_OFF) {
      problems.add(new ScheduleProblem("mode", "must be 0 (on) or 1 (off), got " + mode));
    }
  }

  private static void checkTimes(LocalTime start, LocalTime end, List<ScheduleProblem> problems) {
    if (start != null && start.equals(end)) {
      problems.add(
          new ScheduleProblem(
              "timeEnd", "must differ from timeStart: equal start and end is not a window"));
    } else if (start == null && LocalTime.MIDNIGHT.equals(end)) {
      problems.add(
          new ScheduleProblem(
              "timeEnd",
              "must not be 00:00:00 without a timeStart: a missing timeStart means 00:00:00, and"
                  + " equal start and end is not a window (leave timeEnd out for a whole day)"));
    }
  }

  private static void checkDateRange(
      LocalDate start, LocalDate end, List<ScheduleProblem> problems) {
    if (start != null && end != null && end.isBefore(start)) {
      problems.add(
          new ScheduleProblem(
              "dateEnd", "must not be before dateStart (" + start + "), got " + end));
    }
  }

  private static void checkNoNulls(String field, List<?> list, List<ScheduleProblem> problems) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        problems.add(new ScheduleProblem(field, "entry " + i + " must not be null"));
      }
    }
  }

  private static void checkDay(int index, Integer day, List<ScheduleProblem> problems) {
    if (day == null || day < 0 || day > 6) {
      problems.add(
          new ScheduleProblem("dayList", "entry " + index + " " + DAY_RULE + ", got " + day));
    }
  }

  private static boolean hasProblem(List<ScheduleProblem> problems, String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  private static boolean isUnset(Object value) {
    return value == null || (value instanceof String s && s.isBlank());
  }

  private static Integer integral(Object value) {
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof java.math.BigInteger
        || value instanceof java.math.BigDecimal
        || value instanceof Double
        || value instanceof Float) {
      Number n = (Number) value;
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    return null;
  }

  private static int parseMode(Object value, List<ScheduleProblem> problems) {
    if (value == null) {
      return MODE_OFF;
    }
    Integer mode = integral(value);
    if (mode == null) {
      problems.add(
          new ScheduleProblem(
              "mode", "must be the integer 0 (on) or 1 (off), got " + quote(value)));
      return MODE_OFF;
    }
    checkMode(mode, problems);
    return mode;
  }

  private static LocalTime parseTime(String field, Object value, List<ScheduleProblem> problems) {
    if (isUnset(value)) {
      return null;
    }
    if (value instanceof String s && TIME.matcher(s.strip()).matches()) {
      return LocalTime.parse(s.strip());
    }
    problems.add(new ScheduleProblem(field, TIME_RULE + ", got " + quote(value)));
    return null;
  }

  private static LocalDate parseDate(String field, Object value, List<ScheduleProblem> problems) {
    if (isUnset(value)) {
      return null;
    }
    LocalDate date = toDate(value);
    if (date == null) {
      problems.add(new ScheduleProblem(field, DATE_RULE + ", got " + quote(value)));
    }
    return date;
  }

  private static LocalDate toDate(Object value) {
    if (!(value instanceof String s) || !DATE.matcher(s.strip()).matches()) {
      return null;
    }
    try {
      // ISO_LOCAL_DATE resolves strictly, so 2026-02-30 and 2026-13-01 are refused.
      return LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static List<?> elements(
      String field, Object value, String what, List<ScheduleProblem> problems) {
    if (isUnset(value)) {
      return List.of();
    }
    if (value instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (value instanceof String s) {
      return Arrays.stream(s.split(",")).map(String::strip).toList();
    }
    problems.add(
        new ScheduleProblem(
            field,
            "must be an array of "
                + what
                + " or one string of them separated by commas, got "
                + quote(value)));
    return null;
  }

  private static List<LocalDate> parseDates(
      String field, Object value, List<ScheduleProblem> problems) {
    List<?> raw = elements(field, value, "YYYY-MM-DD dates", problems);
    if (raw == null) {
      return List.of();
    }
    List<LocalDate> dates = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      LocalDate date = toDate(raw.get(i));
      if (date == null) {
        problems.add(
            new ScheduleProblem(
                field, "entry " + i + " " + DATE_RULE + ", got " + quote(raw.get(i))));
      } else {
        dates.add(date);
      }
    }
    return dates;
  }

  private static List<Integer> parseDays(Object value, List<ScheduleProblem> problems) {
    List<?> raw = elements("dayList", value, "weekday numbers 0 to 6", problems);
    if (raw == null) {
      return List.of();
    }
    List<Integer> days = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Object element = raw.get(i);
      Integer day = integral(element);
      if (day == null && element instanceof String s && s.matches("[0-9]{1,9}")) {
        day = Integer.valueOf(s);
      }
      if (day == null || day < 0 || day > 6) {
        problems.add(
            new ScheduleProblem(
                "dayList", "entry " + i + " " + DAY_RULE + ", got " + quote(element)));
      } else {
        days.add(day);
      }
    }
    return days;
  }

  private static ZoneId parseZone(Object value, List<ScheduleProblem> problems) {
    if (isUnset(value)) {
      return UTC;
    }
    // Only names of the IANA time zone database are accepted: not offsets such as "+02:00" or
    // "UTC+2", which would silently ignore daylight saving time.
    if (value instanceof String s && ZoneRulesProvider.getAvailableZoneIds().contains(s.strip())) {
      return ZoneId.of(s.strip());
    }
    problems.add(
        new ScheduleProblem(
            "timezone",
            "must be a known IANA time zone name such as Europe/Berlin or America/New_York, got "
                + quote(value)));
    return UTC;
  }

  private static String quote(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
