package io.outdial.store;

import io.outdial.store.TrunkShares.Decision;
import io.outdial.store.TrunkShares.Holding;
import io.outdial.workflows.CampaignStatus;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A trunk's limits across campaigns (V6): before a call on a trunk with limits is marked
 * ORIGINATE_SENT, {@link #take} gives it one of the trunk's channels and a moment to leave, or says
 * how long to wait. Every call on the trunk, from any worker, goes through the trunk's row lock, so
 * the channels and moments the rules of {@link TrunkShares} hand out are never handed out twice.
 */
public final class TrunkStore {
  /**
   * How long past its moment a call still RESERVED keeps its channel: its sender marks it sent at
   * its moment, so one still RESERVED well after belongs to a sender that died (its batch's retry
   * asks again).
   */
  static final long HELD_PAST_MOMENT_US = 5_000_000;

  private final Jdbi jdbi;

  TrunkStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * The answer to attempt {@code attemptId} of campaign {@code campaignId} asking to leave through
   * trunk {@code trunkId}: go after {@code waitMs} (its channel and moment are written on the
   * attempt), wait {@code waitMs} and ask again, or {@link Answer.Kind#NOT_RESERVED} when the
   * attempt is no longer RESERVED (sent, settled or given back) or the trunk is gone.
   */
  public record Answer(Kind kind, long waitMs, String why) {
    public enum Kind {
      GO,
      WAIT,
      NOT_RESERVED
    }
  }

  /** Asks trunk {@code trunkId} for a channel and a moment for one attempt; see {@link Answer}. */
  public Answer take(String trunkId, String attemptId, String campaignId) {
    return Sql.retryDeadlocks(
        AttemptStore.DEADLOCK_TRIES,
        () -> jdbi.inTransaction(h -> takeOnce(h, trunkId, attemptId, campaignId)));
  }

  private static Answer takeOnce(Handle h, String trunkId, String attemptId, String campaignId) {
    Optional<Map<String, Object>> trunk =
        h.createQuery(
                """
            SELECT name, max_channels, calls_per_second, next_slot_us
            FROM trunk WHERE id = :t FOR UPDATE""")
            .bind("t", trunkId)
            .mapToMap()
            .findOne();
    if (trunk.isEmpty()) {
      return new Answer(Answer.Kind.NOT_RESERVED, 0, "trunk " + trunkId + " is gone");
    }
    // Read once the lock is held: NOW() is when its statement began, so the locking statement's
    // own would be as old as the wait for the lock.
    long nowUs =
        h.createQuery("SELECT CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)")
            .mapTo(Long.class)
            .one();
    boolean reserved =
        h.createQuery("SELECT COUNT(*) FROM attempt WHERE id = :id AND state = 'RESERVED'")
                .bind("id", attemptId)
                .mapTo(Integer.class)
                .one()
            > 0;
    if (!reserved) {
      return new Answer(Answer.Kind.NOT_RESERVED, 0, "attempt is no longer reserved");
    }
    Map<String, Object> t = trunk.get();
    Map<String, Holding> holdings = new HashMap<>();
    h.createQuery(
            """
        SELECT campaign_id, COUNT(*) AS channels,
          SUM(state = 'RESERVED' AND trunk_slot_us > :now) AS pending,
          MIN(CASE WHEN state = 'RESERVED' AND trunk_slot_us > :now THEN trunk_slot_us END)
            AS first_pending
        FROM attempt
        WHERE trunk_id = :t AND id <> :me
          AND ((state = 'ORIGINATE_SENT' AND call_ended_at IS NULL)
            OR (state = 'RESERVED' AND trunk_slot_us >= :heldFrom))
        GROUP BY campaign_id""")
        .bind("t", trunkId)
        .bind("me", attemptId)
        .bind("now", nowUs)
        .bind("heldFrom", nowUs - HELD_PAST_MOMENT_US)
        .mapToMap()
        .forEach(
            r ->
                holdings.put(
                    (String) r.get("campaign_id"),
                    new Holding(
                        ((Number) r.get("channels")).intValue(),
                        ((Number) r.get("pending")).intValue(),
                        r.get("first_pending") == null
                            ? null
                            : ((Number) r.get("first_pending")).longValue())));
    // The other campaigns on this trunk that dial and have calls not yet given a moment.
    Set<String> waiting =
        new HashSet<>(
            h.createQuery(
                    """
                SELECT c.id FROM campaign c JOIN plan p ON p.id = c.plan_id
                WHERE p.trunk_id = :t AND c.status = :start AND c.id <> :c
                  AND EXISTS (SELECT 1 FROM attempt a WHERE a.campaign_id = c.id
                    AND a.state = 'RESERVED' AND a.trunk_slot_us IS NULL)""")
                .bind("t", trunkId)
                .bind("c", campaignId)
                .bind("start", CampaignStatus.START.code())
                .mapTo(String.class)
                .list());
    Decision d =
        TrunkShares.decide(
            (String) t.get("name"),
            t.get("max_channels") == null ? null : ((Number) t.get("max_channels")).intValue(),
            t.get("calls_per_second") == null
                ? null
                : ((Number) t.get("calls_per_second")).doubleValue(),
            t.get("next_slot_us") == null ? null : ((Number) t.get("next_slot_us")).longValue(),
            nowUs,
            holdings,
            waiting,
            campaignId);
    if (!d.go()) {
      return new Answer(Answer.Kind.WAIT, d.waitMs(), d.why());
    }
    int taken =
        h.createUpdate(
                """
            UPDATE attempt SET trunk_id = :t, trunk_slot_us = :slot
            WHERE id = :id AND state = 'RESERVED'""")
            .bind("t", trunkId)
            .bind("slot", d.slotUs())
            .bind("id", attemptId)
            .execute();
    if (taken == 0) {
      return new Answer(Answer.Kind.NOT_RESERVED, 0, "attempt is no longer reserved");
    }
    if (d.nextSlotUs() != null) {
      h.createUpdate("UPDATE trunk SET next_slot_us = :n WHERE id = :t")
          .bind("n", d.nextSlotUs())
          .bind("t", trunkId)
          .execute();
    }
    return new Answer(Answer.Kind.GO, Math.max(0, (d.slotUs() - nowUs + 999) / 1000), null);
  }
}
