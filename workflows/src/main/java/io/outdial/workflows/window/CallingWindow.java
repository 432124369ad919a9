package io.outdial.workflows.window;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calling windows of a {@link Schedule} (PRODUCT.md §5), computed as pure functions of the schedule
 * and an instant, so a workflow can call them: no clock, no IO, no threads, no mutable state. Every
 * method refuses an invalid schedule with {@link ScheduleException}.
 *
 * <h2>The rules</h2>
 *
 * A day (a local date in the schedule's zone) is a <em>run day</em> when it is not in {@code
 * dateListExcept} and either is in {@code dateList}, or lies within [{@code dateStart}, {@code
 * dateEnd}] and on a weekday of {@code dayList}. A missing bound, or an empty {@code dayList}, does
 * not restrict. When {@code dateList} is given with no date bound and no weekdays, only the listed
 * dates run.
 *
 * <p>A run day {@code d} has the window [{@code edge(d, timeStart)}, {@code edge(d, timeEnd)}): a
 * missing timeStart is 00:00 of {@code d}, a missing timeEnd is 00:00 of {@code d + 1}, and a
 * timeEnd earlier than timeStart is read on {@code d + 1} (the window crosses midnight and belongs
 * to the day on which it starts). {@code edge(date, time)} is the instant at which that local
 * date-time occurs in the zone; a local time that does not exist (a daylight-saving gap) moves to
 * the first instant after the gap, one that occurs twice means its first occurrence. Put
 * differently, {@code edge} is the earliest instant whose local date-time is not before the one
 * asked for. A window whose edges both fall into the same gap is empty and ignored.
 *
 * <p>Windows that touch (one closes exactly when the next opens, such as 00:00-24:00 on consecutive
 * days) are treated as one window: no closing and no opening is reported between them, so the
 * campaign does not stop and start again at midnight.
 *
 * <h2>Edges and strictness</h2>
 *
 * <ul>
 *   <li>{@link #isOpen} is true from the opening instant inclusive to the closing instant
 *       exclusive.
 *   <li>{@link #nextOpening}{@code (s, t)} is the first instant strictly after {@code t} at which
 *       the window goes from closed to open. When the window is closed at {@code t}, that is the
 *       first instant after {@code t} at which {@link #isOpen} is true; when it is open at {@code
 *       t}, it is the opening that follows the current window's closing.
 *   <li>{@link #nextClosing}{@code (s, t)} is the first instant strictly after {@code t} at which
 *       the window goes from open to closed: the end of the current window when open at {@code t},
 *       otherwise the end of the next window.
 * </ul>
 *
 * <h2>Mode off</h2>
 *
 * With mode off there are no windows and therefore no edges: {@link #isOpen} is always true, {@link
 * #nextOpening} and {@link #nextClosing} are always empty, {@link #currentOrNext} is the unbounded
 * {@link Interval#always()} and {@link #nextWindows} is that one interval. Recipient time zones are
 * not consulted either.
 *
 * <h2>Bounds</h2>
 *
 * Finding the next run day never loops: the search jumps over days that cannot run (before {@code
 * dateStart}, between listed dates, weekdays not listed, excepted dates) and stops when none can
 * follow (after {@code dateEnd} and the last listed date), so the next opening is found however far
 * away it is, and is empty only when the schedule never opens again. What is bounded is following a
 * chain of touching windows: when a window is still open {@link #HORIZON_DAYS} days after the day
 * it started, its closing is reported as unknown (empty / {@code null}), and when it had already
 * been open for {@link #HORIZON_DAYS} days its opening is reported as {@code null}. The
 * intersection with a recipient's zone is looked for up to {@link #HORIZON_DAYS} days ahead. The
 * work per call is proportional to the days examined, never to seconds.
 */
public final class CallingWindow {

  /** How many days a chain of touching windows, or a recipient intersection, is followed. */
  public static final int HORIZON_DAYS = 366 * 2;

  private CallingWindow() {}

  /** Whether dialing is allowed at {@code t}; always true with mode off. */
  public static boolean isOpen(Schedule schedule, Instant t) {
    Rules rules = Rules.of(schedule);
    return rules == null || rules.isOpen(t);
  }

  /**
   * The first instant strictly after {@code after} at which the window opens (goes from closed to
   * open). Empty when it never opens again, and always empty with mode off (always open, no edges).
   */
  public static Optional<Instant> nextOpening(Schedule schedule, Instant after) {
    Rules rules = Rules.of(schedule);
    return rules == null ? Optional.empty() : Optional.ofNullable(rules.nextOpening(after));
  }

  /**
   * The first instant strictly after {@code t} at which the window closes: when it is open at
   * {@code t}, the moment that window closes (touching windows count as one). Empty with mode off,
   * when no window follows, or when the window is still open {@link #HORIZON_DAYS} days after the
   * day it started (for example 00:00-24:00 every day with no end date).
   */
  public static Optional<Instant> nextClosing(Schedule schedule, Instant t) {
    Rules rules = Rules.of(schedule);
    if (rules == null) {
      return Optional.empty();
    }
    DayWindow w = rules.firstWindowEndingAfter(t);
    return w == null ? Optional.empty() : Optional.ofNullable(rules.mergeForward(w));
  }

  /**
   * The window containing {@code t}, or else the next one; empty when no window follows. With mode
   * off, the unbounded {@link Interval#always()}. See {@link Interval} for unbounded ends.
   */
  public static Optional<Interval> currentOrNext(Schedule schedule, Instant t) {
    Rules rules = Rules.of(schedule);
    return rules == null
        ? Optional.of(Interval.always())
        : Optional.ofNullable(rules.currentOrNext(t));
  }

  /**
   * Up to {@code count} windows in time order: the one containing {@code from} (if any) and those
   * after it. The list is shorter when the schedule runs out of windows or a window does not close
   * within the horizon (that window is the last one listed). With mode off, the single unbounded
   * interval.
   */
  public static List<Interval> nextWindows(Schedule schedule, Instant from, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    Rules rules = Rules.of(schedule);
    List<Interval> windows = new ArrayList<>();
    if (count == 0) {
      return windows;
    }
    if (rules == null) {
      windows.add(Interval.always());
      return windows;
    }
    Interval next = rules.currentOrNext(from);
    while (next != null) {
      windows.add(next);
      if (windows.size() == count || next.closesAt() == null) {
        break;
      }
      next = rules.currentOrNext(next.closesAt());
    }
    return windows;
  }

  /** Whether {@code day} is a run day of the schedule (ignoring mode and times). */
  public static boolean isRunDay(Schedule schedule, LocalDate day) {
    return new Rules(schedule.requireValid()).isRunDay(day);
  }

  /**
   * Whether an entry whose time zone is {@code recipientZone} may be dialed at {@code t}: the
   * campaign's window is open and the same rules read in {@code recipientZone} are open too. With
   * mode off the recipient's zone is not consulted (always true); a {@code null} zone means the
   * entry has none, so only the campaign's window counts.
   */
  public static boolean isOpenForRecipient(Schedule campaign, ZoneId recipientZone, Instant t) {
    Rules rules = Rules.of(campaign);
    if (rules == null) {
      return true;
    }
    if (!rules.isOpen(t)) {
      return false;
    }
    return recipientZone == null || new Rules(campaign.withTimezone(recipientZone)).isOpen(t);
  }

  /**
   * The first instant strictly after {@code after} at which the intersection of the campaign's
   * window and the recipient-local window opens; used to wake the campaign when the next zone
   * opens. Empty with mode off, and when the intersection does not open within {@link
   * #HORIZON_DAYS} days.
   */
  public static Optional<Instant> nextOpeningForRecipient(
      Schedule campaign, ZoneId recipientZone, Instant after) {
    Rules rules = Rules.of(campaign);
    if (rules == null) {
      return Optional.empty();
    }
    if (recipientZone == null) {
      return Optional.ofNullable(rules.nextOpening(after));
    }
    Rules local = new Rules(campaign.withTimezone(recipientZone));
    Interval piece = intersection(rules, local, after);
    if (piece == null) {
      return Optional.empty();
    }
    if (piece.opensAt() != null && piece.opensAt().isAfter(after)) {
      return Optional.of(piece.opensAt());
    }
    if (piece.closesAt() == null) {
      return Optional.empty();
    }
    Interval next = intersection(rules, local, piece.closesAt());
    return next == null ? Optional.empty() : Optional.ofNullable(next.opensAt());
  }

  /**
   * When the intersection of the campaign's and the recipient-local window that is open at (or next
   * after) {@code t} closes. Empty with mode off, or when unknown within the horizon.
   */
  public static Optional<Instant> nextClosingForRecipient(
      Schedule campaign, ZoneId recipientZone, Instant t) {
    return currentOrNextForRecipient(campaign, recipientZone, t).map(Interval::closesAt);
  }

  /**
   * The intersection window containing {@code t}, or else the next one within {@link #HORIZON_DAYS}
   * days. With mode off, {@link Interval#always()}.
   */
  public static Optional<Interval> currentOrNextForRecipient(
      Schedule campaign, ZoneId recipientZone, Instant t) {
    Rules rules = Rules.of(campaign);
    if (rules == null) {
      return Optional.of(Interval.always());
    }
    if (recipientZone == null) {
      return Optional.ofNullable(rules.currentOrNext(t));
    }
    return Optional.ofNullable(
        intersection(rules, new Rules(campaign.withTimezone(recipientZone)), t));
  }

  /**
   * The first piece of the intersection of both schedules' windows that closes after {@code t} (so
   * it contains {@code t} or lies after it), or null when there is none within the horizon. Both
   * inputs are sequences of non-touching intervals, so their pieces do not touch either.
   */
  private static Interval intersection(Rules a, Rules b, Instant t) {
    Instant limit = t.plus(Duration.ofDays(HORIZON_DAYS));
    Interval x = a.currentOrNext(t);
    Interval y = b.currentOrNext(t);
    while (x != null && y != null) {
      Instant lo = later(x.opensAt(), y.opensAt());
      Instant hi = earlier(x.closesAt(), y.closesAt());
      if (lo != null && lo.isAfter(limit)) {
        return null;
      }
      if (lo == null || hi == null || lo.isBefore(hi)) {
        return new Interval(lo, hi);
      }
      // No overlap: the interval that closes first cannot meet any later interval of the other
      // sequence, so move it on.
      if (x.closesAt() != null && (y.closesAt() == null || !x.closesAt().isAfter(y.closesAt()))) {
        x = a.currentOrNext(x.closesAt());
      } else {
        y = b.currentOrNext(y.closesAt());
      }
    }
    return null;
  }

  /** The later of two openings, null standing for "since ever". */
  private static Instant later(Instant p, Instant q) {
    if (p == null) {
      return q;
    }
    return q == null || p.isAfter(q) ? p : q;
  }

  /** The earlier of two closings, null standing for "never". */
  private static Instant earlier(Instant p, Instant q) {
    if (p == null) {
      return q;
    }
    return q == null || p.isBefore(q) ? p : q;
  }

  /** The non-empty window of one run day, before touching windows are merged. */
  private record DayWindow(LocalDate day, Instant open, Instant close) {}

  /** A validated schedule prepared for evaluation: sets for the lists, resolved defaults. */
  private static final class Rules {

    private final ZoneId zoneId;
    private final ZoneRules zone;
    private final LocalTime start;

    /** Null means midnight at the end of the day. */
    private final LocalTime end;

    private final boolean overnight;
    private final NavigableSet<LocalDate> listed;
    private final Set<LocalDate> except;
    private final LocalDate rangeStart;
    private final LocalDate rangeEnd;

    /** Indexed 0 Sunday ... 6 Saturday; all true when no weekdays are given. */
    private final boolean[] weekdays = new boolean[7];

    private final boolean listOnly;

    /** Null when the schedule is valid but mode is off (no windows). */
    static Rules of(Schedule schedule) {
      schedule.requireValid();
      return schedule.modeOn() ? new Rules(schedule) : null;
    }

    /** {@code s} must be valid: callers validate first. */
    Rules(Schedule s) {
      zoneId = s.timezone();
      zone = zoneId.getRules();
      start = s.timeStart() == null ? LocalTime.MIDNIGHT : s.timeStart();
      end = s.timeEnd() == null ? null : s.timeEnd();
      // validate() refuses equal times and a lone 00:00:00 end, so "before" means overnight.
      overnight = end != null && end.isBefore(start);
      listed = new TreeSet<>(s.dateList());
      except = new HashSet<>(s.dateListExcept());
      rangeStart = s.dateStart();
      rangeEnd = s.dateEnd();
      for (int i = 0; i < 7; i++) {
        weekdays[i] = s.dayList().isEmpty();
      }
      for (int day : s.dayList()) {
        weekdays[day] = true;
      }
      listOnly =
          !listed.isEmpty() && rangeStart == null && rangeEnd == null && s.dayList().isEmpty();
    }

    private static int weekday(LocalDate d) {
      // DayOfWeek runs 1 Monday ... 7 Sunday; our users count 0 Sunday ... 6 Saturday.
      DayOfWeek dow = d.getDayOfWeek();
      return dow.getValue() % 7;
    }

    private boolean inRangeOnWeekday(LocalDate d) {
      return !listOnly
          && (rangeStart == null || !d.isBefore(rangeStart))
          && (rangeEnd == null || !d.isAfter(rangeEnd))
          && weekdays[weekday(d)];
    }

    boolean isRunDay(LocalDate d) {
      return !except.contains(d) && (listed.contains(d) || inRangeOnWeekday(d));
    }

    /**
     * The first run day on or after {@code d}, or null when there is none. Terminates without a
     * bound: with no dateEnd at least one weekday is allowed and the excepted dates are finite.
     */
    LocalDate nextRunDay(LocalDate d) {
      LocalDate fromList = null;
      for (LocalDate x : listed.tailSet(d, true)) {
        if (!except.contains(x)) {
          fromList = x;
          break;
        }
      }
      LocalDate fromRange = null;
      if (!listOnly) {
        LocalDate x = rangeStart != null && d.isBefore(rangeStart) ? rangeStart : d;
        while ((rangeEnd == null || !x.isAfter(rangeEnd))
            && (fromList == null || x.isBefore(fromList))) {
          if (weekdays[weekday(x)] && !except.contains(x)) {
            fromRange = x;
            break;
          }
          x = x.plusDays(1);
        }
      }
      return fromRange != null ? fromRange : fromList;
    }

    /** The last run day on or before {@code d}, or null when there is none. */
    LocalDate previousRunDay(LocalDate d) {
      LocalDate fromList = null;
      Iterator<LocalDate> it = listed.headSet(d, true).descendingIterator();
      while (it.hasNext()) {
        LocalDate x = it.next();
        if (!except.contains(x)) {
          fromList = x;
          break;
        }
      }
      LocalDate fromRange = null;
      if (!listOnly) {
        LocalDate x = rangeEnd != null && d.isAfter(rangeEnd) ? rangeEnd : d;
        while ((rangeStart == null || !x.isBefore(rangeStart))
            && (fromList == null || x.isAfter(fromList))) {
          if (weekdays[weekday(x)] && !except.contains(x)) {
            fromRange = x;
            break;
          }
          x = x.minusDays(1);
        }
      }
      return fromRange != null ? fromRange : fromList;
    }

    /** The instant of a local date-time: first instant after a gap, first of two in an overlap. */
    Instant edge(LocalDate date, LocalTime time) {
      LocalDateTime local = date.atTime(time);
      List<ZoneOffset> valid = zone.getValidOffsets(local);
      if (valid.size() == 1) {
        return local.toInstant(valid.get(0));
      }
      ZoneOffsetTransition transition = zone.getTransition(local);
      return transition.isGap()
          ? transition.getInstant()
          : local.toInstant(transition.getOffsetBefore());
    }

    /** The window of run day {@code d}, or null when it is empty (both edges in one gap). */
    DayWindow window(LocalDate d) {
      Instant open = edge(d, start);
      Instant close;
      if (end == null) {
        close = edge(d.plusDays(1), LocalTime.MIDNIGHT);
      } else if (overnight) {
        close = edge(d.plusDays(1), end);
      } else {
        close = edge(d, end);
      }
      return open.isBefore(close) ? new DayWindow(d, open, close) : null;
    }

    /**
     * The first day window that closes after {@code t}: the one containing {@code t}, or else the
     * next one. Windows of different run days never overlap and come in day order, and no window of
     * a day before the local date of {@code t} minus one can reach {@code t}; two days back is
     * margin.
     */
    DayWindow firstWindowEndingAfter(Instant t) {
      LocalDate d = nextRunDay(LocalDate.ofInstant(t, zoneId).minusDays(2));
      // Only windows emptied by daylight-saving gaps can be skipped here after the first few
      // days; the guard is a safety net, not a rule.
      for (int guard = 0; d != null && guard < HORIZON_DAYS; guard++) {
        DayWindow w = window(d);
        if (w != null && w.close().isAfter(t)) {
          return w;
        }
        d = nextRunDay(d.plusDays(1));
      }
      return null;
    }

    boolean isOpen(Instant t) {
      DayWindow w = firstWindowEndingAfter(t);
      return w != null && !w.open().isAfter(t);
    }

    /** The closing of the chain of touching windows that starts with {@code w}; null if unknown. */
    Instant mergeForward(DayWindow w) {
      LocalDate limit = w.day().plusDays(HORIZON_DAYS);
      Instant close = w.close();
      LocalDate d = w.day();
      while (true) {
        LocalDate n = nextRunDay(d.plusDays(1));
        if (n == null) {
          return close;
        }
        DayWindow next = window(n);
        if (next != null && next.open().isAfter(close)) {
          return close;
        }
        if (n.isAfter(limit)) {
          return null;
        }
        if (next != null && next.close().isAfter(close)) {
          close = next.close();
        }
        d = n;
      }
    }

    /** The opening of the chain of touching windows that ends with {@code w}; null if unknown. */
    Instant mergeBackward(DayWindow w) {
      LocalDate limit = w.day().minusDays(HORIZON_DAYS);
      Instant open = w.open();
      LocalDate d = w.day();
      while (true) {
        LocalDate p = previousRunDay(d.minusDays(1));
        if (p == null) {
          return open;
        }
        DayWindow previous = window(p);
        if (previous != null && previous.close().isBefore(open)) {
          return open;
        }
        if (p.isBefore(limit)) {
          return null;
        }
        if (previous != null && previous.open().isBefore(open)) {
          open = previous.open();
        }
        d = p;
      }
    }

    Interval currentOrNext(Instant t) {
      DayWindow w = firstWindowEndingAfter(t);
      if (w == null) {
        return null;
      }
      // A window that opens after t is preceded by a closed stretch (the previous window closed
      // at or before t), so its opening is a real edge; only a window containing t may have
      // started earlier, in a touching predecessor.
      Instant open = w.open().isAfter(t) ? w.open() : mergeBackward(w);
      return new Interval(open, mergeForward(w));
    }

    Instant nextOpening(Instant after) {
      DayWindow w = firstWindowEndingAfter(after);
      if (w == null) {
        return null;
      }
      if (w.open().isAfter(after)) {
        return w.open();
      }
      Instant close = mergeForward(w);
      if (close == null) {
        return null;
      }
      DayWindow next = firstWindowEndingAfter(close);
      return next == null ? null : next.open();
    }
  }
}
