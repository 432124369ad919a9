package io.outdial.store;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a trunk with limits says to one call that asks to leave through it, from what the trunk's
 * row and its attempts hold at that moment (read by {@link TrunkStore#take} under the trunk's row
 * lock, so that no two calls are given the last channel or the same moment). Pure, so its rules are
 * tested on their own.
 *
 * <ul>
 *   <li>Channels: a trunk of N channels never has more than N calls holding one, across every
 *       campaign. A call holds its channel from the moment it is given to leave until its result is
 *       recorded.
 *   <li>Fair shares: while other campaigns wait for the trunk, a campaign holding its share (N over
 *       the campaigns using or waiting for the trunk, at least 1) waits for them; a campaign alone,
 *       or whose rivals hold their shares already, may use every free channel.
 *   <li>Calls per second: each call is given its own moment, {@link #spacingUs} after the one
 *       before. While other campaigns wait, a campaign holds at most {@link #MOMENTS_AHEAD} moments
 *       not yet come, so the trunk's moments go round the campaigns in turn.
 * </ul>
 */
public final class TrunkShares {
  private TrunkShares() {}

  /**
   * How much narrower than the trunk's own the rate handed out is: a call leaves a few milliseconds
   * after its moment (the ORIGINATE_SENT mark, then the AMI write), so moments spaced exactly 1/cps
   * apart could put one call too many into a second at the PBX. 5% absorbs up to 50 ms of that
   * jitter at any rate.
   */
  static final double RATE_MARGIN = 1.05;

  /** How soon a call refused a channel asks again: channels free up as calls end. */
  public static final long CHANNEL_POLL_MS = 100;

  /** Moments not yet come a campaign may hold while other campaigns wait for the trunk. */
  static final int MOMENTS_AHEAD = 2;

  /**
   * What one campaign holds of a trunk, not counting the call asking: {@code channels} calls
   * holding a channel (sent, or given a moment to leave), of which {@code pending} have a moment
   * still to come, the first at {@code firstPendingUs}.
   */
  public record Holding(int channels, int pending, Long firstPendingUs) {}

  /**
   * The answer: go at {@code slotUs} (by the database's clock; {@code nextSlotUs} is then what the
   * trunk's next moment becomes, null if the trunk has no rate), or wait {@code waitMs} and ask
   * again, for the reason {@code why}.
   */
  public record Decision(boolean go, long slotUs, Long nextSlotUs, long waitMs, String why) {
    static Decision go(long slotUs, Long nextSlotUs) {
      return new Decision(true, slotUs, nextSlotUs, 0, null);
    }

    static Decision waitFor(long waitMs, String why) {
      return new Decision(false, 0, null, waitMs, why);
    }
  }

  /** The gap between two moments for {@code callsPerSecond}, in microseconds (rounded up). */
  public static long spacingUs(double callsPerSecond) {
    return (long) Math.ceil(1_000_000.0 * RATE_MARGIN / callsPerSecond);
  }

  /**
   * Decides for a call of campaign {@code me} on a trunk of {@code maxChannels} channels and {@code
   * callsPerSecond} (either null: no such limit), whose next moment is {@code nextSlotUs} (null:
   * none handed out yet), at {@code nowUs}. {@code holdings}: what each campaign holds of the
   * trunk; {@code waiting}: the other campaigns with calls waiting for it.
   */
  public static Decision decide(
      String trunkName,
      Integer maxChannels,
      Double callsPerSecond,
      Long nextSlotUs,
      long nowUs,
      Map<String, Holding> holdings,
      Set<String> waiting,
      String me) {
    Holding mine = holdings.getOrDefault(me, new Holding(0, 0, null));
    Set<String> rivals = new HashSet<>(waiting);
    holdings.forEach(
        (campaign, h) -> {
          if (h.channels() > 0) {
            rivals.add(campaign);
          }
        });
    rivals.remove(me);
    if (maxChannels != null) {
      int used = holdings.values().stream().mapToInt(Holding::channels).sum();
      if (used >= maxChannels) {
        return Decision.waitFor(
            CHANNEL_POLL_MS,
            "trunk " + trunkName + " has all of its " + maxChannels + " channels in use");
      }
      int share = Math.max(1, maxChannels / (rivals.size() + 1));
      boolean rivalBelowShare =
          waiting.stream()
              .filter(c -> !c.equals(me))
              .anyMatch(c -> holdings.getOrDefault(c, new Holding(0, 0, null)).channels() < share);
      if (mine.channels() >= share && rivalBelowShare) {
        return Decision.waitFor(
            CHANNEL_POLL_MS,
            "campaign holds its fair share of trunk "
                + trunkName
                + " ("
                + share
                + " of "
                + maxChannels
                + " channels) while other campaigns wait");
      }
    }
    if (callsPerSecond == null) {
      return Decision.go(nowUs, null);
    }
    boolean othersWaitForMoments = waiting.stream().anyMatch(c -> !c.equals(me));
    if (othersWaitForMoments && mine.pending() >= MOMENTS_AHEAD && mine.firstPendingUs() != null) {
      return Decision.waitFor(
          Math.max(1, (mine.firstPendingUs() - nowUs + 999) / 1000),
          "campaign holds its turn of trunk " + trunkName + "'s calls per second");
    }
    long slot = nextSlotUs == null ? nowUs : Math.max(nowUs, nextSlotUs);
    return Decision.go(slot, slot + spacingUs(callsPerSecond));
  }
}
