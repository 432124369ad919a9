package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import io.outdial.store.Rows.ResultFilter;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Rows.Runs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The results of dial attempts, one row each, never changed once written ({@link
 * AttemptStore#settle} writes them).
 */
public final class ResultStore {
  private final Jdbi jdbi;

  ResultStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public List<ResultRow> resultsOfCampaign(String campaignId, int offset, int limit) {
    return findResults(new ResultFilter(campaignId, null, null, null, null, null), offset, limit);
  }

  public Optional<ResultRow> findResult(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM result WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> result(rs))
                .findOne());
  }

  /** The one result row of an attempt, once it has settled. */
  public Optional<ResultRow> findResultOfAttempt(String attemptId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM result WHERE attempt_id = :a")
                .bind("a", attemptId)
                .map((rs, ctx) -> result(rs))
                .findFirst());
  }

  /** A page of results matching every filter that is set, oldest first. */
  public List<ResultRow> findResults(ResultFilter f, int offset, int limit) {
    return findResults(f, null, offset, limit);
  }

  /**
   * The next {@code limit} results matching {@code f} after {@code after} (in the order of {@link
   * #findResults}: oldest first), for reading every result of a filter page by page without an
   * offset that grows (an export): each page costs the same however far in it is.
   */
  public List<ResultRow> findResultsAfter(ResultFilter f, ResultRow after, int limit) {
    return findResults(f, after, 0, limit);
  }

  private List<ResultRow> findResults(ResultFilter f, ResultRow after, int offset, int limit) {
    StringBuilder where = new StringBuilder("1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (f.campaignId() != null) {
      where.append(" AND campaign_id = :campaign");
      params.put("campaign", f.campaignId());
    }
    if (f.entryId() != null) {
      where.append(" AND entry_id = :entry");
      params.put("entry", f.entryId());
    }
    if (f.resDial() != null) {
      where.append(" AND res_dial = :resDial");
      params.put("resDial", f.resDial());
    }
    if (f.resHangup() != null) {
      where.append(" AND res_hangup = :resHangup");
      params.put("resHangup", f.resHangup());
    }
    if (f.from() != null) {
      where.append(" AND created_at >= :from");
      params.put("from", ts(f.from()));
    }
    if (f.to() != null) {
      where.append(" AND created_at < :to");
      params.put("to", ts(f.to()));
    }
    if (after != null) {
      where.append(" AND (created_at > :afterAt OR (created_at = :afterAt AND id > :afterId))");
      params.put("afterAt", ts(after.createdAt()));
      params.put("afterId", after.id());
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM result WHERE "
                        + where
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bindMap(params)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> result(rs))
                .list());
  }

  /** Writes a result row on {@code h}, inside the caller's transaction. */
  /**
   * Inserts a result; the workflow and run that originated it come from its attempt's row (written
   * with its ORIGINATE_SENT mark), the run that recorded it from {@code r.runs()}.
   */
  static final String INSERT =
      """
      INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status,
        status_trail, res_dial, res_hangup, res_hangup_text, detail, channel, number,
        number_index, try_count, snapshot, dialed_at, hangup_at, created_at,
        workflow_id, originate_run_id, record_run_id)
      SELECT :id, :attemptId, :campaignId, :entryId, :dialingStatus, :statusTrail,
        :resDial, :resHangup, :resHangupText, :detail, :channel, :number, :numberIndex,
        :tryCount, :snapshot, :dialed, :hangup, :created,
        a.workflow_id, a.originate_run_id, :recordRunId
      FROM (SELECT 1) one LEFT JOIN attempt a ON a.id = :attemptId""";

  /**
   * Adds the results {@code inserted} (rows just inserted on {@code h}, inside its transaction) to
   * their campaigns' tallies. The rows are taken in key order, so that two transactions adding to
   * the same campaign wait for each other instead of deadlocking.
   */
  static void addToTally(Handle h, List<ResultRow> inserted) {
    java.util.SortedMap<String, java.util.SortedMap<Integer, Long>> byCampaign =
        new java.util.TreeMap<>();
    for (ResultRow r : inserted) {
      byCampaign
          .computeIfAbsent(r.campaignId(), c -> new java.util.TreeMap<>())
          .merge(r.resDial(), 1L, Long::sum);
    }
    if (byCampaign.isEmpty()) {
      return;
    }
    org.jdbi.v3.core.statement.PreparedBatch add = h.prepareBatch(ADD_TO_TALLY);
    byCampaign.forEach(
        (campaign, counts) ->
            counts.forEach(
                (resDial, n) ->
                    add.bind("c", campaign).bind("resDial", resDial).bind("n", n).add()));
    add.execute();
  }

  private static final String ADD_TO_TALLY =
      """
      INSERT INTO campaign_tally (campaign_id, res_dial, n) VALUES (:c, :resDial, :n)
      ON DUPLICATE KEY UPDATE n = n + :n""";

  /** A campaign's result rows by dial result, from its tally (a few rows, whatever its size). */
  public Map<Integer, Long> tally(String campaignId) {
    return jdbi.withHandle(h -> tally(h, campaignId));
  }

  static Map<Integer, Long> tally(Handle h, String campaignId) {
    Map<Integer, Long> t = new java.util.TreeMap<>();
    h.createQuery("SELECT res_dial, n FROM campaign_tally WHERE campaign_id = :c")
        .bind("c", campaignId)
        .map((rs, ctx) -> Map.entry(rs.getInt("res_dial"), rs.getLong("n")))
        .forEach(e -> t.put(e.getKey(), e.getValue()));
    return t;
  }

  static void insert(Handle h, ResultRow r) {
    bindInsert(h.createUpdate(INSERT), r).execute();
  }

  /** {@link #INSERT}'s values of {@code r}, on a statement or a batch. */
  static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindInsert(T s, ResultRow r) {
    return s.bindMethods(r)
        .bind("dialed", ts(r.dialedAt()))
        .bind("hangup", ts(r.hangupAt()))
        .bind("created", ts(r.createdAt()))
        .bind("recordRunId", r.runs() == null ? null : r.runs().recordRunId());
  }

  static ResultRow result(ResultSet rs) throws SQLException {
    return new ResultRow(
        rs.getString("id"),
        rs.getString("attempt_id"),
        rs.getString("campaign_id"),
        rs.getString("entry_id"),
        rs.getInt("dialing_status"),
        rs.getString("status_trail"),
        rs.getInt("res_dial"),
        rs.getInt("res_hangup"),
        rs.getString("res_hangup_text"),
        rs.getString("detail"),
        rs.getString("channel"),
        rs.getString("number"),
        rs.getInt("number_index"),
        rs.getInt("try_count"),
        rs.getString("snapshot"),
        instant(rs, "dialed_at"),
        instant(rs, "hangup_at"),
        instant(rs, "created_at"),
        new Runs(
            rs.getString("workflow_id"),
            rs.getString("originate_run_id"),
            rs.getString("record_run_id")));
  }
}
