package io.outdial.activities;

import io.outdial.store.PbxStore.TrunkRow;
import io.outdial.store.TrunkShares;
import io.outdial.store.TrunkStore;
import io.outdial.store.TrunkStore.Answer;
import io.outdial.workflows.AttemptInput;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Holds a call on a trunk with limits ({@code maxChannels}, {@code callsPerSecond}) until the trunk
 * gives it a channel and its moment to leave ({@link TrunkStore#take}, across every campaign and
 * worker), while its campaign still dials, its calling window is open and its batch has time left.
 *
 * <p>Within one worker, the calls of one campaign on one trunk ask one at a time while the trunk
 * refuses them (a fair lock): a full trunk is asked about ten times a second per campaign and
 * worker, not once per waiting call.
 */
final class TrunkGate {
  /** Longest sleep between two heartbeats and two looks at the campaign. */
  static final long STEP_MS = 250;

  private final TrunkStore trunks;
  private final ConcurrentHashMap<String, ReentrantLock> askers = new ConcurrentHashMap<>();

  TrunkGate(TrunkStore trunks) {
    this.trunks = trunks;
  }

  /**
   * What a call waits with: {@code beat} heartbeats its activity, {@code dialing} says whether its
   * campaign still dials, and it gives up at {@code giveUpAtMs} (its batch's time is running out).
   */
  record Hold(Runnable beat, BooleanSupplier dialing, long giveUpAtMs) {}

  enum Outcome {
    /** Its channel and moment are written on the attempt, and the moment has come. */
    GO,
    /** The attempt is no longer RESERVED, or the trunk is gone. */
    NOT_RESERVED,
    /** The campaign stopped dialing, or the call's calling window closed. */
    NOT_DIALING,
    /** The trunk did not give it a channel before {@code giveUpAtMs}. */
    GAVE_UP
  }

  record Passage(Outcome outcome, String why) {}

  /** Whether calls through {@code trunk} go through the gate. */
  static boolean limits(TrunkRow trunk) {
    return trunk != null && (trunk.maxChannels() != null || trunk.callsPerSecond() != null);
  }

  /** Holds call {@code in} until trunk {@code trunk} lets it go; see {@link Outcome}. */
  Passage pass(TrunkRow trunk, AttemptInput in, Hold hold) {
    ReentrantLock asking =
        askers.computeIfAbsent(trunk.id() + "/" + in.campaignId(), k -> new ReentrantLock(true));
    String why = "trunk " + trunk.name() + " is busy";
    while (true) {
      Passage p = passOnce(trunk, in, hold, asking, why);
      if (p.outcome() != null) {
        return p;
      }
      // Woken too late for its moment (a pause of this process): leaving now could put two calls
      // closer than the trunk's rate allows, so it asks for a new moment.
      why = p.why();
    }
  }

  /**
   * How late past its moment a call may still leave: with {@code RATE_MARGIN} of 5%, moments stay
   * far enough apart at the PBX while a call leaves within 50 ms of its moment (this, then the
   * ORIGINATE_SENT mark and the AMI write).
   */
  static final long LATE_MS = 20;

  /** One round of {@link #pass}: an outcome, or a null outcome when woken too late. */
  private Passage passOnce(
      TrunkRow trunk, AttemptInput in, Hold hold, ReentrantLock asking, String why) {
    long goAtMs;
    long momentAtMs;
    while (true) {
      Passage stop = stopped(in, hold, why);
      if (stop != null) {
        return stop;
      }
      try {
        if (!asking.tryLock(STEP_MS, TimeUnit.MILLISECONDS)) {
          hold.beat().run();
          continue;
        }
      } catch (InterruptedException e) {
        throw interrupted();
      }
      try {
        long askedAtMs = System.currentTimeMillis();
        Answer a = trunks.take(trunk.id(), in.attemptId(), in.campaignId());
        if (a.kind() == Answer.Kind.NOT_RESERVED) {
          return new Passage(Outcome.NOT_RESERVED, a.why());
        }
        if (a.kind() == Answer.Kind.GO) {
          // The moment is waitMs after the database's clock was read, somewhere between asking
          // and the answer: it is waited for from the answer (never early), and lateness is
          // counted from the asking (never underestimated).
          goAtMs = System.currentTimeMillis() + a.waitMs();
          momentAtMs = askedAtMs + a.waitMs();
          break;
        }
        why = a.why();
        sleep(Math.min(a.waitMs(), STEP_MS));
      } finally {
        asking.unlock();
      }
      hold.beat().run();
    }
    // Given its moment: the next call of the campaign may ask now, while this one waits for it.
    for (long left = goAtMs - System.currentTimeMillis();
        left > 0;
        left = goAtMs - System.currentTimeMillis()) {
      sleep(Math.min(left, STEP_MS));
      hold.beat().run();
    }
    if (System.currentTimeMillis() - momentAtMs > LATE_MS) {
      return new Passage(null, why);
    }
    return new Passage(Outcome.GO, null);
  }

  /**
   * This worker's sends through one trunk with a rate: one at a time, each at least the trunk's
   * spacing after the one before by this worker's clock. Moments come from the database for every
   * worker, but a call that is slow between its moment and the PBX (a cold first call, a pause)
   * would otherwise bring the next call too close to it.
   */
  static final class Spacing {
    private final ReentrantLock sending = new ReentrantLock(true);
    private final long gapNanos;
    private long lastSentNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    Spacing(double callsPerSecond) {
      this.gapNanos = TrunkShares.spacingUs(callsPerSecond) * 1000;
    }

    /** Waits for this worker's previous send through the trunk, and its gap after it. */
    void acquire() {
      sending.lock();
      try {
        for (long left = lastSentNanos + gapNanos - System.nanoTime();
            left > 0;
            left = lastSentNanos + gapNanos - System.nanoTime()) {
          TimeUnit.NANOSECONDS.sleep(left);
        }
      } catch (InterruptedException e) {
        sending.unlock();
        throw interrupted();
      }
    }

    /** The call has been written to the PBX (or not sent at all). */
    void release(boolean sent) {
      if (sent) {
        lastSentNanos = System.nanoTime();
      }
      sending.unlock();
    }
  }

  private final ConcurrentHashMap<String, Spacing> spacings = new ConcurrentHashMap<>();

  /** This worker's spacing of sends through {@code trunk}; null when it has no rate. */
  Spacing spacing(TrunkRow trunk) {
    if (trunk == null || trunk.callsPerSecond() == null) {
      return null;
    }
    return spacings.compute(
        trunk.id(),
        (id, s) ->
            s != null && s.gapNanos == TrunkShares.spacingUs(trunk.callsPerSecond()) * 1000
                ? s
                : new Spacing(trunk.callsPerSecond()));
  }

  private static Passage stopped(AttemptInput in, Hold hold, String why) {
    long now = System.currentTimeMillis();
    if (in.sendBeforeMs() != null && now >= in.sendBeforeMs()) {
      return new Passage(Outcome.NOT_DIALING, "calling window closed before this originate left");
    }
    if (now >= hold.giveUpAtMs()) {
      return new Passage(Outcome.GAVE_UP, why);
    }
    if (!hold.dialing().getAsBoolean()) {
      return new Passage(
          Outcome.NOT_DIALING, "campaign stopped dialing before this originate left");
    }
    return null;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw interrupted();
    }
  }

  private static ApplicationFailure interrupted() {
    Thread.currentThread().interrupt();
    return ApplicationFailure.newFailure(
        "interrupted while waiting for a trunk's channel", "Interrupted");
  }
}
