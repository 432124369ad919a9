package io.outdial.workflows.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CallingWindowTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** An instant written with its offset, e.g. "2026-03-08T03:00-04:00" or "2026-03-02T09:00Z". */
  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static LocalTime time(String hhmmss) {
    return LocalTime.parse(hhmmss);
  }

  private static LocalDate date(String ymd) {
    return LocalDate.parse(ymd);
  }

  private static List<LocalDate> dates(String... ymd) {
    return Arrays.stream(ymd).map(LocalDate::parse).toList();
  }

  private static Schedule daily(String start, String end) {
    return Schedule.on()
        .withTimes(start == null ? null : time(start), end == null ? null : time(end));
  }

  @Nested
  class Edges {
    private final Schedule nineToFive = daily("09:00:00", "17:00:00");

    @Test
    void startIsInclusiveAndEndExclusive() {
      assertThat(CallingWindow.isOpen(nineToFive, at("2026-03-02T08:59:59Z"))).isFalse();
      assertThat(CallingWindow.isOpen(nineToFive, at("2026-03-02T08:59:59.999999999Z"))).isFalse();
      assertThat(CallingWindow.isOpen(nineToFive, at("2026-03-02T09:00:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(nineToFive, at("2026-03-02T16:59:59.999999999Z"))).isTrue();
      assertThat(CallingWindow.isOpen(nineToFive, at("2026-03-02T17:00:00Z"))).isFalse();
    }

    @Test
    void nextOpeningIsStrictlyAfterAndSkipsTheCurrentWindow() {
      assertThat(CallingWindow.nextOpening(nineToFive, at("2026-03-02T08:00Z")))
          .contains(at("2026-03-02T09:00Z"));
      assertThat(CallingWindow.nextOpening(nineToFive, at("2026-03-02T08:59:59.5Z")))
          .contains(at("2026-03-02T09:00Z"));
      // At the opening instant the window is already open, so the next opening is tomorrow's.
      assertThat(CallingWindow.nextOpening(nineToFive, at("2026-03-02T09:00Z")))
          .contains(at("2026-03-03T09:00Z"));
      assertThat(CallingWindow.nextOpening(nineToFive, at("2026-03-02T12:00Z")))
          .contains(at("2026-03-03T09:00Z"));
      assertThat(CallingWindow.nextOpening(nineToFive, at("2026-03-02T17:00Z")))
          .contains(at("2026-03-03T09:00Z"));
    }

    @Test
    void nextClosingIsTheEndOfTheCurrentOrElseTheNextWindow() {
      assertThat(CallingWindow.nextClosing(nineToFive, at("2026-03-02T09:00Z")))
          .contains(at("2026-03-02T17:00Z"));
      assertThat(CallingWindow.nextClosing(nineToFive, at("2026-03-02T16:59:59Z")))
          .contains(at("2026-03-02T17:00Z"));
      assertThat(CallingWindow.nextClosing(nineToFive, at("2026-03-02T17:00Z")))
          .contains(at("2026-03-03T17:00Z"));
      assertThat(CallingWindow.nextClosing(nineToFive, at("2026-03-02T05:00Z")))
          .contains(at("2026-03-02T17:00Z"));
    }

    @Test
    void currentOrNextAndNextWindows() {
      assertThat(CallingWindow.currentOrNext(nineToFive, at("2026-03-02T10:00Z")))
          .contains(new Interval(at("2026-03-02T09:00Z"), at("2026-03-02T17:00Z")));
      assertThat(CallingWindow.currentOrNext(nineToFive, at("2026-03-02T17:00Z")))
          .contains(new Interval(at("2026-03-03T09:00Z"), at("2026-03-03T17:00Z")));
      assertThat(CallingWindow.nextWindows(nineToFive, at("2026-03-02T10:00Z"), 3))
          .containsExactly(
              new Interval(at("2026-03-02T09:00Z"), at("2026-03-02T17:00Z")),
              new Interval(at("2026-03-03T09:00Z"), at("2026-03-03T17:00Z")),
              new Interval(at("2026-03-04T09:00Z"), at("2026-03-04T17:00Z")));
      assertThat(CallingWindow.nextWindows(nineToFive, at("2026-03-02T10:00Z"), 0)).isEmpty();
      assertThatThrownBy(() -> CallingWindow.nextWindows(nineToFive, Instant.EPOCH, -1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingTimezoneIsUtc() {
      assertThat(nineToFive.timezone()).isEqualTo(ZoneId.of("UTC"));
    }
  }

  @Nested
  class Overnight {
    // Friday 22:00 to 06:00, Fridays only: the window belongs to Friday, the day it starts.
    private final Schedule fridayNight = daily("22:00:00", "06:00:00").withDays(5);

    @Test
    void belongsToTheDayItStarts() {
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-06T21:59:59Z"))).isFalse();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-06T22:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-06T23:59:59Z"))).isTrue();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-07T00:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-07T03:00Z"))).isTrue(); // Saturday
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-07T05:59:59Z"))).isTrue();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-07T06:00Z"))).isFalse();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-08T03:00Z"))).isFalse(); // Sunday
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-07T22:30Z"))).isFalse(); // Sat night
      // Friday 03:00 is the tail of Thursday's window, and Thursday is not a run day.
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-06T03:00Z"))).isFalse();
      assertThat(CallingWindow.isOpen(fridayNight, at("2026-03-05T23:00Z"))).isFalse();
    }

    @Test
    void edgesAcrossMidnight() {
      assertThat(CallingWindow.nextOpening(fridayNight, at("2026-03-02T00:00Z")))
          .contains(at("2026-03-06T22:00Z"));
      assertThat(CallingWindow.nextClosing(fridayNight, at("2026-03-06T23:00Z")))
          .contains(at("2026-03-07T06:00Z"));
      assertThat(CallingWindow.nextOpening(fridayNight, at("2026-03-07T01:00Z")))
          .contains(at("2026-03-13T22:00Z"));
      assertThat(CallingWindow.currentOrNext(fridayNight, at("2026-03-07T05:00Z")))
          .contains(new Interval(at("2026-03-06T22:00Z"), at("2026-03-07T06:00Z")));
    }

    @Test
    void aDateRangeEndingOnTheStartDayStillGetsTheWholeNight() {
      Schedule s =
          daily("22:00:00", "06:00:00").withDateRange(date("2026-03-02"), date("2026-03-03"));
      assertThat(CallingWindow.isOpen(s, at("2026-03-04T05:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(s, at("2026-03-02T05:00Z"))).isFalse();
      assertThat(CallingWindow.nextOpening(s, at("2026-03-04T05:00Z"))).isEmpty();
      assertThat(CallingWindow.nextClosing(s, at("2026-03-04T05:00Z")))
          .contains(at("2026-03-04T06:00Z"));
    }

    @Test
    void endingAtMidnightIsAnOvernightWindowToTheEndOfTheDay() {
      Schedule s = daily("22:00:00", "00:00:00");
      assertThat(CallingWindow.currentOrNext(s, at("2026-03-02T23:00Z")))
          .contains(new Interval(at("2026-03-02T22:00Z"), at("2026-03-03T00:00Z")));
      assertThat(CallingWindow.isOpen(s, at("2026-03-03T00:00Z"))).isFalse();
    }
  }

  @Nested
  class RunDays {
    private final Schedule range =
        daily("09:00:00", "17:00:00").withDateRange(date("2026-03-02"), date("2026-03-04"));

    @Test
    void dateRangeIsInclusiveAtBothEnds() {
      assertThat(CallingWindow.isOpen(range, at("2026-03-01T12:00Z"))).isFalse();
      assertThat(CallingWindow.isOpen(range, at("2026-03-02T09:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(range, at("2026-03-04T16:59:59Z"))).isTrue();
      assertThat(CallingWindow.isOpen(range, at("2026-03-05T12:00Z"))).isFalse();
      assertThat(CallingWindow.nextOpening(range, at("2026-02-01T00:00Z")))
          .contains(at("2026-03-02T09:00Z"));
      assertThat(CallingWindow.nextOpening(range, at("2026-03-04T09:00Z"))).isEmpty();
      assertThat(CallingWindow.nextClosing(range, at("2026-03-04T17:00Z"))).isEmpty();
      assertThat(CallingWindow.currentOrNext(range, at("2026-03-04T17:00Z"))).isEmpty();
      assertThat(CallingWindow.nextWindows(range, at("2026-01-01T00:00Z"), 10)).hasSize(3);
    }

    @Test
    void dateListAddsDaysAndExceptListWins() {
      // Mondays from March 2nd, plus Thursday March 5th, but not Monday March 9th.
      Schedule s =
          daily("09:00:00", "17:00:00")
              .withDays(1)
              .withDateRange(date("2026-03-02"), null)
              .withDateList(dates("2026-03-05", "2026-03-12"))
              .withDateListExcept(dates("2026-03-09", "2026-03-12"));
      assertThat(CallingWindow.isRunDay(s, date("2026-03-02"))).isTrue();
      assertThat(CallingWindow.isRunDay(s, date("2026-03-03"))).isFalse();
      assertThat(CallingWindow.isRunDay(s, date("2026-03-05"))).isTrue();
      assertThat(CallingWindow.isRunDay(s, date("2026-03-09"))).isFalse();
      assertThat(CallingWindow.isRunDay(s, date("2026-03-12"))).isFalse(); // listed and excepted
      assertThat(CallingWindow.isRunDay(s, date("2026-03-16"))).isTrue();
      assertThat(CallingWindow.isRunDay(s, date("2026-02-23"))).isFalse(); // Monday before range
      assertThat(CallingWindow.nextWindows(s, at("2026-03-02T00:00Z"), 3))
          .extracting(Interval::opensAt)
          .containsExactly(
              at("2026-03-02T09:00Z"), at("2026-03-05T09:00Z"), at("2026-03-16T09:00Z"));
    }

    @Test
    void listedDatesRunOutsideTheRange() {
      Schedule s =
          daily("09:00:00", "17:00:00")
              .withDateRange(date("2026-03-02"), date("2026-03-03"))
              .withDateList(dates("2026-04-01"));
      assertThat(CallingWindow.isRunDay(s, date("2026-03-03"))).isTrue();
      assertThat(CallingWindow.isRunDay(s, date("2026-03-04"))).isFalse();
      assertThat(CallingWindow.isRunDay(s, date("2026-04-01"))).isTrue();
      assertThat(CallingWindow.nextOpening(s, at("2026-03-03T12:00Z")))
          .contains(at("2026-04-01T09:00Z"));
    }

    @Test
    void aDateListAloneRunsOnlyTheListedDates() {
      Schedule s = daily("09:00:00", "17:00:00").withDateList(dates("2026-03-10", "2026-03-05"));
      assertThat(CallingWindow.isOpen(s, at("2026-03-04T12:00Z"))).isFalse();
      assertThat(CallingWindow.isOpen(s, at("2026-03-05T12:00Z"))).isTrue();
      assertThat(CallingWindow.isOpen(s, at("2026-03-06T12:00Z"))).isFalse();
      assertThat(CallingWindow.nextWindows(s, at("2026-01-01T00:00Z"), 5))
          .containsExactly(
              new Interval(at("2026-03-05T09:00Z"), at("2026-03-05T17:00Z")),
              new Interval(at("2026-03-10T09:00Z"), at("2026-03-10T17:00Z")));
      assertThat(CallingWindow.nextOpening(s, at("2026-03-10T09:00Z"))).isEmpty();
      // With weekdays as well, the weekdays run every week and the listed dates are extra.
      Schedule withDays = s.withDays(3);
      assertThat(CallingWindow.isRunDay(withDays, date("2026-03-04"))).isTrue(); // Wednesday
      assertThat(CallingWindow.isRunDay(withDays, date("2026-03-05"))).isTrue(); // listed Thursday
      assertThat(CallingWindow.isRunDay(withDays, date("2026-03-12"))).isFalse(); // other Thursday
      // An except list alone does not turn a date list into "every day".
      Schedule withExcept = s.withDateListExcept(dates("2026-03-05"));
      assertThat(CallingWindow.isRunDay(withExcept, date("2026-03-05"))).isFalse();
      assertThat(CallingWindow.isRunDay(withExcept, date("2026-03-06"))).isFalse();
      assertThat(CallingWindow.isRunDay(withExcept, date("2026-03-10"))).isTrue();
    }

    @Test
    void weekdaysCountFromSundayAsZero() {
      Schedule sundays = daily("09:00:00", "17:00:00").withDays(0);
      assertThat(CallingWindow.isRunDay(sundays, date("2026-03-01"))).isTrue(); // a Sunday
      assertThat(CallingWindow.isRunDay(sundays, date("2026-03-02"))).isFalse();
      Schedule saturdays = daily("09:00:00", "17:00:00").withDays(6);
      assertThat(CallingWindow.isRunDay(saturdays, date("2026-03-07"))).isTrue(); // a Saturday
      assertThat(CallingWindow.isRunDay(saturdays, date("2026-03-08"))).isFalse();
      Schedule weekdays = daily("09:00:00", "17:00:00").withDays(1, 2, 3, 4, 5);
      assertThat(CallingWindow.nextOpening(weekdays, at("2026-03-06T17:00Z")))
          .contains(at("2026-03-09T09:00Z")); // Friday evening -> Monday
    }

    @Test
    void weekdaysAreThoseOfTheScheduleZone() {
      // Monday 00:30 in Tokyo is still Sunday in UTC.
      Schedule s = daily(null, "02:00:00").withDays(1).withTimezone(TOKYO);
      assertThat(CallingWindow.isOpen(s, at("2026-03-01T15:30Z"))).isTrue();
      assertThat(CallingWindow.currentOrNext(s, at("2026-03-01T15:30Z")))
          .contains(new Interval(at("2026-03-01T15:00Z"), at("2026-03-01T17:00Z")));
    }

    @Test
    void noRulesMeansEveryDay() {
      Schedule s = daily("09:00:00", "17:00:00");
      for (int i = 0; i < 7; i++) {
        assertThat(CallingWindow.isRunDay(s, date("2026-03-01").plusDays(i))).isTrue();
      }
    }

    @Test
    void searchJumpsStraightToAFarStartAndStopsWhenNothingFollows() {
      Schedule far = daily("09:00:00", "17:00:00").withDateRange(date("2031-06-02"), null);
      assertThat(CallingWindow.nextOpening(far, at("2026-03-01T00:00Z")))
          .contains(at("2031-06-02T09:00Z"));
      Schedule farList = daily("09:00:00", "17:00:00").withDateList(dates("2035-01-01"));
      assertThat(CallingWindow.nextOpening(farList, at("2026-03-01T00:00Z")))
          .contains(at("2035-01-01T09:00Z"));
      Schedule over = daily("09:00:00", "17:00:00").withDateRange(null, date("2020-01-01"));
      assertThat(CallingWindow.isOpen(over, at("2026-03-01T12:00Z"))).isFalse();
      assertThat(CallingWindow.nextOpening(over, at("2026-03-01T00:00Z"))).isEmpty();
      assertThat(CallingWindow.nextClosing(over, at("2026-03-01T00:00Z"))).isEmpty();
      assertThat(CallingWindow.nextWindows(over, at("2026-03-01T00:00Z"), 5)).isEmpty();
    }
  }

  @Nested
  class MissingTimesAndMerging {
    @Test
    void missingStartIsMidnightAndMissingEndIsMidnightAtTheEnd() {
      Schedule morning = daily(null, "12:00:00");
      assertThat(CallingWindow.currentOrNext(morning, at("2026-03-02T13:00Z")))
          .contains(new Interval(at("2026-03-03T00:00Z"), at("2026-03-03T12:00Z")));
      Schedule evening = daily("20:00:00", null);
      assertThat(CallingWindow.currentOrNext(evening, at("2026-03-02T13:00Z")))
          .contains(new Interval(at("2026-03-02T20:00Z"), at("2026-03-03T00:00Z")));
      assertThat(CallingWindow.isOpen(evening, at("2026-03-02T23:59:59Z"))).isTrue();
      assertThat(CallingWindow.isOpen(evening, at("2026-03-03T00:00Z"))).isFalse();
    }

    @Test
    void wholeDaysInARowAreOneWindow() {
      Schedule weekdays = daily(null, null).withDays(1, 2, 3, 4, 5);
      assertThat(CallingWindow.nextWindows(weekdays, at("2026-03-04T12:00Z"), 2))
          .containsExactly(
              new Interval(at("2026-03-02T00:00Z"), at("2026-03-07T00:00Z")),
              new Interval(at("2026-03-09T00:00Z"), at("2026-03-14T00:00Z")));
      assertThat(CallingWindow.nextClosing(weekdays, at("2026-03-02T00:00Z")))
          .contains(at("2026-03-07T00:00Z"));
      assertThat(CallingWindow.nextOpening(weekdays, at("2026-03-03T00:00Z")))
          .contains(at("2026-03-09T00:00Z"));
      // An explicit 00:00:00 start is the same as a missing one.
      Schedule explicit = daily("00:00:00", null).withDays(1, 2, 3, 4, 5);
      assertThat(CallingWindow.nextWindows(explicit, at("2026-03-04T12:00Z"), 2))
          .isEqualTo(CallingWindow.nextWindows(weekdays, at("2026-03-04T12:00Z"), 2));
    }

    @Test
    void aWindowThatNeverClosesWithinTheHorizonHasNoClosing() {
      Schedule always = Schedule.on();
      Instant t = at("2026-03-04T12:00Z");
      assertThat(CallingWindow.isOpen(always, t)).isTrue();
      assertThat(CallingWindow.nextClosing(always, t)).isEmpty();
      assertThat(CallingWindow.nextOpening(always, t)).isEmpty();
      assertThat(CallingWindow.currentOrNext(always, t)).contains(new Interval(null, null));
      assertThat(CallingWindow.nextWindows(always, t, 3)).containsExactly(new Interval(null, null));

      // Bounded on both sides within the horizon: exact edges.
      Schedule bounded = Schedule.on().withDateRange(date("2026-01-01"), date("2026-12-31"));
      assertThat(CallingWindow.currentOrNext(bounded, t))
          .contains(new Interval(at("2026-01-01T00:00Z"), at("2027-01-01T00:00Z")));
      // An excepted day breaks the chain.
      Schedule withHoliday = always.withDateListExcept(dates("2026-04-03"));
      assertThat(CallingWindow.nextClosing(withHoliday, t)).contains(at("2026-04-03T00:00Z"));
      assertThat(CallingWindow.nextOpening(withHoliday, t)).contains(at("2026-04-04T00:00Z"));
      // Open far beyond the horizon: the closing is reported as unknown.
      Schedule longRun = Schedule.on().withDateRange(null, date("2031-01-01"));
      assertThat(CallingWindow.nextClosing(longRun, t)).isEmpty();
      assertThat(CallingWindow.nextClosing(longRun, at("2030-06-01T00:00Z")))
          .contains(at("2031-01-02T00:00Z"));
    }

    @Test
    void anOvernightWindowEndingWhenTheNextStartsMerges() {
      // 02:30 to 02:00 the next day. On 2026-03-08 New York skips 02:00-03:00, so Saturday's
      // window ends, and Sunday's starts, at 03:00 EDT: the two touch and are one window.
      Schedule s = daily("02:30:00", "02:00:00").withTimezone(NEW_YORK);
      assertThat(CallingWindow.currentOrNext(s, at("2026-03-08T02:45-04:00")))
          .contains(new Interval(at("2026-03-07T02:30-05:00"), at("2026-03-09T02:00-04:00")));
      assertThat(CallingWindow.nextClosing(s, at("2026-03-07T12:00-05:00")))
          .contains(at("2026-03-09T02:00-04:00"));
      assertThat(CallingWindow.isOpen(s, at("2026-03-08T03:00-04:00"))).isTrue();
    }
  }

  @Nested
  class DaylightSaving {
    @Test
    void newYorkSpringForward() {
      // 2026-03-08: 02:00 EST becomes 03:00 EDT.
      Schedule s = daily("02:30:00", "05:00:00").withTimezone(NEW_YORK);
      assertThat(CallingWindow.nextOpening(s, at("2026-03-08T00:00-05:00")))
          .contains(at("2026-03-08T03:00-04:00"));
      Interval sunday = CallingWindow.currentOrNext(s, at("2026-03-08T00:00-05:00")).orElseThrow();
      assertThat(sunday)
          .isEqualTo(new Interval(at("2026-03-08T03:00-04:00"), at("2026-03-08T05:00-04:00")));
      assertThat(Duration.between(sunday.opensAt(), sunday.closesAt())).hasHours(2);
      Interval saturday =
          CallingWindow.currentOrNext(s, at("2026-03-07T00:00-05:00")).orElseThrow();
      assertThat(Duration.between(saturday.opensAt(), saturday.closesAt())).hasMinutes(150);

      Schedule acrossTheGap = daily("01:00:00", "04:00:00").withTimezone(NEW_YORK);
      Interval w =
          CallingWindow.currentOrNext(acrossTheGap, at("2026-03-08T00:00-05:00")).orElseThrow();
      assertThat(w)
          .isEqualTo(new Interval(at("2026-03-08T01:00-05:00"), at("2026-03-08T04:00-04:00")));
      assertThat(Duration.between(w.opensAt(), w.closesAt())).hasHours(2);

      Schedule wholeDay = daily(null, null).withDays(0).withTimezone(NEW_YORK);
      Interval sundayWhole =
          CallingWindow.currentOrNext(wholeDay, at("2026-03-08T12:00-04:00")).orElseThrow();
      assertThat(Duration.between(sundayWhole.opensAt(), sundayWhole.closesAt())).hasHours(23);
    }

    @Test
    void newYorkFallBack() {
      // 2026-11-01: 02:00 EDT becomes 01:00 EST; 01:00-02:00 happens twice.
      Schedule s = daily("01:30:00", "03:00:00").withTimezone(NEW_YORK);
      assertThat(CallingWindow.nextOpening(s, at("2026-11-01T00:00-04:00")))
          .contains(at("2026-11-01T01:30-04:00")); // the first 01:30
      Interval w = CallingWindow.currentOrNext(s, at("2026-11-01T00:00-04:00")).orElseThrow();
      assertThat(w.closesAt()).isEqualTo(at("2026-11-01T03:00-05:00"));
      assertThat(Duration.between(w.opensAt(), w.closesAt())).hasMinutes(150);
      assertThat(CallingWindow.isOpen(s, at("2026-11-01T01:15-05:00"))).isTrue(); // second 01:15

      // A window ending at 01:30 ends at the first 01:30: the second 01:15 is outside it.
      Schedule early = daily(null, "01:30:00").withTimezone(NEW_YORK);
      assertThat(CallingWindow.isOpen(early, at("2026-11-01T01:15-04:00"))).isTrue();
      assertThat(CallingWindow.isOpen(early, at("2026-11-01T01:15-05:00"))).isFalse();
      assertThat(CallingWindow.nextClosing(early, at("2026-11-01T00:10-04:00")))
          .contains(at("2026-11-01T01:30-04:00"));

      Schedule overnight = daily("22:00:00", "06:00:00").withTimezone(NEW_YORK);
      Interval night =
          CallingWindow.currentOrNext(overnight, at("2026-10-31T23:00-04:00")).orElseThrow();
      assertThat(night)
          .isEqualTo(new Interval(at("2026-10-31T22:00-04:00"), at("2026-11-01T06:00-05:00")));
      assertThat(Duration.between(night.opensAt(), night.closesAt())).hasHours(9);
    }

    @Test
    void berlinSpringForward() {
      // 2026-03-29: 02:00 CET becomes 03:00 CEST.
      Schedule s = daily("02:30:00", "04:00:00").withTimezone(BERLIN);
      Interval w = CallingWindow.currentOrNext(s, at("2026-03-29T00:00+01:00")).orElseThrow();
      assertThat(w)
          .isEqualTo(new Interval(at("2026-03-29T03:00+02:00"), at("2026-03-29T04:00+02:00")));
      assertThat(Duration.between(w.opensAt(), w.closesAt())).hasHours(1);

      // Both edges inside the gap: no window that day at all.
      Schedule inGap = daily("02:10:00", "02:50:00").withTimezone(BERLIN);
      assertThat(CallingWindow.nextOpening(inGap, at("2026-03-29T00:00+01:00")))
          .contains(at("2026-03-30T02:10+02:00"));
      assertThat(CallingWindow.isOpen(inGap, at("2026-03-29T03:00+02:00"))).isFalse();

      Schedule sunday = daily(null, null).withDays(0).withTimezone(BERLIN);
      Interval day =
          CallingWindow.currentOrNext(sunday, at("2026-03-29T12:00+02:00")).orElseThrow();
      assertThat(day)
          .isEqualTo(new Interval(at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00")));
      assertThat(Duration.between(day.opensAt(), day.closesAt())).hasHours(23);
    }

    @Test
    void berlinFallBack() {
      // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:00-03:00 happens twice.
      Schedule s = daily("02:30:00", "06:00:00").withTimezone(BERLIN);
      Interval w = CallingWindow.currentOrNext(s, at("2026-10-25T00:00+02:00")).orElseThrow();
      assertThat(w)
          .isEqualTo(new Interval(at("2026-10-25T02:30+02:00"), at("2026-10-25T06:00+01:00")));
      assertThat(Duration.between(w.opensAt(), w.closesAt())).hasMinutes(270);
      assertThat(CallingWindow.isOpen(s, at("2026-10-25T02:10+01:00"))).isTrue(); // second 02:10

      Schedule sunday = daily(null, null).withDays(0).withTimezone(BERLIN);
      Interval day =
          CallingWindow.currentOrNext(sunday, at("2026-10-25T12:00+01:00")).orElseThrow();
      assertThat(Duration.between(day.opensAt(), day.closesAt())).hasHours(25);
    }

    @Test
    void aSkippedCalendarDayHasNoWindow() {
      // Samoa skipped 2011-12-30 entirely when it moved across the date line.
      Schedule s = daily("09:00:00", "17:00:00").withTimezone(ZoneId.of("Pacific/Apia"));
      List<Interval> windows = CallingWindow.nextWindows(s, at("2011-12-29T00:00-10:00"), 2);
      assertThat(windows)
          .containsExactly(
              new Interval(at("2011-12-29T09:00-10:00"), at("2011-12-29T17:00-10:00")),
              new Interval(at("2011-12-31T09:00+14:00"), at("2011-12-31T17:00+14:00")));
    }
  }

  @Nested
  class ModeOff {
    private final Schedule off =
        daily("09:00:00", "17:00:00").withDays(1).withMode(Schedule.MODE_OFF);

    @Test
    void alwaysOpenWithNoEdges() {
      Instant sunday = at("2026-03-01T03:00Z");
      assertThat(CallingWindow.isOpen(off, sunday)).isTrue();
      assertThat(CallingWindow.nextOpening(off, sunday)).isEmpty();
      assertThat(CallingWindow.nextClosing(off, sunday)).isEmpty();
      assertThat(CallingWindow.currentOrNext(off, sunday)).contains(Interval.always());
      assertThat(CallingWindow.nextWindows(off, sunday, 5)).containsExactly(Interval.always());
      assertThat(CallingWindow.isOpenForRecipient(off, TOKYO, sunday)).isTrue();
      assertThat(CallingWindow.nextOpeningForRecipient(off, TOKYO, sunday)).isEmpty();
      assertThat(Schedule.off().modeOn()).isFalse();
      assertThat(Schedule.fromMap(Map.of()).mode()).isEqualTo(Schedule.MODE_OFF);
    }
  }

  @Nested
  class RecipientLocal {
    // Campaign 08:00-20:00 UTC on weekdays. In early March 2026 Los Angeles is UTC-8 (UTC-7 from
    // March 8th), Berlin UTC+1 and Tokyo UTC+9.
    private final Schedule campaign = daily("08:00:00", "20:00:00").withDays(1, 2, 3, 4, 5);

    @Test
    void openOnlyWhereBothWindowsAreOpen() {
      Instant mondayNoon = at("2026-03-02T12:00Z");
      assertThat(CallingWindow.isOpen(campaign, mondayNoon)).isTrue();
      assertThat(CallingWindow.isOpenForRecipient(campaign, LOS_ANGELES, mondayNoon))
          .isFalse(); // 04:00 there
      assertThat(CallingWindow.isOpenForRecipient(campaign, BERLIN, mondayNoon)).isTrue(); // 13:00
      assertThat(CallingWindow.isOpenForRecipient(campaign, TOKYO, mondayNoon)).isFalse(); // 21:00
      assertThat(CallingWindow.isOpenForRecipient(campaign, null, mondayNoon)).isTrue();
      // 19:30 UTC: 11:30 in Los Angeles, 20:30 in Berlin, 04:30 Tuesday in Tokyo.
      Instant evening = at("2026-03-02T19:30Z");
      assertThat(CallingWindow.isOpenForRecipient(campaign, LOS_ANGELES, evening)).isTrue();
      assertThat(CallingWindow.isOpenForRecipient(campaign, BERLIN, evening)).isFalse();
      assertThat(CallingWindow.isOpenForRecipient(campaign, TOKYO, evening)).isFalse();
      // Campaign closed: no recipient is open, whatever the local time.
      assertThat(CallingWindow.isOpenForRecipient(campaign, BERLIN, at("2026-03-02T07:30Z")))
          .isFalse();
    }

    @Test
    void nextOpeningOfTheIntersection() {
      Instant mondayNoon = at("2026-03-02T12:00Z");
      assertThat(CallingWindow.nextOpeningForRecipient(campaign, LOS_ANGELES, mondayNoon))
          .contains(at("2026-03-02T16:00Z"));
      assertThat(CallingWindow.nextOpeningForRecipient(campaign, TOKYO, mondayNoon))
          .contains(at("2026-03-03T08:00Z"));
      // Berlin is open now; its next opening is tomorrow's.
      assertThat(CallingWindow.nextOpeningForRecipient(campaign, BERLIN, mondayNoon))
          .contains(at("2026-03-03T08:00Z"));
      assertThat(CallingWindow.nextClosingForRecipient(campaign, BERLIN, mondayNoon))
          .contains(at("2026-03-02T19:00Z"));
      assertThat(CallingWindow.currentOrNextForRecipient(campaign, TOKYO, mondayNoon))
          .contains(new Interval(at("2026-03-03T08:00Z"), at("2026-03-03T11:00Z")));

      // Friday afternoon: Tokyo's next chance is Monday morning; Los Angeles after its DST
      // change (UTC-7) opens Monday at 15:00 UTC once Friday's slot is over.
      Instant fridayNoon = at("2026-03-06T12:00Z");
      assertThat(CallingWindow.nextOpeningForRecipient(campaign, TOKYO, fridayNoon))
          .contains(at("2026-03-09T08:00Z"));
      assertThat(CallingWindow.nextOpeningForRecipient(campaign, LOS_ANGELES, fridayNoon))
          .contains(at("2026-03-06T16:00Z"));
      assertThat(
              CallingWindow.nextOpeningForRecipient(campaign, LOS_ANGELES, at("2026-03-06T17:00Z")))
          .contains(at("2026-03-09T15:00Z"));
      assertThat(
              CallingWindow.currentOrNextForRecipient(
                  campaign, LOS_ANGELES, at("2026-03-06T17:00Z")))
          .contains(new Interval(at("2026-03-06T16:00Z"), at("2026-03-06T20:00Z")));
    }

    @Test
    void theEarliestOfSeveralZonesWakesTheCampaign() {
      Instant now = at("2026-03-02T20:00Z"); // campaign just closed
      Optional<Instant> earliest =
          List.of(LOS_ANGELES, BERLIN, TOKYO).stream()
              .map(z -> CallingWindow.nextOpeningForRecipient(campaign, z, now))
              .flatMap(Optional::stream)
              .min(Instant::compareTo);
      assertThat(earliest).contains(at("2026-03-03T08:00Z"));
    }

    @Test
    void zonesThatNeverOverlapNeverOpen() {
      Schedule narrow = daily("09:00:00", "10:00:00");
      assertThat(CallingWindow.nextOpeningForRecipient(narrow, TOKYO, at("2026-03-02T00:00Z")))
          .isEmpty();
      assertThat(CallingWindow.isOpenForRecipient(narrow, TOKYO, at("2026-03-02T09:30Z")))
          .isFalse();
    }
  }

  @Nested
  class Validation {
    @Test
    void everyProblemIsReportedWithItsFieldAndRule() {
      Map<String, Object> json = new HashMap<>();
      json.put("mode", 2);
      json.put("timeStart", "9:00");
      json.put("timeEnd", "24:00:00");
      json.put("dateStart", "2026-02-30");
      json.put("dateEnd", "2026/03/01");
      json.put("dateList", List.of("2026-03-01", "2026-13-01"));
      json.put("dateListExcept", List.of(20260301));
      json.put("dayList", List.of(1, 7, -1));
      json.put("timezone", "Mars/Olympus_Mons");
      assertThatThrownBy(() -> Schedule.fromMap(json))
          .isInstanceOfSatisfying(
              ScheduleException.class,
              e -> {
                assertThat(e.problems())
                    .extracting(ScheduleProblem::field)
                    .containsExactly(
                        "mode",
                        "timeStart",
                        "timeEnd",
                        "dateStart",
                        "dateEnd",
                        "dateList",
                        "dateListExcept",
                        "dayList",
                        "dayList",
                        "timezone");
                assertThat(e.problems().get(0).rule()).contains("0 (on) or 1 (off)");
                assertThat(e.problems().get(1).rule()).contains("hh:mm:ss").contains("'9:00'");
                assertThat(e.problems().get(2).rule()).contains("hh:mm:ss").contains("24:00:00");
                assertThat(e.problems().get(3).rule())
                    .contains("real calendar date")
                    .contains("YYYY-MM-DD");
                assertThat(e.problems().get(4).rule()).contains("YYYY-MM-DD");
                assertThat(e.problems().get(5).rule()).contains("entry 1").contains("2026-13-01");
                assertThat(e.problems().get(7).rule())
                    .contains("entry 1")
                    .contains("0 (Sunday) to 6 (Saturday)");
                assertThat(e.problems().get(8).rule()).contains("entry 2").contains("-1");
                assertThat(e.problems().get(9).rule())
                    .contains("IANA")
                    .contains("Mars/Olympus_Mons");
                assertThat(e.getMessage()).startsWith("invalid schedule: mode: ");
              });
    }

    @Test
    void equalStartAndEndIsRefused() {
      assertThat(problems(Map.of("mode", 0, "timeStart", "09:00:00", "timeEnd", "09:00:00")))
          .containsExactly("timeEnd");
      // A missing start is midnight, so a lone 00:00:00 end is an empty window too.
      assertThat(problems(Map.of("mode", 0, "timeEnd", "00:00:00"))).containsExactly("timeEnd");
      Schedule typed = daily("09:00:00", "09:00:00");
      assertThat(typed.validate()).extracting(ScheduleProblem::field).containsExactly("timeEnd");
      assertThatThrownBy(() -> CallingWindow.isOpen(typed, Instant.EPOCH))
          .isInstanceOf(ScheduleException.class)
          .hasMessageContaining("timeEnd");
      // Midnight start with no end is the whole day, which is fine.
      assertThat(daily("00:00:00", null).validate()).isEmpty();
    }

    @Test
    void dateEndBeforeDateStartIsRefused() {
      assertThat(problems(Map.of("dateStart", "2026-03-05", "dateEnd", "2026-03-04")))
          .containsExactly("dateEnd");
      assertThat(problems(Map.of("dateStart", "2026-03-05", "dateEnd", "2026-03-05"))).isEmpty();
    }

    @Test
    void typedValuesAreCheckedToo() {
      Schedule s =
          new Schedule(
              5,
              null,
              null,
              date("2026-03-05"),
              date("2026-03-01"),
              Arrays.asList(date("2026-03-01"), null),
              null,
              List.of(0, 6, 7),
              null);
      assertThat(s.validate())
          .extracting(ScheduleProblem::field)
          .containsExactly("mode", "dateEnd", "dateList", "dayList");
      assertThatThrownBy(() -> CallingWindow.nextOpening(s, Instant.EPOCH))
          .isInstanceOf(ScheduleException.class);
    }

    @Test
    void onlyIanaZoneNamesAreAccepted() {
      assertThat(problems(Map.of("timezone", "+02:00"))).containsExactly("timezone");
      assertThat(problems(Map.of("timezone", "UTC+2"))).containsExactly("timezone");
      assertThat(problems(Map.of("timezone", "Europe/Berlin"))).isEmpty();
      assertThat(problems(Map.of("timezone", "UTC"))).isEmpty();
    }

    @Test
    void wrongTypesAreNamed() {
      assertThat(problems(Map.of("mode", "0"))).containsExactly("mode");
      assertThat(problems(Map.of("timeStart", 900))).containsExactly("timeStart");
      assertThat(problems(Map.of("dayList", Map.of("a", 1)))).containsExactly("dayList");
      assertThat(problems(Map.of("dateList", 3))).containsExactly("dateList");
    }

    @Test
    void aGoodMapParsesAndRoundTrips() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("mode", 0);
      json.put("timeStart", "22:00:00");
      json.put("timeEnd", "06:00:00");
      json.put("dateStart", "2026-03-01");
      json.put("dateEnd", "2026-12-31");
      json.put("dateList", List.of("2027-01-02"));
      json.put("dateListExcept", List.of("2026-12-24", "2026-12-25"));
      json.put("dayList", List.of(1, 2, 3, 4, 5));
      json.put("timezone", "Europe/Berlin");
      json.put("name", "ignored: other campaign fields may come along");
      Schedule s = Schedule.fromMap(json);
      assertThat(s)
          .isEqualTo(
              new Schedule(
                  Schedule.MODE_ON,
                  time("22:00:00"),
                  time("06:00:00"),
                  date("2026-03-01"),
                  date("2026-12-31"),
                  dates("2027-01-02"),
                  dates("2026-12-24", "2026-12-25"),
                  List.of(1, 2, 3, 4, 5),
                  BERLIN));
      Map<String, Object> back = s.toMap();
      json.remove("name");
      assertThat(back).isEqualTo(json);
      assertThat(Schedule.fromMap(back)).isEqualTo(s);
    }

    @Test
    void legacyCommaSeparatedListsAndBlankValues() {
      Map<String, Object> json = new HashMap<>();
      json.put("mode", 0L);
      json.put("dateList", "2016-11-16, 2016-11-17");
      json.put("dayList", "0, 1, 3, 4");
      json.put("timeStart", "");
      json.put("timezone", " ");
      json.put("dateEnd", null);
      Schedule s = Schedule.fromMap(json);
      assertThat(s.dateList()).containsExactly(date("2016-11-16"), date("2016-11-17"));
      assertThat(s.dayList()).containsExactly(0, 1, 3, 4);
      assertThat(s.timeStart()).isNull();
      assertThat(s.dateEnd()).isNull();
      assertThat(s.timezone()).isEqualTo(ZoneId.of("UTC"));
      assertThat(problems(Map.of("dayList", "1, x"))).containsExactly("dayList");
    }

    private List<String> problems(Map<String, Object> json) {
      try {
        Schedule.fromMap(json);
        return List.of();
      } catch (ScheduleException e) {
        List<String> fields = new ArrayList<>();
        e.problems().forEach(p -> fields.add(p.field()));
        return fields;
      }
    }
  }
}
