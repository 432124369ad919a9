package io.outdial.workflows.window;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.HashMap;
import java.util.Map;

/**
 * The calling-window rules of PRODUCT.md §5 written out as plainly as possible, to check {@link
 * CallingWindow} against: no jumping between run days, no merging, and local date-times turned into
 * instants by scanning rather than through the zone's transitions.
 */
final class BruteForceWindow {

  private final Schedule s;
  private final ZoneId zone;
  private final ZoneRules rules;
  private final Map<LocalDateTime, Instant> edges = new HashMap<>();

  BruteForceWindow(Schedule schedule) {
    this.s = schedule;
    this.zone = schedule.timezone();
    this.rules = zone.getRules();
  }

  /** "A day is a run day when it is not excepted and is listed, or lies within ... ". */
  boolean runDay(LocalDate d) {
    if (s.dateListExcept().contains(d)) {
      return false;
    }
    boolean listed = s.dateList().contains(d);
    boolean rangeGiven = s.dateStart() != null || s.dateEnd() != null;
    boolean weekdaysGiven = !s.dayList().isEmpty();
    if (!s.dateList().isEmpty() && !rangeGiven && !weekdaysGiven) {
      return listed;
    }
    boolean inRange =
        (s.dateStart() == null || !d.isBefore(s.dateStart()))
            && (s.dateEnd() == null || !d.isAfter(s.dateEnd()));
    int weekday = d.getDayOfWeek() == java.time.DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue();
    boolean onWeekday = !weekdaysGiven || s.dayList().contains(weekday);
    return listed || (inRange && onWeekday);
  }

  /**
   * The instant a local date-time happens: the earliest instant whose local date-time is not before
   * it. That is the instant itself when it exists once, the first occurrence when it exists twice,
   * and the end of the gap when it does not exist. Found by scanning minutes, then seconds.
   */
  Instant edge(LocalDateTime local) {
    return edges.computeIfAbsent(local, this::scanEdge);
  }

  private Instant scanEdge(LocalDateTime local) {
    // No zone is more than 14 hours ahead of UTC, so nothing earlier can have reached `local`.
    long x = local.toEpochSecond(ZoneOffset.UTC) - 15 * 3600;
    while (!reached(x, local)) {
      x += 60;
    }
    long y = x - 59;
    while (!reached(y, local)) {
      y++;
    }
    return Instant.ofEpochSecond(y);
  }

  private boolean reached(long epochSecond, LocalDateTime local) {
    Instant i = Instant.ofEpochSecond(epochSecond);
    return !LocalDateTime.ofEpochSecond(epochSecond, 0, rules.getOffset(i)).isBefore(local);
  }

  /** Whether the window of run day {@code d} contains {@code t}. */
  private boolean windowOfDayContains(LocalDate d, Instant t) {
    LocalTime start = s.timeStart() == null ? LocalTime.MIDNIGHT : s.timeStart();
    Instant open = edge(d.atTime(start));
    Instant close;
    if (s.timeEnd() == null) {
      close = edge(d.plusDays(1).atStartOfDay());
    } else if (s.timeEnd().isBefore(start)) {
      close = edge(d.plusDays(1).atTime(s.timeEnd()));
    } else {
      close = edge(d.atTime(s.timeEnd()));
    }
    return !t.isBefore(open) && t.isBefore(close);
  }

  /** Open at t: t lies in the window of its own local day, or in the previous day's overnight. */
  boolean open(Instant t) {
    if (!s.modeOn()) {
      return true;
    }
    LocalDate today = LocalDate.ofInstant(t, zone);
    for (LocalDate d : new LocalDate[] {today.minusDays(1), today}) {
      if (runDay(d) && windowOfDayContains(d, t)) {
        return true;
      }
    }
    return false;
  }
}
