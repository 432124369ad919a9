package io.outdial.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {
  @Test
  void thePlansMaximumOrTheDefaultBoundsTheCallsInFlight() {
    assertThat(Pacing.maxInFlight(0)).isEqualTo(Pacing.DEFAULT_MAX_IN_FLIGHT);
    assertThat(Pacing.maxInFlight(1000)).isEqualTo(1000);
  }

  @Test
  void freeSlotsAreWhatMayStartWithoutAQueueOrARate() {
    assertThat(Pacing.allowance(10, 3, Pacing.NO_QUEUE, 0, 0))
        .isEqualTo(new Pacing.Allowance(7, false));
    assertThat(Pacing.allowance(10, 10, Pacing.NO_QUEUE, 0, 0).calls()).isZero();
  }

  @Test
  void aQueueAllowsItsAvailableAgentsLessTheCallsInFlightPlusTheServiceLevel() {
    // 5 agents free, 2 calls already ringing, overdial 1: 4 more.
    assertThat(Pacing.allowance(100, 2, 5, 1, 0)).isEqualTo(new Pacing.Allowance(4, true));
    // More agents than slots: the slots decide and the queue did not hold the decision.
    assertThat(Pacing.allowance(10, 2, 50, 0, 0)).isEqualTo(new Pacing.Allowance(8, false));
    // No agent free and calls ringing: nothing (a negative allowance starts nothing).
    assertThat(Pacing.allowance(10, 3, 0, 0, 0).calls()).isNegative();
    assertThat(Pacing.allowance(10, 3, 0, 0, 0).queueLimited()).isTrue();
  }

  @Test
  void aRateAllowsOneSecondsWorthAndAtLeastOneCall() {
    assertThat(Pacing.allowance(100, 0, Pacing.NO_QUEUE, 0, 2.5).calls()).isEqualTo(3);
    assertThat(Pacing.allowance(100, 0, Pacing.NO_QUEUE, 0, 0.01).calls()).isEqualTo(1);
    assertThat(Pacing.allowance(5, 0, Pacing.NO_QUEUE, 0, 1000).calls()).isEqualTo(5);
  }

  @Test
  void batchesAreAQuarterOfTheSlotsFromOneToFifty() {
    assertThat(Pacing.batch(1)).isEqualTo(1);
    assertThat(Pacing.batch(40)).isEqualTo(10);
    assertThat(Pacing.batch(1000)).isEqualTo(Pacing.MAX_BATCH);
  }

  @Test
  void aDecisionWaitsOnceForABatchOnlyWhileCallsAreInFlight() {
    assertThat(Pacing.waitsForBatch(3, 10, 5, false)).isTrue();
    assertThat(Pacing.waitsForBatch(3, 10, 5, true)).isFalse();
    assertThat(Pacing.waitsForBatch(3, 10, 0, false)).isFalse();
    assertThat(Pacing.waitsForBatch(10, 10, 5, false)).isFalse();
    assertThat(Pacing.waitsForBatch(0, 10, 5, false)).isFalse();
  }

  @Test
  void thePauseIsTheTimeTheStartedCallsTakeAtTheRateWithinWhatATimerTakes() {
    assertThat(Pacing.pause(5, 10)).isEqualTo(Duration.ofMillis(500));
    // The rate is kept from decision to decision: 100 calls at 100/s move pacing on by 1 s from
    // where it stood, whatever reserving took...
    assertThat(Pacing.pacedUntil(10_000, 10_000, 100, 100)).isEqualTo(11_000);
    assertThat(Pacing.pauseUntil(11_000, 10_300)).isEqualTo(Duration.ofMillis(700));
    // ...and a timer that fired 200 ms late is made up by the next pause,
    assertThat(Pacing.pacedUntil(11_000, 11_200, 100, 100)).isEqualTo(12_000);
    assertThat(Pacing.pauseUntil(12_000, 11_300)).isEqualTo(Duration.ofMillis(700));
    // but after an idle spell pacing starts again from the decision: no burst.
    assertThat(Pacing.pacedUntil(11_000, 11_300, 100, 100)).isEqualTo(12_300);
    assertThat(Pacing.pacedUntil(11_000, 60_000, 100, 100)).isEqualTo(61_000);
    assertThat(Pacing.pauseUntil(61_000, 62_000)).isEqualTo(Duration.ofMillis(1));
    assertThat(Pacing.pause(1, 1e9)).isEqualTo(Duration.ofMillis(1));
    assertThat(Pacing.pause(1, 1e-9)).isEqualTo(PlanBounds.MAX_PACING_PAUSE);
    assertThat(Pacing.unboundedPause(1, 1e-3)).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void pacedAheadADecisionFillsTheNextTwoSecondsFromWherePacingStood() {
    // Nothing handed over yet: two seconds' worth from now.
    assertThat(Pacing.ahead(0, 10_000, 100)).isEqualTo(new Pacing.Ahead(10_000, 200));
    // Handed over up to 1.2 s from now: 0.8 s more, from there.
    assertThat(Pacing.ahead(11_200, 10_000, 100)).isEqualTo(new Pacing.Ahead(11_200, 80));
    // A little behind (a late timer): from where it stood, so the rate is made up for...
    assertThat(Pacing.ahead(9_900, 10_000, 100)).isEqualTo(new Pacing.Ahead(9_900, 210));
    // ...but far behind (an idle spell): from now, no burst.
    assertThat(Pacing.ahead(5_000, 10_000, 100)).isEqualTo(new Pacing.Ahead(10_000, 200));
    // Filled to the horizon: nothing; a slow rate still hands over one call when time is left.
    assertThat(Pacing.ahead(12_000, 10_000, 100).calls()).isZero();
    assertThat(Pacing.ahead(11_999, 10_000, 0.01)).isEqualTo(new Pacing.Ahead(11_999, 1));
  }

  @Test
  void pacedCallsLeaveOneIntervalApartAndTheDecisionComesBackASecondBeforeTheyRunOut() {
    assertThat(Pacing.offset(0, 100)).isZero();
    assertThat(Pacing.offset(1, 100)).isEqualTo(10);
    assertThat(Pacing.offset(199, 100)).isEqualTo(1990);
    // 200 calls from 10 s at 100/s: the next leaves at 12 s, decided at 11 s.
    assertThat(Pacing.handed(10_000, 200, 100)).isEqualTo(new Pacing.Handed(12_000, 11_000));
    // A rate no timer can take stays within the longest pause.
    assertThat(Pacing.offset(1, 5e-324)).isEqualTo(PlanBounds.MAX_PACING_PAUSE.toMillis());
  }
}
