package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import io.outdial.store.Eligibility.Dialing;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.ResultRow;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Dial attempts, from their reservation to their one result: RESERVED (the entry's try is counted),
 * ORIGINATE_SENT (the call may have left), SETTLED (the result row is written). Each step is one
 * transaction, and each can be repeated by a retried activity without effect.
 */
public final class AttemptStore {
  private final Jdbi jdbi;

  AttemptStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An attempt reserved for dialing: the entry's try on one number is already counted. */
  public record Reservation(
      String attemptId, String entryId, int numberIndex, String number, int tryCount) {}

  /**
   * Reserves up to {@code limit} attempts for a campaign, atomically: picks eligible entries
   * (fewest tries first, retry delay passed, a number with tries left, not answered), counts the
   * try and inserts the attempt rows. Calling it again with the same {@code reservationKey} returns
   * what the first call reserved, so a retried activity never reserves twice.
   */
  public List<Reservation> reserveAttempts(
      String campaignId, String reservationKey, int limit, Instant now) {
    return reserveAttempts(campaignId, reservationKey, limit, now, null);
  }

  /**
   * As {@link #reserveAttempts(String, String, int, Instant)}; when {@code openZones} is not null,
   * an entry with a time zone is only taken when its zone is in the list (recipient-local calling
   * windows).
   */
  public List<Reservation> reserveAttempts(
      String campaignId, String reservationKey, int limit, Instant now, List<String> openZones) {
    // Reservations side by side may deadlock in InnoDB (each moves its entries' index records into
    // ranges the other's scan locked): the loser's transaction is rolled back whole, so it is run
    // again at once, a few times, instead of failing the activity into its retry delay.
    Reserved r =
        Sql.retryDeadlocks(
            DEADLOCK_TRIES, () -> reserveOnce(campaignId, reservationKey, limit, now, openZones));
    tellSettled(r.heldBack());
    return r.reservations();
  }

  /** What a reservation made: the attempts to dial, and the results of those held back. */
  private record Reserved(List<Reservation> reservations, List<ResultRow> heldBack) {}

  /** How often {@link #reserveAttempts} runs a reservation that deadlocked. */
  static final int DEADLOCK_TRIES = 5;

  private Reserved reserveOnce(
      String campaignId, String reservationKey, int limit, Instant now, List<String> openZones) {
    return jdbi.inTransaction(
        h -> {
          List<Reservation> existing =
              h.createQuery(
                      """
              SELECT id, entry_id, number_index, number, try_count FROM attempt
              WHERE reservation_key = :k AND campaign_id = :c ORDER BY id""")
                  .bind("k", reservationKey)
                  .bind("c", campaignId)
                  .map(
                      (rs, ctx) ->
                          new Reservation(
                              rs.getString("id"),
                              rs.getString("entry_id"),
                              rs.getInt("number_index"),
                              rs.getString("number"),
                              rs.getInt("try_count")))
                  .list();
          if (!existing.isEmpty() || limit <= 0) {
            return new Reserved(existing, List.of());
          }
          Dialing d = Dialing.require(h, campaignId);
          String zoneFilter =
              openZones == null
                  ? ""
                  : openZones.isEmpty()
                      ? " AND timezone IS NULL"
                      : " AND (timezone IS NULL OR timezone IN (<zones>))";
          var query =
              h.createQuery(
                      "SELECT * FROM dl_entry WHERE "
                          + Eligibility.eligibleWhere()
                          + zoneFilter
                          + " ORDER BY total_tries, seq LIMIT :limit"
                          + " FOR UPDATE SKIP LOCKED")
                  .bindMap(d.params(now))
                  .bind("limit", limit);
          if (openZones != null && !openZones.isEmpty()) {
            query.bindList("zones", openZones);
          }
          List<EntryRow> picked = query.map((rs, ctx) -> EntryStore.entry(rs)).list();
          // Numbers on a do-not-call list that applies to the campaign are held back here (and
          // looked up again immediately before their originate): each gets its result now, its
          // slot no more tries, and the entry's next number, if any, is reserved instead.
          List<DncStore.Applying> dncLists = DncStore.applying(h, campaignId);
          Map<String, DncStore.Hit> blocked =
              dncLists.isEmpty()
                  ? Map.of()
                  : DncStore.blocked(h, dncLists, numbersLeft(picked, d.plan().maxRetry()));
          List<ResultRow> heldBack = new ArrayList<>();
          // The picked entries and their attempts in one batch per statement (a JDBC batch, which
          // rewriteBatchedStatements sends as one round trip), not two statements per entry: a
          // paced campaign reserves two seconds of calls at once.
          List<Reservation> reserved = new ArrayList<>();
          Map<Integer, PreparedBatch> updates = new java.util.TreeMap<>();
          PreparedBatch inserts =
              h.prepareBatch(
                  """
              INSERT INTO attempt (id, campaign_id, entry_id, reservation_key, number_index,
                number, try_count, state, created_at)
              VALUES (:id, :c, :e, :k, :idx, :number, :tries, 'RESERVED', :now)""");
          for (EntryRow e : picked) {
            int slot = Eligibility.nextNumberSlot(e, d.plan().maxRetry());
            while (slot >= 0 && blocked.containsKey(e.numbers().get(slot))) {
              heldBack.add(
                  holdBack(h, d, e, slot, reservationKey, blocked.get(e.numbers().get(slot)), now));
              e = withSlotDone(e, slot, d.plan().maxRetry().get(slot));
              slot = Eligibility.nextNumberSlot(e, d.plan().maxRetry());
            }
            if (slot < 0) {
              continue;
            }
            int tryCount = e.tryCounts().get(slot) + 1;
            String col = "try_count" + (slot + 1);
            updates
                .computeIfAbsent(
                    slot,
                    k ->
                        h.prepareBatch(
                            "UPDATE dl_entry SET status = "
                                + EntryRow.STATUS_RESERVED
                                + ", "
                                + col
                                + " = "
                                + col
                                + " + 1, total_tries = total_tries + 1, last_dial_at = :now,"
                                + " updated_at = :now WHERE id = :id"))
                .bind("id", e.id())
                .bind("now", ts(now))
                .add();
            String attemptId = UUID.randomUUID().toString();
            inserts
                .bind("id", attemptId)
                .bind("c", campaignId)
                .bind("e", e.id())
                .bind("k", reservationKey)
                .bind("idx", slot + 1)
                .bind("number", e.numbers().get(slot))
                .bind("tries", tryCount)
                .bind("now", ts(now))
                .add();
            reserved.add(
                new Reservation(attemptId, e.id(), slot + 1, e.numbers().get(slot), tryCount));
          }
          for (var batch : updates.values()) {
            batch.execute();
          }
          if (!reserved.isEmpty()) {
            inserts.execute();
          }
          return new Reserved(reserved, heldBack);
        });
  }

  /** The numbers of {@code entries} whose slots have tries left: those a reservation may take. */
  private static List<String> numbersLeft(List<EntryRow> entries, List<Integer> maxRetry) {
    List<String> out = new ArrayList<>();
    for (EntryRow e : entries) {
      for (int i = 0; i < e.numbers().size(); i++) {
        if (!e.numbers().get(i).isEmpty() && e.tryCounts().get(i) < maxRetry.get(i)) {
          out.add(e.numbers().get(i));
        }
      }
    }
    return out;
  }

  /** {@code e} with slot {@code slot}'s tries at {@code max}: as the held-back write leaves it. */
  private static EntryRow withSlotDone(EntryRow e, int slot, int max) {
    List<Integer> tries = new ArrayList<>(e.tryCounts());
    tries.set(slot, Math.max(tries.get(slot), max));
    return new EntryRow(
        e.id(),
        e.dlmaId(),
        e.name(),
        e.detail(),
        e.numbers(),
        e.email(),
        e.ukey(),
        e.variables(),
        e.timezone(),
        e.status(),
        List.copyOf(tries),
        e.resDial(),
        e.resHangup(),
        e.lastDialAt(),
        e.lastHangupAt());
  }

  /**
   * Holds back slot {@code slot} of entry {@code e}, on a do-not-call list: an attempt settled at
   * once (its reservation key marked, so that a retried reservation does not hand it out), its
   * ERROR result naming the list, the slot's tries at the plan's most, counted under {@link
   * DncStore#RULE}; all on {@code h}, in the reservation's transaction.
   */
  private static ResultRow holdBack(
      Handle h,
      Dialing d,
      EntryRow e,
      int slot,
      String reservationKey,
      DncStore.Hit hit,
      Instant now) {
    String attemptId = UUID.randomUUID().toString();
    int tryCount = e.tryCounts().get(slot) + 1;
    int error = DialingStatus.ERROR.code();
    h.createUpdate(
            """
        INSERT INTO attempt (id, campaign_id, entry_id, reservation_key, number_index, number,
          try_count, state, dialing_status, created_at, settled_at)
        VALUES (:id, :c, :e, :k, :idx, :number, :tries, 'SETTLED', :ds, :now, :now)""")
        .bind("id", attemptId)
        .bind("c", d.campaign().id())
        .bind("e", e.id())
        .bind("k", reservationKey + HELD_BACK_KEY)
        .bind("idx", slot + 1)
        .bind("number", e.numbers().get(slot))
        .bind("tries", tryCount)
        .bind("ds", error)
        .bind("now", ts(now))
        .execute();
    Map<String, Object> snapshot = new java.util.LinkedHashMap<>();
    snapshot.put("campaign", d.campaign());
    snapshot.put("plan", d.plan());
    snapshot.put("entry", e);
    snapshot.put("doNotCall", Map.of("listId", hit.listId(), "listName", hit.listName()));
    ResultRow r =
        new ResultRow(
            UUID.randomUUID().toString(),
            attemptId,
            d.campaign().id(),
            e.id(),
            error,
            Json.write(
                List.of(
                    new io.outdial.workflows.StatusChange(
                        error, now.toEpochMilli(), "do-not-call list " + hit.listName()))),
            io.outdial.workflows.DialResult.FAILED.code(),
            0,
            null,
            Column.RESULT_DETAIL.cut(
                "not dialed: the number is on the do-not-call list " + hit.listName()),
            null,
            e.numbers().get(slot),
            slot + 1,
            tryCount,
            Json.write(snapshot),
            null,
            null,
            now);
    ResultStore.insert(h, r);
    String col = "try_count" + (slot + 1);
    h.createUpdate(
            "UPDATE dl_entry SET "
                + col
                + " = GREATEST("
                + col
                + ", :max), total_tries = total_tries + 1, updated_at = :now WHERE id = :id")
        .bind("max", d.plan().maxRetry().get(slot))
        .bind("now", ts(now))
        .bind("id", e.id())
        .execute();
    ResultStore.addToTally(h, List.of(r));
    EventStore.addResults(h, List.of(r));
    countHeldBack(h, d.campaign().id(), DncStore.RULE);
    return r;
  }

  /** Marks the reservation key of an attempt held back when it was reserved. */
  static final String HELD_BACK_KEY = "/held";

  private static void countHeldBack(Handle h, String campaignId, String rule) {
    h.createUpdate(
            "INSERT INTO campaign_held (campaign_id, rule, n) VALUES (:c, :rule, 1)"
                + " ON DUPLICATE KEY UPDATE n = n + 1")
        .bind("c", campaignId)
        .bind("rule", rule)
        .execute();
  }

  /**
   * Gives back attempts that were reserved but will not be dialed: the attempt rows go and the
   * entries' try counts are restored. Attempts whose originate may have left are kept.
   */
  public int releaseAttempts(List<String> attemptIds) {
    if (attemptIds.isEmpty()) {
      return 0;
    }
    return jdbi.inTransaction(
        h -> {
          int released = 0;
          for (String id : attemptIds) {
            Optional<Map<String, Object>> a =
                h.createQuery(
                        "SELECT entry_id, number_index FROM attempt WHERE id = :id AND state = 'RESERVED'"
                            + " FOR UPDATE")
                    .bind("id", id)
                    .mapToMap()
                    .findOne();
            if (a.isEmpty()) {
              continue;
            }
            String col = "try_count" + ((Number) a.get().get("number_index")).intValue();
            h.createUpdate(
                    "UPDATE dl_entry SET status = :idle, "
                        + col
                        + " = "
                        + col
                        + " - 1,"
                        + " total_tries = total_tries - 1, updated_at = :now WHERE id = :e")
                .bind("e", a.get().get("entry_id"))
                .bind("idle", EntryRow.STATUS_IDLE)
                .bind("now", ts(Instant.now()))
                .execute();
            h.createUpdate("DELETE FROM attempt WHERE id = :id").bind("id", id).execute();
            released++;
          }
          return released;
        });
  }

  /** The distinct time zones of the list's entries that may still be dialed. */
  public List<String> openEntryTimezones(String campaignId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT DISTINCT timezone FROM dl_entry WHERE "
                        + Eligibility.openWhere()
                        + " AND timezone IS NOT NULL ORDER BY timezone")
                .bindMap(Dialing.require(h, campaignId).params(Instant.now()))
                .mapTo(String.class)
                .list());
  }

  /**
   * What is left of a campaign's list: entries idle and eligible now, entries that will be eligible
   * later (and when the first of them will be), and attempts in flight.
   */
  public record ListProgress(long eligibleNow, long waiting, Instant nextRetryAt, long inFlight) {
    public boolean finished() {
      return eligibleNow == 0 && waiting == 0 && inFlight == 0;
    }
  }

  public ListProgress listProgress(String campaignId, Instant now) {
    return jdbi.withHandle(
        h -> {
          Map<String, Object> params = Dialing.require(h, campaignId).params(now);
          long eligible =
              h.createQuery("SELECT COUNT(*) FROM dl_entry WHERE " + Eligibility.eligibleWhere())
                  .bindMap(params)
                  .mapTo(Long.class)
                  .one();
          record Waiting(long count, Instant next) {}
          Waiting w =
              h.createQuery(
                      "SELECT COUNT(*) AS n, MIN(next_try_at) AS next FROM dl_entry"
                          + " WHERE "
                          + Eligibility.openWhere()
                          + " AND status = "
                          + EntryRow.STATUS_IDLE
                          + " AND next_try_at > :now")
                  .bindMap(params)
                  .map((rs, ctx) -> new Waiting(rs.getLong("n"), instant(rs, "next")))
                  .one();
          return new ListProgress(eligible, w.count(), w.next(), countInFlight(h, campaignId));
        });
  }

  /** How many of a campaign's attempts are not settled. */
  static long countInFlight(Handle h, String campaignId) {
    return h.createQuery(
            "SELECT COUNT(*) FROM attempt WHERE campaign_id = :c AND state <> 'SETTLED'")
        .bind("c", campaignId)
        .mapTo(Long.class)
        .one();
  }

  public Optional<AttemptRow> findAttempt(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM attempt WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> attempt(rs))
                .findOne());
  }

  /** The attempts of these ids that exist, by id, in one query. */
  public Map<String, AttemptRow> findAttempts(java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h
                .createQuery("SELECT * FROM attempt WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> attempt(rs))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(AttemptRow::id, a -> a)));
  }

  /** Progress of many calls ({@link #saveProgress}) in one transaction. */
  public void saveProgressAll(List<Progress> saves) {
    if (saves.isEmpty()) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          var batch =
              h.prepareBatch(
                  """
          UPDATE attempt SET dialing_status = :s, progress = :p, progress_version = :v
          WHERE id = :id AND state = 'ORIGINATE_SENT' AND progress_version < :v""");
          for (Progress p : saves) {
            batch
                .bind("id", p.attemptId())
                .bind("s", p.dialingStatus())
                .bind("p", p.json())
                .bind("v", p.version())
                .add();
          }
          batch.execute();
        });
  }

  /**
   * Notes that the calls of these attempts have ended (every channel hung up), ahead of their
   * results: a call on a trunk with limits gives its channel back here, not when its result is
   * recorded (the lane records a batch's results once the batch has been sent, and a batch may wait
   * for channels its own ended calls hold). Only attempts on a trunk are written.
   */
  public void markCallsEnded(List<String> attemptIds) {
    if (attemptIds.isEmpty()) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
            UPDATE attempt SET call_ended_at = NOW(3)
            WHERE id IN (<ids>) AND trunk_id IS NOT NULL AND state = 'ORIGINATE_SENT'
              AND call_ended_at IS NULL""")
                .bindList("ids", attemptIds)
                .execute());
  }

  /** One call's progress to save. */
  public record Progress(String attemptId, int dialingStatus, String json, long version) {}

  /** Attempts whose originate may have left to this PBX and that are not settled yet. */
  public List<AttemptRow> attemptsInFlight(String pbx) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM attempt WHERE pbx = :pbx AND state = 'ORIGINATE_SENT'"
                        + " ORDER BY created_at")
                .bind("pbx", pbx)
                .map((rs, ctx) -> attempt(rs))
                .list());
  }

  /** Calls in flight (attempts ORIGINATE_SENT) of one campaign on one PBX. */
  public record InFlight(String campaignId, String pbx, long calls) {}

  /** Every campaign's calls in flight, by PBX (the api-server's metrics). */
  public List<InFlight> inFlightByCampaignAndPbx() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT campaign_id, pbx, COUNT(*) AS n FROM attempt"
                        + " WHERE state = 'ORIGINATE_SENT' GROUP BY campaign_id, pbx")
                .map(
                    (rs, ctx) ->
                        new InFlight(
                            rs.getString("campaign_id"), rs.getString("pbx"), rs.getLong("n")))
                .list());
  }

  /** A page of a campaign's attempts that are not settled (dialings in flight), oldest first. */
  public List<AttemptRow> unsettledAttempts(String campaignId, int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM attempt WHERE campaign_id = :c"
                        + " AND state <> 'SETTLED' ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("c", campaignId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> attempt(rs))
                .list());
  }

  /**
   * Moves a reserved attempt to ORIGINATE_SENT and commits, with the snapshot of what it dials.
   * Returns false when the attempt was not RESERVED any more (its originate may already have left,
   * and it must not be sent again) or its campaign is no longer dialing.
   */
  public boolean markOriginateSent(String attemptId, String snapshot, Instant now) {
    return markOriginateSent(attemptId, snapshot, now, null);
  }

  /**
   * {@link #markOriginateSent(String, String, Instant)}, keeping the workflow run that sends it
   * (null: not known), which its result will link to.
   */
  public boolean markOriginateSent(
      String attemptId, String snapshot, Instant now, Rows.WorkflowRun sender) {
    return markOriginateSent(attemptId, snapshot, now, sender, CampaignStore.DEFAULT_PBX);
  }

  /**
   * {@link #markOriginateSent(String, String, Instant, Rows.WorkflowRun)}, to the PBX named {@code
   * pbx}: only workers serving that PBX recover and sweep the attempt.
   */
  public boolean markOriginateSent(
      String attemptId, String snapshot, Instant now, Rows.WorkflowRun sender, String pbx) {
    // One statement, so one round trip: the attempt and its entry (DIALING) together, and only
    // while the campaign is dialing (START): a stop, pause or force stop, once written by the
    // workflow, keeps every originate not yet sent from leaving.
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
            UPDATE attempt a JOIN campaign c ON c.id = a.campaign_id
              JOIN dl_entry e ON e.id = a.entry_id
            SET a.state = 'ORIGINATE_SENT', a.dialing_status = :sent, a.snapshot = :s,
              a.originate_at = :now, a.workflow_id = :wf, a.originate_run_id = :run, a.pbx = :pbx,
              e.status = :dialing, e.updated_at = :now
            WHERE a.id = :id AND a.state = 'RESERVED' AND c.status = :start""")
                    .bind("id", attemptId)
                    .bind("pbx", pbx)
                    .bind("wf", sender == null ? null : sender.workflowId())
                    .bind("run", sender == null ? null : sender.runId())
                    .bind("s", snapshot)
                    .bind("now", ts(now))
                    .bind("sent", DialingStatus.ORIGINATE_SENT.code())
                    .bind("start", CampaignStatus.START.code())
                    .bind("dialing", EntryRow.STATUS_DIALING)
                    .execute())
        > 0;
  }

  /** Saves what has been seen of a call so far, so a restarted worker can carry on from it. */
  public void saveProgress(String attemptId, int dialingStatus, String progressJson, long version) {
    // Saves come from several threads; the version keeps a late, older one from winning.
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
          UPDATE attempt SET dialing_status = :s, progress = :p, progress_version = :v
          WHERE id = :id AND state = 'ORIGINATE_SENT' AND progress_version < :v""")
                .bind("id", attemptId)
                .bind("s", dialingStatus)
                .bind("p", progressJson)
                .bind("v", version)
                .execute());
  }

  /**
   * Records the one result row of an attempt and updates its entry, in one transaction. A second
   * call for the same attempt changes nothing and returns false.
   */
  public boolean settle(ResultRow r, int retryDelaySeconds) {
    boolean now =
        Sql.retryDeadlocks(
            SETTLE_TRIES, () -> jdbi.inTransaction(h -> settle(h, r, retryDelaySeconds)));
    if (now) {
      tellSettled(List.of(r));
    }
    return now;
  }

  private volatile java.util.function.Consumer<List<ResultRow>> settledListener = rows -> {};

  /**
   * Has {@code listener} told of the results this store records, once each, after their transaction
   * committed (the worker counts them in its metrics). A listener that throws changes nothing of
   * what was recorded.
   */
  public void onSettled(java.util.function.Consumer<List<ResultRow>> listener) {
    this.settledListener = listener;
  }

  private void tellSettled(List<ResultRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      settledListener.accept(rows);
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(AttemptStore.class)
          .warn("the listener of recorded results failed: {}", e.toString());
    }
  }

  /**
   * {@link #settle} for many attempts in one transaction (one commit for a dialing lane's batch);
   * answers, in order, whether each was settled now. One row the database refuses fails them all.
   * Each of the three steps is one JDBC batch (a round trip for all rows, not one per row): the
   * attempts move to SETTLED, then the results of those that moved are inserted and their entries
   * updated.
   */
  public List<Boolean> settleAll(List<ResultRow> rows, int retryDelaySeconds) {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Boolean> settled =
        Sql.retryDeadlocks(SETTLE_TRIES, () -> settleAllOnce(rows, retryDelaySeconds));
    List<ResultRow> now = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (settled.get(i)) {
        now.add(rows.get(i));
      }
    }
    tellSettled(now);
    return settled;
  }

  /**
   * How often a settle runs that deadlocked: two of them adding to one campaign's tally rows, new
   * ones especially, may deadlock in InnoDB; it rolls one back whole.
   */
  private static final int SETTLE_TRIES = 3;

  private List<Boolean> settleAllOnce(List<ResultRow> rows, int retryDelaySeconds) {
    return jdbi.inTransaction(
        h -> {
          PreparedBatch settle = h.prepareBatch(SETTLE_ATTEMPT);
          for (ResultRow r : rows) {
            settle
                .bind("id", r.attemptId())
                .bind("ds", r.dialingStatus())
                .bind("now", ts(r.createdAt()))
                .add();
          }
          int[] moved = settle.execute();
          List<Boolean> settled = new ArrayList<>();
          PreparedBatch results = h.prepareBatch(ResultStore.INSERT);
          PreparedBatch entries = h.prepareBatch(ENTRY_AFTER_RESULT);
          for (int i = 0; i < rows.size(); i++) {
            // A statement of a batch the driver sent as one may answer SUCCESS_NO_INFO (-2).
            boolean now = moved[i] > 0 || moved[i] == java.sql.Statement.SUCCESS_NO_INFO;
            settled.add(now);
            if (now) {
              ResultStore.bindInsert(results, rows.get(i)).add();
              bindEntry(entries, rows.get(i), retryDelaySeconds).add();
            }
          }
          if (results.size() > 0) {
            results.execute();
            entries.execute();
            List<ResultRow> inserted = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
              if (settled.get(i)) {
                inserted.add(rows.get(i));
              }
            }
            ResultStore.addToTally(h, inserted);
            EventStore.addResults(h, inserted);
          }
          return settled;
        });
  }

  private static final String SETTLE_ATTEMPT =
      """
      UPDATE attempt SET state = 'SETTLED', dialing_status = :ds, settled_at = :now
      WHERE id = :id AND state <> 'SETTLED'""";

  private static final String ENTRY_AFTER_RESULT =
      """
      UPDATE dl_entry SET status = :idle, res_dial = :resDial, res_hangup = :resHangup,
        last_hangup_at = :hangup, next_try_at = :next, updated_at = :now
      WHERE id = :entryId""";

  private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindEntry(
      T s, ResultRow r, int retryDelaySeconds) {
    Instant hangup = r.hangupAt() != null ? r.hangupAt() : r.createdAt();
    return s.bind("idle", EntryRow.STATUS_IDLE)
        .bind("resDial", r.resDial())
        .bind("resHangup", r.resHangup())
        .bind("hangup", ts(hangup))
        .bind("next", ts(r.createdAt().plusSeconds(retryDelaySeconds)))
        .bind("now", ts(r.createdAt()))
        .bind("entryId", r.entryId());
  }

  private static boolean settle(Handle h, ResultRow r, int retryDelaySeconds) {
    int n =
        h.createUpdate(SETTLE_ATTEMPT)
            .bind("id", r.attemptId())
            .bind("ds", r.dialingStatus())
            .bind("now", ts(r.createdAt()))
            .execute();
    if (n == 0) {
      return false;
    }
    ResultStore.insert(h, r);
    bindEntry(h.createUpdate(ENTRY_AFTER_RESULT), r, retryDelaySeconds).execute();
    ResultStore.addToTally(h, List.of(r));
    EventStore.addResults(h, List.of(r));
    return true;
  }

  /**
   * Settles a RESERVED attempt that a calling rule holds back ({@code rule}, as {@code
   * campaign_held} counts it): its result {@code r} is recorded as any other (tally, events), its
   * number gets no more tries ({@code try_count} of its slot raised to {@code maxTries}, so the
   * entry's next number, if any, is dialed next), and the rule's count for the campaign goes up by
   * one, all in one transaction. False (nothing written) when the attempt is no longer RESERVED.
   */
  public boolean settleHeldBack(ResultRow r, int maxTries, String rule) {
    boolean now =
        Sql.retryDeadlocks(
            SETTLE_TRIES, () -> jdbi.inTransaction(h -> settleHeldBack(h, r, maxTries, rule)));
    if (now) {
      tellSettled(List.of(r));
    }
    return now;
  }

  private static boolean settleHeldBack(Handle h, ResultRow r, int maxTries, String rule) {
    int n =
        h.createUpdate(
                "UPDATE attempt SET state = 'SETTLED', dialing_status = :ds, settled_at = :now"
                    + " WHERE id = :id AND state = 'RESERVED'")
            .bind("id", r.attemptId())
            .bind("ds", r.dialingStatus())
            .bind("now", ts(r.createdAt()))
            .execute();
    if (n == 0) {
      return false;
    }
    ResultStore.insert(h, r);
    String col = "try_count" + r.numberIndex();
    h.createUpdate(
            "UPDATE dl_entry SET status = :idle, "
                + col
                + " = GREATEST("
                + col
                + ", :max), updated_at = :now WHERE id = :entryId")
        .bind("idle", EntryRow.STATUS_IDLE)
        .bind("max", maxTries)
        .bind("now", ts(r.createdAt()))
        .bind("entryId", r.entryId())
        .execute();
    ResultStore.addToTally(h, List.of(r));
    EventStore.addResults(h, List.of(r));
    countHeldBack(h, r.campaignId(), rule);
    return true;
  }

  private static AttemptRow attempt(ResultSet rs) throws SQLException {
    return new AttemptRow(
        rs.getString("id"),
        rs.getString("campaign_id"),
        rs.getString("entry_id"),
        rs.getInt("number_index"),
        rs.getString("number"),
        rs.getInt("try_count"),
        AttemptState.valueOf(rs.getString("state")),
        rs.getInt("dialing_status"),
        rs.getString("progress"),
        rs.getString("snapshot"),
        instant(rs, "created_at"),
        instant(rs, "originate_at"));
  }
}
