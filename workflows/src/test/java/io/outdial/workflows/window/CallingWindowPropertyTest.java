package io.outdial.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

/**
 * Random schedules checked against {@link BruteForceWindow}, a plain reading of the rules, and
 * against a scan of it in one-minute steps refined to the second. The properties run with a fixed
 * seed ({@link #SEED}), which jqwik prints in its report; a failing case also prints its number, so
 * it can be replayed. Shrinking is off: a schedule and its check instants are drawn from one {@link
 * Random}, and a smaller case would not be the one that failed.
 *
 * <p>The generator keeps every open and every closed stretch at least two hours long in local time
 * (so at least one hour in real time, across any daylight-saving change of the zones used), which
 * guarantees that a one-minute scan cannot step over a whole window. The recipient property uses
 * whole-minute times instead, which makes every piece of an intersection at least a minute.
 */
class CallingWindowPropertyTest {

  private static final String SEED = "20260308";
  private static final Duration HORIZON = Duration.ofDays(4);

  private static final List<ZoneId> ZONES =
      List.of(
              "UTC",
              "America/New_York",
              "America/Los_Angeles",
              "Europe/Berlin",
              "Europe/London",
              "Australia/Sydney", // southern hemisphere
              "Australia/Lord_Howe", // 30-minute daylight-saving shift
              "Asia/Kolkata", // +05:30
              "Asia/Kathmandu", // +05:45
              "Asia/Tokyo",
              "America/Sao_Paulo", // daylight saving started at midnight until 2019
              "America/Santiago", // changes at midnight
              "America/Havana", // changes at midnight
              "Pacific/Chatham") // +12:45/+13:45
          .stream()
          .map(ZoneId::of)
          .toList();

  /**
   * One generated case: a schedule, the date its checks centre on, and the random source the checks
   * draw their instants from (the rest of the sequence that generated the schedule).
   */
  record Case(Schedule schedule, LocalDate base, String description, Random checks) {
    @Override
    public String toString() {
      return description;
    }
  }

