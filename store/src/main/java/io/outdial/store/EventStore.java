package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import io.outdial.store.Rows.ResultRow;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The campaigns' events (V8's campaign_event), in the order of their seq: each result recorded and
 * each change of a campaign's status, written in the transaction that makes them. The api-server's
 * feed streams them ({@code GET /v1/events}).
 */
public final class EventStore {
  public static final String RESULT = "result";
  public static final String STATUS = "status";

  private final Jdbi jdbi;

  EventStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One event: a result (with its row) or a status change (with the status and its reason).
   *
   * @param result the result row of a result event, null for a status event
   */
  public record EventRow(
      long seq,
      String campaignId,
      String kind,
      Integer status,
      String reason,
      Instant createdAt,
      ResultRow result) {}

  /** Adds an event per result in {@code inserted}, on {@code h} inside its transaction. */
  static void addResults(Handle h, List<ResultRow> inserted) {
    if (inserted.isEmpty()) {
      return;
    }
    PreparedBatch b =
        h.prepareBatch(
            "INSERT INTO campaign_event (campaign_id, kind, result_id, created_at)"
                + " VALUES (:c, :kind, :r, :at)");
    for (ResultRow r : inserted) {
      b.bind("c", r.campaignId())
          .bind("kind", RESULT)
          .bind("r", r.id())
          .bind("at", ts(r.createdAt()))
          .add();
    }
    b.execute();
  }

  /** Adds a status event, on {@code h} inside its transaction. */
  static void addStatus(Handle h, String campaignId, int status, String reason, Instant at) {
    h.createUpdate(
            "INSERT INTO campaign_event (campaign_id, kind, status, reason, created_at)"
                + " VALUES (:c, :kind, :status, :reason, :at)")
        .bind("c", campaignId)
        .bind("kind", STATUS)
        .bind("status", status)
        .bind("reason", reason)
        .bind("at", ts(at))
        .execute();
  }

  /** Up to {@code limit} events after {@code seq}, in seq order, results with their rows. */
  public List<EventRow> eventsAfter(long seq, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                SELECT e.seq, e.kind, e.campaign_id AS e_campaign_id, e.status AS e_status,
                  e.reason AS e_reason, e.created_at AS e_created_at, r.*
                FROM campaign_event e LEFT JOIN result r ON r.id = e.result_id
                WHERE e.seq > :seq ORDER BY e.seq LIMIT :limit""")
                .bind("seq", seq)
                .bind("limit", limit)
                .map(
                    (rs, ctx) -> {
                      String kind = rs.getString("kind");
                      int status = rs.getInt("e_status");
                      boolean hasStatus = !rs.wasNull();
                      ResultRow result =
                          RESULT.equals(kind) && rs.getString("id") != null
                              ? ResultStore.result(rs)
                              : null;
                      return new EventRow(
                          rs.getLong("seq"),
                          rs.getString("e_campaign_id"),
                          kind,
                          hasStatus ? status : null,
                          rs.getString("e_reason"),
                          instant(rs, "e_created_at"),
                          result);
                    })
                .list());
  }

  /** The newest event's seq, 0 when there is none. */
  public long lastSeq() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM campaign_event")
                .mapTo(Long.class)
                .one());
  }

  /** The oldest event's seq still kept, 0 when there is none. */
  public long firstSeq() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COALESCE(MIN(seq), 0) FROM campaign_event")
                .mapTo(Long.class)
                .one());
  }

  /** The step between two seqs the database hands out (auto_increment_increment, 1 by default). */
  public int seqStep() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT @@auto_increment_increment").mapTo(Integer.class).one());
  }

  /** Deletes up to {@code limit} events made before {@code before}; answers how many. */
  public int purgeBefore(Instant before, int limit) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM campaign_event WHERE created_at < :t ORDER BY seq LIMIT :n")
                .bind("t", ts(before))
                .bind("n", limit)
                .execute());
  }
}
