package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.TrunkShares.Decision;
import io.outdial.store.TrunkShares.Holding;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules a trunk with limits hands out its channels and moments by. */
class TrunkSharesTest {
  private static final long NOW = 1_000_000_000_000L;

  private static Decision decide(
      Integer channels, Double cps, Long next, Map<String, Holding> holdings, Set<String> waiting) {
    return TrunkShares.decide("t1", channels, cps, next, NOW, holdings, waiting, "a");
  }

  private static Holding holds(int channels) {
    return new Holding(channels, 0, null);
  }

  @Test
  void aFullTrunkGivesNoChannelWhoeverAsks() {
    Decision d = decide(10, null, null, Map.of("a", holds(2), "b", holds(8)), Set.of());
    assertThat(d.go()).isFalse();
    assertThat(d.why()).isEqualTo("trunk t1 has all of its 10 channels in use");
    assertThat(d.waitMs()).isEqualTo(TrunkShares.CHANNEL_POLL_MS);
    assertThat(decide(10, null, null, Map.of("a", holds(2), "b", holds(7)), Set.of()).go())
        .isTrue();
  }

  @Test
  void aCampaignAloneMayUseEveryChannel() {
    assertThat(decide(10, null, null, Map.of("a", holds(9)), Set.of()).go()).isTrue();
    // Another campaign holds channels but waits for no more: the free ones are anyone's.
    assertThat(decide(10, null, null, Map.of("a", holds(6), "b", holds(3)), Set.of()).go())
        .isTrue();
  }

  @Test
  void aCampaignAtItsShareWaitsWhileARivalBelowItsShareWaits() {
    // Three campaigns: a share is 10 / 3 = 3 channels.
    Map<String, Holding> h = Map.of("a", holds(3), "b", holds(2), "c", holds(3));
    Decision d = decide(10, null, null, h, Set.of("b", "c"));
    assertThat(d.go()).isFalse();
    assertThat(d.why())
        .isEqualTo(
            "campaign holds its fair share of trunk t1 (3 of 10 channels) while other campaigns"
                + " wait");
    // Below its share, it is served.
    assertThat(decide(10, null, null, Map.of("a", holds(2), "b", holds(2)), Set.of("b")).go())
        .isTrue();
    // Its rivals hold their shares already: the last free channels are the first asker's.
    assertThat(
            decide(10, null, null, Map.of("a", holds(3), "b", holds(3), "c", holds(3)), Set.of("b"))
                .go())
        .isTrue();
  }

  @Test
  void aShareIsAtLeastOneChannel() {
    // Three campaigns on two channels: a campaign with none is always below its share.
    assertThat(decide(2, null, null, Map.of("b", holds(1)), Set.of("b", "c")).go()).isTrue();
    assertThat(decide(2, null, null, Map.of("a", holds(1)), Set.of("b", "c")).go()).isFalse();
  }

  @Test
  void momentsAreSpacedByTheTrunksRateLessItsMargin() {
    assertThat(TrunkShares.spacingUs(10)).isEqualTo(105_000);
    assertThat(TrunkShares.spacingUs(1000)).isEqualTo(1_050);
    assertThat(TrunkShares.spacingUs(0.01)).isEqualTo(105_000_000);
    Decision first = decide(null, 10.0, null, Map.of(), Set.of());
    assertThat(first.go()).isTrue();
    assertThat(first.slotUs()).isEqualTo(NOW);
    assertThat(first.nextSlotUs()).isEqualTo(NOW + 105_000);
    // A moment already handed out ahead: the next one is after it.
    Decision later = decide(null, 10.0, NOW + 300_000, Map.of(), Set.of());
    assertThat(later.slotUs()).isEqualTo(NOW + 300_000);
    assertThat(later.nextSlotUs()).isEqualTo(NOW + 405_000);
    // A trunk idle for a while gives no burst of moments from the past.
    Decision idle = decide(null, 10.0, NOW - 5_000_000, Map.of(), Set.of());
    assertThat(idle.slotUs()).isEqualTo(NOW);
  }

  @Test
  void aCampaignHoldsAtMostTwoMomentsAheadWhileOthersWait() {
    Map<String, Holding> h = Map.of("a", new Holding(2, 2, NOW + 50_000));
    Decision d = decide(null, 5.0, NOW + 400_000, h, Set.of("b"));
    assertThat(d.go()).isFalse();
    assertThat(d.waitMs()).isEqualTo(50);
    assertThat(d.why()).isEqualTo("campaign holds its turn of trunk t1's calls per second");
    // Alone, it may take moments as far ahead as it asks.
    assertThat(decide(null, 5.0, NOW + 400_000, h, Set.of()).go()).isTrue();
    assertThat(
            decide(null, 5.0, NOW + 400_000, Map.of("a", new Holding(1, 1, NOW)), Set.of("b")).go())
        .isTrue();
  }

  @Test
  void bothLimitsApply() {
    assertThat(decide(1, 5.0, null, Map.of("b", holds(1)), Set.of()).go()).isFalse();
    Decision d = decide(2, 5.0, NOW + 10_000, Map.of("b", holds(1)), Set.of());
    assertThat(d.go()).isTrue();
    assertThat(d.slotUs()).isEqualTo(NOW + 10_000);
  }
}