  /** Numbers the cases of each property in the order jqwik draws them, for the messages. */
  private final AtomicInteger caseNumber = new AtomicInteger();

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.randomValue(r -> randomCase(r, caseNumber.getAndIncrement(), false));
  }

  @Provide
  Arbitrary<Case> wholeMinuteCases() {
    return Arbitraries.randomValue(r -> randomCase(r, caseNumber.getAndIncrement(), true));
  }

  @Property(
      tries = 500,
      seed = SEED,
      shrinking = ShrinkingMode.OFF,
      generation = GenerationMode.RANDOMIZED,
      afterFailure = AfterFailureMode.SAMPLE_FIRST)
  void matchesTheBruteForceReading(@ForAll("cases") Case c) {
    Random r = c.checks();
    int gapEdges = 0;
    int overlapEdges = 0;
    Schedule s = c.schedule();
    BruteForceWindow brute = new BruteForceWindow(s);
    Instant midnight = c.base().atStartOfDay(s.timezone()).toInstant();
    for (int day = -3; day <= 8; day++) {
      LocalDate d = c.base().plusDays(day);
      assertThat(CallingWindow.isRunDay(s, d))
          .as(c.description() + " isRunDay " + d)
          .isEqualTo(brute.runDay(d));
    }
    for (int day = -1; day <= 4; day++) {
      LocalDate d = c.base().plusDays(day);
      for (LocalTime time : new LocalTime[] {s.timeStart(), s.timeEnd()}) {
        if (time != null && s.modeOn() && brute.runDay(d)) {
          int offsets = s.timezone().getRules().getValidOffsets(d.atTime(time)).size();
          gapEdges += offsets == 0 ? 1 : 0;
          overlapEdges += offsets == 2 ? 1 : 0;
        }
      }
    }
    // The generator must keep exercising daylight-saving edges, or this property proves little:
    // jqwik checks these counts over all tries when the property ends.
    Statistics.label("cases with an edge in a daylight-saving gap on a run day")
        .collect(gapEdges > 0);
    Statistics.label("cases with an edge in a daylight-saving overlap on a run day")
        .collect(overlapEdges > 0);
    Statistics.label("cases with an edge in a daylight-saving gap on a run day")
        .coverage(coverage -> coverage.check(true).count(n -> n >= 10));
    Statistics.label("cases with an edge in a daylight-saving overlap on a run day")
        .coverage(coverage -> coverage.check(true).count(n -> n >= 10));

    for (int i = 0; i < 40; i++) {
      Instant t = randomInstant(r, midnight);
      assertThat(CallingWindow.isOpen(s, t))
          .as(c.description() + " isOpen at " + t)
          .isEqualTo(brute.open(t));
    }
    // Around every edge of the days near the base date: one second before, at, one after.
    for (int day = -1; day <= 4; day++) {
      for (Instant edge : nominalEdges(brute, s, c.base().plusDays(day))) {
        for (long delta = -1; delta <= 1; delta++) {
          Instant t = edge.plusSeconds(delta);
          assertThat(CallingWindow.isOpen(s, t))
              .as(c.description() + " isOpen at edge " + t)
              .isEqualTo(brute.open(t));
        }
      }
    }
    List<Instant> queries = new ArrayList<>();
    queries.add(randomInstant(r, midnight));
    queries.add(randomInstant(r, midnight));
    List<Instant> edges = nominalEdges(brute, s, c.base().plusDays(r.nextInt(3)));
    if (!edges.isEmpty()) {
      Instant edge = edges.get(r.nextInt(edges.size()));
      queries.add(edge);
      queries.add(edge.minusSeconds(1));
    }
    for (Instant t : queries) {
      checkEdgesFrom(c.description(), brute::open, s, t);
    }
  }

  @Property(
      tries = 150,
      seed = SEED,
      shrinking = ShrinkingMode.OFF,
      generation = GenerationMode.RANDOMIZED,
      afterFailure = AfterFailureMode.SAMPLE_FIRST)
  void recipientWindowsMatchTheBruteForceIntersection(@ForAll("wholeMinuteCases") Case c) {
    Random r = c.checks();
    Schedule s = c.schedule();
    ZoneId recipient = ZONES.get(r.nextInt(ZONES.size()));
    String description = c.description() + " recipient " + recipient;
    BruteForceWindow campaign = new BruteForceWindow(s);
    BruteForceWindow local = new BruteForceWindow(s.withTimezone(recipient));
    Predicate<Instant> both = t -> !s.modeOn() || (campaign.open(t) && local.open(t));
    Instant midnight = c.base().atStartOfDay(s.timezone()).toInstant();

    for (int i = 0; i < 30; i++) {
      Instant t = randomInstant(r, midnight);
      assertThat(CallingWindow.isOpenForRecipient(s, recipient, t))
          .as(description + " isOpenForRecipient at " + t)
          .isEqualTo(both.test(t));
    }
    for (int i = 0; i < 3; i++) {
      Instant after = randomInstant(r, midnight);
      Instant limit = after.plus(HORIZON);
      List<Instant> flips = flips(both, after, limit);
      String what = description + " from " + after + " brute flips " + flips;
      Instant expectedOpening = firstFlip(both, flips, true);
      Optional<Instant> opening = CallingWindow.nextOpeningForRecipient(s, recipient, after);
      if (expectedOpening != null) {
        assertThat(opening).as(what + " nextOpeningForRecipient").contains(expectedOpening);
      } else {
        assertThat(opening.filter(x -> !x.isAfter(limit)))
            .as(what + " nextOpeningForRecipient")
            .isEmpty();
      }
      Instant expectedClosing = firstFlip(both, flips, false);
      Optional<Instant> closing = CallingWindow.nextClosingForRecipient(s, recipient, after);
      if (s.modeOn() && expectedClosing != null) {
        assertThat(closing).as(what + " nextClosingForRecipient").contains(expectedClosing);
      } else {
        assertThat(closing.filter(x -> !x.isAfter(limit)))
            .as(what + " nextClosingForRecipient")
            .isEmpty();
      }
    }
  }

  /** Compares nextOpening, nextClosing, currentOrNext and nextWindows from {@code t}. */
  private static void checkEdgesFrom(
      String description, Predicate<Instant> open, Schedule s, Instant t) {
    Instant limit = t.plus(HORIZON);
    List<Instant> flips = flips(open, t, limit);
    String what = description + " from " + t + " (open " + open.test(t) + ") brute flips " + flips;

    Instant expectedOpening = firstFlip(open, flips, true);
    Optional<Instant> opening = CallingWindow.nextOpening(s, t);
    if (expectedOpening != null) {
      assertThat(opening).as(what + " nextOpening").contains(expectedOpening);
    } else {
      assertThat(opening.filter(x -> !x.isAfter(limit))).as(what + " nextOpening").isEmpty();
    }
    Instant expectedClosing = firstFlip(open, flips, false);
    Optional<Instant> closing = CallingWindow.nextClosing(s, t);
    if (expectedClosing != null) {
      assertThat(closing).as(what + " nextClosing").contains(expectedClosing);
    } else {
      assertThat(closing.filter(x -> !x.isAfter(limit))).as(what + " nextClosing").isEmpty();
    }

    // The windows listed from t have exactly the brute-force edges, as far as both can see.
    List<Interval> windows = CallingWindow.nextWindows(s, t, 4);
    if (!s.modeOn()) {
      assertThat(windows).as(what).containsExactly(Interval.always());
      return;
    }
    assertThat(CallingWindow.currentOrNext(s, t))
        .as(what + " currentOrNext")
        .isEqualTo(windows.stream().findFirst());
    if (open.test(t)) {
      assertThat(windows).as(what + " window containing t").isNotEmpty();
      Interval current = windows.get(0);
      assertThat(current.contains(t)).as(what + " first window contains t").isTrue();
      Instant expectedStart = lastOpening(open, t, t.minus(HORIZON));
      if (expectedStart != null) {
        assertThat(current.opensAt()).as(what + " current window opened").isEqualTo(expectedStart);
      } else {
        // The scan back sees no opening after t - HORIZON: the window opened at that instant
        // (the scan's last step, still open) or before it.
        assertThat(current.opensAt() == null || !current.opensAt().isAfter(t.minus(HORIZON)))
            .as(what + " current window opened " + current.opensAt())
            .isTrue();
      }
    } else if (!windows.isEmpty()) {
      assertThat(windows.get(0).opensAt()).as(what + " next window").isAfter(t);
    }
    List<Instant> listed = new ArrayList<>();
    for (Interval w : windows) {
      if (w.opensAt() != null && w.opensAt().isAfter(t)) {
        listed.add(w.opensAt());
      }
      if (w.closesAt() != null) {
        listed.add(w.closesAt());
      }
    }
    Interval last = windows.isEmpty() ? null : windows.get(windows.size() - 1);
    Instant seen =
        windows.size() == 4 && last.closesAt() != null && last.closesAt().isBefore(limit)
            ? last.closesAt()
            : limit;
    assertThat(listed.stream().filter(x -> !x.isAfter(seen)).toList())
        .as(what + " nextWindows " + windows)
        .isEqualTo(flips.stream().filter(x -> !x.isAfter(seen)).toList());
  }

  /**
   * Every instant in (from, limit] at which the state changes, scanning whole minutes from {@code
   * from} (a whole second) and refining each change to the second.
   */
  private static List<Instant> flips(Predicate<Instant> open, Instant from, Instant limit) {
    List<Instant> flips = new ArrayList<>();
    boolean state = open.test(from);
    Instant previous = from;
    for (Instant p = from.plusSeconds(60); !p.isAfter(limit); p = p.plusSeconds(60)) {
      boolean now = open.test(p);
      if (now != state) {
        Instant y = previous.plusSeconds(1);
        while (open.test(y) != now) {
          y = y.plusSeconds(1);
        }
        flips.add(y);
        state = now;
      }
      previous = p;
    }
    return flips;
  }

  /** The first flip into {@code toOpen}; flips alternate, starting from the state at t. */
  private static Instant firstFlip(Predicate<Instant> open, List<Instant> flips, boolean toOpen) {
    for (Instant f : flips) {
      if (open.test(f) == toOpen) {
        return f;
      }
    }
    return null;
  }

  /** The latest instant at or before {@code t} at which the state went to open, scanning back. */
  private static Instant lastOpening(Predicate<Instant> open, Instant t, Instant limit) {
    for (Instant p = t.minusSeconds(60); !p.isBefore(limit); p = p.minusSeconds(60)) {
      if (!open.test(p)) {
        Instant y = p.plusSeconds(1);
        while (!open.test(y)) {
          y = y.plusSeconds(1);
        }
        return y;
      }
    }
    return null;
  }

  /** The instants at which the window of day {@code d} would open and close, run day or not. */
  private static List<Instant> nominalEdges(BruteForceWindow brute, Schedule s, LocalDate d) {
    List<Instant> edges = new ArrayList<>();
    LocalTime start = s.timeStart() == null ? LocalTime.MIDNIGHT : s.timeStart();
    edges.add(brute.edge(d.atTime(start)));
    if (s.timeEnd() != null) {
      edges.add(brute.edge(d.atTime(s.timeEnd())));
    }
    return edges;
  }

  private static Instant randomInstant(Random r, Instant midnight) {
    return midnight.plusSeconds(-86_400 + (long) r.nextInt(6 * 86_400));
  }

  private static Case randomCase(Random r, int n, boolean wholeMinutes) {
    ZoneId zone = ZONES.get(r.nextInt(ZONES.size()));
    // 2017-01-01 to about 2030; half the cases start next to one of the zone's transitions.
    Instant somewhen =
        Instant.ofEpochSecond(1_483_228_800L + (long) (r.nextDouble() * 14 * 365 * 86_400));
    LocalDate base = LocalDate.ofInstant(somewhen, zone);
    ZoneOffsetTransition transition = null;
    if (r.nextInt(3) != 0) {
      transition = zone.getRules().nextTransition(somewhen);
      if (transition != null) {
        // The days checked run from base - 1 to base + 4, so they include the transition.
        base = LocalDate.ofInstant(transition.getInstant(), zone).plusDays(r.nextInt(5) - 3);
      }
    }

    LocalTime start;
    LocalTime end;
    switch (r.nextInt(8)) {
      case 0 -> {
        start = null;
        end = null;
      }
      case 1 -> {
        start = null;
        end = timeOfDay(r, 2 * 3600, 22 * 3600, wholeMinutes);
      }
      case 2 -> {
        start =
            r.nextInt(4) == 0
                ? LocalTime.MIDNIGHT
                : timeOfDay(r, 2 * 3600, 22 * 3600, wholeMinutes);
        end = null;
      }
      default -> {
        do {
          start = biasedTime(r, transition, wholeMinutes);
          end = biasedTime(r, transition, wholeMinutes);
        } while (circularDistance(start, end) < 2 * 3600
            || circularDistance(end, start) < 2 * 3600);
      }
    }

    LocalDate dateStart = r.nextBoolean() ? null : base.plusDays(r.nextInt(7) - 3);
    LocalDate dateEnd =
        r.nextBoolean() ? null : (dateStart == null ? base : dateStart).plusDays(r.nextInt(8));
    List<LocalDate> dateList = randomDates(r, base);
    List<LocalDate> except = randomDates(r, base);
    List<Integer> days = new ArrayList<>();
    if (r.nextBoolean()) {
      for (int d = 0; d < 7; d++) {
        if (r.nextBoolean()) {
          days.add(d);
        }
      }
      if (days.isEmpty()) {
        days.add(r.nextInt(7));
      }
    }
    int mode = r.nextInt(20) == 0 ? Schedule.MODE_OFF : Schedule.MODE_ON;
    Schedule s = new Schedule(mode, start, end, dateStart, dateEnd, dateList, except, days, zone);
    return new Case(
        s,
        base,
        "case " + n + " (seed " + SEED + ") base " + base + " " + s,
        new Random(r.nextLong()));
  }

  private static List<LocalDate> randomDates(Random r, LocalDate base) {
    List<LocalDate> dates = new ArrayList<>();
    if (r.nextInt(5) < 2) {
      int count = 1 + r.nextInt(3);
      for (int i = 0; i < count; i++) {
        dates.add(base.plusDays(r.nextInt(11) - 3));
      }
    }
    return dates;
  }

  /**
   * A time of day: next to a transition, one time in two inside its gap or overlap; otherwise four
   * times in ten between midnight and 04:00, where most daylight-saving changes are.
   */
  private static LocalTime biasedTime(
      Random r, ZoneOffsetTransition transition, boolean wholeMinutes) {
    if (transition != null && r.nextBoolean()) {
      LocalTime from = transition.getDateTimeBefore().toLocalTime();
      LocalTime to = transition.getDateTimeAfter().toLocalTime();
      if (transition.isOverlap()) {
        LocalTime swap = from;
        from = to;
        to = swap;
      }
      int length = circularDistance(from, to);
      int second = (from.toSecondOfDay() + r.nextInt(length)) % 86_400;
      if (wholeMinutes) {
        second -= second % 60;
      }
      return LocalTime.ofSecondOfDay(second);
    }
    return r.nextInt(10) < 4
        ? timeOfDay(r, 0, 4 * 3600, wholeMinutes)
        : timeOfDay(r, 0, 24 * 3600, wholeMinutes);
  }

  private static LocalTime timeOfDay(Random r, int fromSecond, int toSecond, boolean wholeMinutes) {
    int second = fromSecond + r.nextInt(toSecond - fromSecond);
    if (wholeMinutes) {
      second -= second % 60;
    }
    return LocalTime.ofSecondOfDay(second);
  }

  /** Seconds from a forward to b, going round midnight. */
  private static int circularDistance(LocalTime a, LocalTime b) {
    return Math.floorMod(b.toSecondOfDay() - a.toSecondOfDay(), 86_400);
  }
}
