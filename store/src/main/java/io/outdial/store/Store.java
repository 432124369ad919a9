package io.outdial.store;

import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
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
import org.jdbi.v3.core.statement.Update;

/**
 * Reads and writes of every table. Multi-step changes run in one transaction each, with short
 * lived handles from the one shared {@link Jdbi}.
 */
public final class Store {
  private static final int N = Rows.NUMBER_SLOTS;
  private final Jdbi jdbi;
  /** Connections for bulk imports, opened with allowLoadLocalInfile; null: imports use INSERTs. */
  private final Jdbi bulk;

  public Store(Jdbi jdbi) {
    this(jdbi, null);
  }

  /**
   * {@code bulk}: where bulk imports get their connection, opened with Connector/J's
   * allowLoadLocalInfile (never the shared pool, whose connections run every other statement).
   */
  public Store(Jdbi jdbi, Jdbi bulk) {
    this.jdbi = jdbi;
    this.bulk = bulk;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  // ---- plans -------------------------------------------------------------------------------

  public void insertPlan(PlanRow p) {
    Instant now = Instant.now();
    jdbi.useHandle(h -> {
      Update u = h.createUpdate("""
          INSERT INTO plan (id, name, detail, dial_mode, dial_timeout_ms, caller_id, tech_name,
            trunk_name, retry_delay_s, max_retry1, max_retry2, max_retry3, max_retry4, max_retry5,
            max_retry6, max_retry7, max_retry8, service_level, dl_end_handle, variables,
            early_media, codecs, max_concurrent_calls, calls_per_second, created_at, updated_at)
          VALUES (:id, :name, :detail, :dialMode, :dialTimeoutMs, :callerId, :techName,
            :trunkName, :retryDelay, :m1, :m2, :m3, :m4, :m5, :m6, :m7, :m8, :serviceLevel,
            :dlEndHandle, :variables, :earlyMedia, :codecs, :maxConcurrentCalls, :callsPerSecond,
            :now, :now)""")
          .bind("id", p.id()).bind("name", p.name()).bind("detail", p.detail())
          .bind("dialMode", p.dialMode()).bind("dialTimeoutMs", p.dialTimeoutMs())
          .bind("callerId", p.callerId()).bind("techName", p.techName())
          .bind("trunkName", p.trunkName()).bind("retryDelay", p.retryDelaySeconds())
          .bind("serviceLevel", p.serviceLevel()).bind("dlEndHandle", p.dlEndHandle())
          .bind("variables", Json.write(p.variables())).bind("earlyMedia", p.earlyMedia())
          .bind("codecs", p.codecs()).bind("maxConcurrentCalls", p.maxConcurrentCalls())
          .bind("callsPerSecond", p.callsPerSecond()).bind("now", ts(now));
      for (int i = 0; i < N; i++) {
        u.bind("m" + (i + 1), p.maxRetry().get(i));
      }
      u.execute();
    });
  }

  public Optional<PlanRow> findPlan(String id) {
    return jdbi.withHandle(h -> findPlan(h, id));
  }

  private static Optional<PlanRow> findPlan(Handle h, String id) {
    return h.createQuery("SELECT * FROM plan WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id).map((rs, ctx) -> plan(rs)).findOne();
  }

  private static PlanRow plan(ResultSet rs) throws SQLException {
    List<Integer> maxRetry = new ArrayList<>(N);
    for (int i = 1; i <= N; i++) {
      maxRetry.add(rs.getInt("max_retry" + i));
    }
    return new PlanRow(rs.getString("id"), rs.getString("name"), rs.getString("detail"),
        rs.getInt("dial_mode"), rs.getInt("dial_timeout_ms"), rs.getString("caller_id"),
        rs.getString("tech_name"), rs.getString("trunk_name"), rs.getInt("retry_delay_s"),
        List.copyOf(maxRetry), rs.getInt("service_level"), rs.getInt("dl_end_handle"),
        Json.readVariables(rs.getString("variables")), rs.getString("early_media"),
        rs.getString("codecs"), (Integer) rs.getObject("max_concurrent_calls", Integer.class),
        (Double) rs.getObject("calls_per_second", Double.class));
  }

  // ---- destinations ------------------------------------------------------------------------

  public void insertDestination(DestinationRow d) {
    Instant now = Instant.now();
    jdbi.useHandle(h -> h.createUpdate("""
          INSERT INTO destination (id, name, detail, type, context, exten, priority, application,
            data, variables, created_at, updated_at)
          VALUES (:id, :name, :detail, :type, :context, :exten, :priority, :application, :data,
            :variables, :now, :now)""")
        .bindMethods(d).bind("variables", Json.write(d.variables())).bind("now", ts(now))
        .execute());
  }

  public Optional<DestinationRow> findDestination(String id) {
    return jdbi.withHandle(h -> findDestination(h, id));
  }

  private static Optional<DestinationRow> findDestination(Handle h, String id) {
    return h.createQuery("SELECT * FROM destination WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> new DestinationRow(rs.getString("id"), rs.getString("name"),
            rs.getString("detail"), rs.getInt("type"), rs.getString("context"),
            rs.getString("exten"), rs.getString("priority"), rs.getString("application"),
            rs.getString("data"), Json.readVariables(rs.getString("variables"))))
        .findOne();
  }

  // ---- dial lists --------------------------------------------------------------------------

  public void insertDlma(DlmaRow d) {
    Instant now = Instant.now();
    jdbi.useHandle(h -> h.createUpdate("""
          INSERT INTO dlma (id, name, detail, variables, created_at, updated_at)
          VALUES (:id, :name, :detail, :variables, :now, :now)""")
        .bindMethods(d).bind("variables", Json.write(d.variables())).bind("now", ts(now))
        .execute());
  }

  public Optional<DlmaRow> findDlma(String id) {
    return jdbi.withHandle(h -> findDlma(h, id));
  }

  private static Optional<DlmaRow> findDlma(Handle h, String id) {
    return h.createQuery("SELECT * FROM dlma WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> new DlmaRow(rs.getString("id"), rs.getString("name"),
            rs.getString("detail"), Json.readVariables(rs.getString("variables"))))
        .findOne();
  }

  /** Inserts new entries (server-kept fields at their start values) in one transaction. */
  public void insertEntries(List<EntryRow> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    jdbi.useTransaction(h -> {
      PreparedBatch b = h.prepareBatch("""
          INSERT INTO dl_entry (id, dlma_id, name, detail, number1, number2, number3, number4,
            number5, number6, number7, number8, email, ukey, variables, timezone, created_at,
            updated_at)
          VALUES (:id, :dlmaId, :name, :detail, :n1, :n2, :n3, :n4, :n5, :n6, :n7, :n8, :email,
            :ukey, :variables, :timezone, :now, :now)""");
      for (EntryRow e : entries) {
        b.bind("id", e.id()).bind("dlmaId", e.dlmaId()).bind("name", e.name())
            .bind("detail", e.detail()).bind("email", e.email()).bind("ukey", e.ukey())
            .bind("variables", Json.write(e.variables())).bind("timezone", e.timezone())
            .bind("now", ts(now));
        for (int i = 0; i < N; i++) {
          b.bind("n" + (i + 1), e.numbers().get(i));
        }
        b.add();
      }
      b.execute();
    });
  }

  public Optional<EntryRow> findEntry(String id) {
    return jdbi.withHandle(h -> findEntry(h, id));
  }

  private static Optional<EntryRow> findEntry(Handle h, String id) {
    return h.createQuery("SELECT * FROM dl_entry WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> entry(rs)).findOne();
  }

  public List<EntryRow> entriesOf(String dlmaId) {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM dl_entry WHERE dlma_id = :d AND deleted_at IS NULL ORDER BY seq")
        .bind("d", dlmaId).map((rs, ctx) -> entry(rs)).list());
  }

  private static EntryRow entry(ResultSet rs) throws SQLException {
    List<String> numbers = new ArrayList<>(N);
    List<Integer> tries = new ArrayList<>(N);
    for (int i = 1; i <= N; i++) {
      numbers.add(rs.getString("number" + i));
      tries.add(rs.getInt("try_count" + i));
    }
    return new EntryRow(rs.getString("id"), rs.getString("dlma_id"), rs.getString("name"),
        rs.getString("detail"), List.copyOf(numbers), rs.getString("email"),
        rs.getString("ukey"), Json.readVariables(rs.getString("variables")),
        rs.getString("timezone"), rs.getInt("status"), List.copyOf(tries),
        (Integer) rs.getObject("res_dial", Integer.class),
        (Integer) rs.getObject("res_hangup", Integer.class), instant(rs, "last_dial_at"),
        instant(rs, "last_hangup_at"));
  }

  // ---- campaigns ---------------------------------------------------------------------------

  public void insertCampaign(CampaignRow c) {
    Instant now = Instant.now();
    jdbi.useHandle(h -> h.createUpdate("""
          INSERT INTO campaign (id, name, detail, plan_id, destination_id, dlma_id, schedule,
            next_campaign_id, status, status_reason, created_at, updated_at)
          VALUES (:id, :name, :detail, :planId, :destinationId, :dlmaId, :schedule,
            :nextCampaignId, :status, :statusReason, :now, :now)""")
        .bindMethods(c).bind("now", ts(now)).execute());
  }

  public Optional<CampaignRow> findCampaign(String id) {
    return jdbi.withHandle(h -> findCampaign(h, id));
  }

  private static Optional<CampaignRow> findCampaign(Handle h, String id) {
    return h.createQuery("SELECT * FROM campaign WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> new CampaignRow(rs.getString("id"), rs.getString("name"),
            rs.getString("detail"), rs.getString("plan_id"), rs.getString("destination_id"),
            rs.getString("dlma_id"), rs.getString("schedule"), rs.getString("next_campaign_id"),
            rs.getInt("status"), rs.getString("status_reason")))
        .findOne();
  }

  public void updateCampaignStatus(String id, int status, String reason) {
    jdbi.useHandle(h -> h.createUpdate("""
          UPDATE campaign SET status = :status, status_reason = :reason, updated_at = :now
          WHERE id = :id""")
        .bind("id", id).bind("status", status).bind("reason", reason)
        .bind("now", ts(Instant.now())).execute());
  }

  /** Everything an attempt needs to dial, read in one go. */
  public record DialContext(
      CampaignRow campaign, PlanRow plan, DestinationRow destination, DlmaRow dlma) {}

  public Optional<DialContext> dialContext(String campaignId) {
    return jdbi.withHandle(h -> findCampaign(h, campaignId).flatMap(c -> {
      Optional<PlanRow> plan = findPlan(h, c.planId());
      Optional<DestinationRow> dest = findDestination(h, c.destinationId());
      Optional<DlmaRow> dlma = findDlma(h, c.dlmaId());
      if (plan.isEmpty() || dest.isEmpty() || dlma.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new DialContext(c, plan.get(), dest.get(), dlma.get()));
    }));
  }

  // ---- attempts ----------------------------------------------------------------------------

  /** An attempt reserved for dialing: the entry's try on one number is already counted. */
  public record Reservation(String attemptId, String entryId, int numberIndex, String number,
      int tryCount) {}

  /**
   * Reserves up to {@code limit} attempts for a campaign, atomically: picks eligible entries
   * (fewest tries first, retry delay passed, a number with tries left, not answered), counts the
   * try and inserts the attempt rows. Calling it again with the same {@code reservationKey}
   * returns what the first call reserved, so a retried activity never reserves twice.
   */
  public List<Reservation> reserveAttempts(
      String campaignId, String reservationKey, int limit, Instant now) {
    return reserveAttempts(campaignId, reservationKey, limit, now, null);
  }

  /**
   * As {@link #reserveAttempts(String, String, int, Instant)}; when {@code openZones} is not
   * null, an entry with a time zone is only taken when its zone is in the list (recipient-local
   * calling windows).
   */
  public List<Reservation> reserveAttempts(String campaignId, String reservationKey, int limit,
      Instant now, List<String> openZones) {
    return jdbi.inTransaction(h -> {
      List<Reservation> existing = h.createQuery("""
              SELECT id, entry_id, number_index, number, try_count FROM attempt
              WHERE reservation_key = :k AND campaign_id = :c ORDER BY id""")
          .bind("k", reservationKey).bind("c", campaignId)
          .map((rs, ctx) -> new Reservation(rs.getString("id"), rs.getString("entry_id"),
              rs.getInt("number_index"), rs.getString("number"), rs.getInt("try_count")))
          .list();
      if (!existing.isEmpty() || limit <= 0) {
        return existing;
      }
      CampaignRow c = findCampaign(h, campaignId).orElseThrow(
          () -> new IllegalStateException("campaign " + campaignId + " does not exist"));
      PlanRow plan = findPlan(h, c.planId()).orElseThrow(
          () -> new IllegalStateException("plan " + c.planId() + " does not exist"));
      String zoneFilter = openZones == null ? ""
          : openZones.isEmpty() ? " AND timezone IS NULL"
          : " AND (timezone IS NULL OR timezone IN (<zones>))";
      var query = h.createQuery("SELECT * FROM dl_entry WHERE "
              + eligibleWhere() + zoneFilter + " ORDER BY total_tries, seq LIMIT :limit"
              + " FOR UPDATE SKIP LOCKED")
          .bindMap(eligibleParams(c.dlmaId(), plan, now)).bind("limit", limit);
      if (openZones != null && !openZones.isEmpty()) {
        query.bindList("zones", openZones);
      }
      List<EntryRow> picked = query.map((rs, ctx) -> entry(rs)).list();
      List<Reservation> reserved = new ArrayList<>();
      for (EntryRow e : picked) {
        int slot = nextNumberSlot(e, plan.maxRetry());
        if (slot < 0) {
          continue;
        }
        int tryCount = e.tryCounts().get(slot) + 1;
        String col = "try_count" + (slot + 1);
        h.createUpdate("UPDATE dl_entry SET status = " + EntryRow.STATUS_RESERVED + ", " + col
                + " = " + col + " + 1, total_tries = total_tries + 1, last_dial_at = :now,"
                + " updated_at = :now WHERE id = :id")
            .bind("id", e.id()).bind("now", ts(now)).execute();
        String attemptId = UUID.randomUUID().toString();
        h.createUpdate("""
              INSERT INTO attempt (id, campaign_id, entry_id, reservation_key, number_index,
                number, try_count, state, created_at)
              VALUES (:id, :c, :e, :k, :idx, :number, :tries, 'RESERVED', :now)""")
            .bind("id", attemptId).bind("c", campaignId).bind("e", e.id())
            .bind("k", reservationKey).bind("idx", slot + 1).bind("number", e.numbers().get(slot))
            .bind("tries", tryCount).bind("now", ts(now)).execute();
        reserved.add(new Reservation(attemptId, e.id(), slot + 1, e.numbers().get(slot), tryCount));
      }
      return reserved;
    });
  }

  /**
   * Gives back attempts that were reserved but will not be dialed: the attempt rows go and the
   * entries' try counts are restored. Attempts whose originate may have left are kept.
   */
  public int releaseAttempts(List<String> attemptIds) {
    if (attemptIds.isEmpty()) {
      return 0;
    }
    return jdbi.inTransaction(h -> {
      int released = 0;
      for (String id : attemptIds) {
        Optional<Map<String, Object>> a = h.createQuery(
                "SELECT entry_id, number_index FROM attempt WHERE id = :id AND state = 'RESERVED'"
                    + " FOR UPDATE")
            .bind("id", id).mapToMap().findOne();
        if (a.isEmpty()) {
          continue;
        }
        String col = "try_count" + ((Number) a.get().get("number_index")).intValue();
        h.createUpdate("UPDATE dl_entry SET status = 0, " + col + " = " + col + " - 1,"
                + " total_tries = total_tries - 1, updated_at = :now WHERE id = :e")
            .bind("e", a.get().get("entry_id")).bind("now", ts(Instant.now())).execute();
        h.createUpdate("DELETE FROM attempt WHERE id = :id").bind("id", id).execute();
        released++;
      }
      return released;
    });
  }

  /** The distinct time zones of the list's entries that may still be dialed. */
  public List<String> openEntryTimezones(String campaignId) {
    return jdbi.withHandle(h -> {
      CampaignRow c = findCampaign(h, campaignId).orElseThrow(
          () -> new IllegalStateException("campaign " + campaignId + " does not exist"));
      PlanRow plan = findPlan(h, c.planId()).orElseThrow(
          () -> new IllegalStateException("plan " + c.planId() + " does not exist"));
      return h.createQuery("SELECT DISTINCT timezone FROM dl_entry WHERE " + openWhere()
              + " AND timezone IS NOT NULL ORDER BY timezone")
          .bindMap(eligibleParams(c.dlmaId(), plan, Instant.now())).mapTo(String.class).list();
    });
  }

  /** The first number (0-based slot) that still has tries left, or -1. */
  static int nextNumberSlot(EntryRow e, List<Integer> maxRetry) {
    for (int i = 0; i < N; i++) {
      if (!e.numbers().get(i).isEmpty() && e.tryCounts().get(i) < maxRetry.get(i)) {
        return i;
      }
    }
    return -1;
  }

  private static String triesLeftWhere() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 1; i <= N; i++) {
      sb.append(i > 1 ? " OR " : "").append("(number").append(i).append(" <> '' AND try_count")
          .append(i).append(" < :m").append(i).append(")");
    }
    return sb.append(")").toString();
  }

  /** Entries that may still be dialed some time: not deleted, not answered, tries left. */
  private static String openWhere() {
    return "dlma_id = :dlma AND deleted_at IS NULL AND (res_dial IS NULL OR res_dial <> 4) AND "
        + triesLeftWhere();
  }

  private static String eligibleWhere() {
    return openWhere() + " AND status = " + EntryRow.STATUS_IDLE
        + " AND (next_try_at IS NULL OR next_try_at <= :now)";
  }

  private static Map<String, Object> eligibleParams(String dlmaId, PlanRow plan, Instant now) {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("dlma", dlmaId);
    p.put("now", ts(now));
    for (int i = 0; i < N; i++) {
      p.put("m" + (i + 1), plan.maxRetry().get(i));
    }
    return p;
  }

  /**
   * What is left of a campaign's list: entries idle and eligible now, entries that will be
   * eligible later (and when the first of them will be), and attempts in flight.
   */
  public record ListProgress(long eligibleNow, long waiting, Instant nextRetryAt, long inFlight) {
    public boolean finished() {
      return eligibleNow == 0 && waiting == 0 && inFlight == 0;
    }
  }

  public ListProgress listProgress(String campaignId, Instant now) {
    return jdbi.withHandle(h -> {
      CampaignRow c = findCampaign(h, campaignId).orElseThrow(
          () -> new IllegalStateException("campaign " + campaignId + " does not exist"));
      PlanRow plan = findPlan(h, c.planId()).orElseThrow(
          () -> new IllegalStateException("plan " + c.planId() + " does not exist"));
      Map<String, Object> params = eligibleParams(c.dlmaId(), plan, now);
      long eligible = h.createQuery("SELECT COUNT(*) FROM dl_entry WHERE " + eligibleWhere())
          .bindMap(params).mapTo(Long.class).one();
      record Waiting(long count, Instant next) {}
      Waiting w = h.createQuery("SELECT COUNT(*) AS n, MIN(next_try_at) AS next FROM dl_entry"
              + " WHERE " + openWhere() + " AND status = " + EntryRow.STATUS_IDLE
              + " AND next_try_at > :now")
          .bindMap(params)
          .map((rs, ctx) -> new Waiting(rs.getLong("n"), instant(rs, "next"))).one();
      long inFlight = h.createQuery(
              "SELECT COUNT(*) FROM attempt WHERE campaign_id = :c AND state <> 'SETTLED'")
          .bind("c", campaignId).mapTo(Long.class).one();
      return new ListProgress(eligible, w.count(),
          w.next(), inFlight);
    });
  }

  public Optional<AttemptRow> findAttempt(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM attempt WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> attempt(rs)).findOne());
  }

  /** Attempts whose originate may have left and that are not settled yet. */
  public List<AttemptRow> attemptsInFlight() {
    return jdbi.withHandle(h -> h.createQuery(
            "SELECT * FROM attempt WHERE state = 'ORIGINATE_SENT' ORDER BY created_at")
        .map((rs, ctx) -> attempt(rs)).list());
  }

  private static AttemptRow attempt(ResultSet rs) throws SQLException {
    return new AttemptRow(rs.getString("id"), rs.getString("campaign_id"),
        rs.getString("entry_id"), rs.getInt("number_index"), rs.getString("number"),
        rs.getInt("try_count"), AttemptState.valueOf(rs.getString("state")),
        rs.getInt("dialing_status"), rs.getString("progress"), rs.getString("snapshot"),
        instant(rs, "created_at"), instant(rs, "originate_at"));
  }

  /**
   * Moves a reserved attempt to ORIGINATE_SENT and commits, with the snapshot of what it dials.
   * Returns false when the attempt was not RESERVED any more (its originate may already have
   * left, and it must not be sent again) or its campaign is no longer dialing.
   */
  public boolean markOriginateSent(String attemptId, String snapshot, Instant now) {
    return jdbi.inTransaction(h -> {
      // Only while the campaign is dialing (START): a stop, pause or force stop, once written
      // by the workflow, keeps every originate not yet sent from leaving.
      int n = h.createUpdate("""
            UPDATE attempt a JOIN campaign c ON c.id = a.campaign_id
            SET a.state = 'ORIGINATE_SENT', a.dialing_status = 1, a.snapshot = :s,
              a.originate_at = :now
            WHERE a.id = :id AND a.state = 'RESERVED' AND c.status = 1""")
          .bind("id", attemptId).bind("s", snapshot).bind("now", ts(now)).execute();
      if (n == 1) {
        h.createUpdate("UPDATE dl_entry e JOIN attempt a ON a.entry_id = e.id"
                + " SET e.status = " + EntryRow.STATUS_DIALING + ", e.updated_at = :now"
                + " WHERE a.id = :id")
            .bind("id", attemptId).bind("now", ts(now)).execute();
      }
      return n == 1;
    });
  }

  /** Saves what has been seen of a call so far, so a restarted worker can carry on from it. */
  public void saveProgress(String attemptId, int dialingStatus, String progressJson,
      long version) {
    // Saves come from several threads; the version keeps a late, older one from winning.
    jdbi.useHandle(h -> h.createUpdate("""
          UPDATE attempt SET dialing_status = :s, progress = :p, progress_version = :v
          WHERE id = :id AND state = 'ORIGINATE_SENT' AND progress_version < :v""")
        .bind("id", attemptId).bind("s", dialingStatus).bind("p", progressJson)
        .bind("v", version).execute());
  }

  /**
   * Records the one result row of an attempt and updates its entry, in one transaction. A second
   * call for the same attempt changes nothing and returns false.
   */
  public boolean settle(ResultRow r, int retryDelaySeconds) {
    return jdbi.inTransaction(h -> {
      int n = h.createUpdate("""
            UPDATE attempt SET state = 'SETTLED', dialing_status = :ds, settled_at = :now
            WHERE id = :id AND state <> 'SETTLED'""")
          .bind("id", r.attemptId()).bind("ds", r.dialingStatus()).bind("now", ts(r.createdAt()))
          .execute();
      if (n == 0) {
        return false;
      }
      h.createUpdate("""
            INSERT INTO result (id, attempt_id, campaign_id, entry_id, dialing_status,
              status_trail, res_dial, res_hangup, res_hangup_text, detail, channel, number,
              number_index, try_count, snapshot, dialed_at, hangup_at, created_at)
            VALUES (:id, :attemptId, :campaignId, :entryId, :dialingStatus, :statusTrail,
              :resDial, :resHangup, :resHangupText, :detail, :channel, :number, :numberIndex,
              :tryCount, :snapshot, :dialed, :hangup, :created)""")
          .bindMethods(r).bind("dialed", ts(r.dialedAt())).bind("hangup", ts(r.hangupAt()))
          .bind("created", ts(r.createdAt())).execute();
      Instant hangup = r.hangupAt() != null ? r.hangupAt() : r.createdAt();
      h.createUpdate("""
            UPDATE dl_entry SET status = 0, res_dial = :resDial, res_hangup = :resHangup,
              last_hangup_at = :hangup, next_try_at = :next, updated_at = :now
            WHERE id = :entryId""")
          .bind("resDial", r.resDial()).bind("resHangup", r.resHangup())
          .bind("hangup", ts(hangup)).bind("next", ts(r.createdAt().plusSeconds(retryDelaySeconds)))
          .bind("now", ts(r.createdAt())).bind("entryId", r.entryId()).execute();
      return true;
    });
  }

  // ---- results -----------------------------------------------------------------------------

  public List<ResultRow> resultsOfCampaign(String campaignId, int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("""
            SELECT * FROM result WHERE campaign_id = :c ORDER BY created_at, id
            LIMIT :limit OFFSET :offset""")
        .bind("c", campaignId).bind("limit", limit).bind("offset", offset)
        .map((rs, ctx) -> result(rs)).list());
  }

  public Optional<ResultRow> findResult(String id) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM result WHERE id = :id")
        .bind("id", id).map((rs, ctx) -> result(rs)).findOne());
  }

  /** The one result row of an attempt, once it has settled. */
  public Optional<ResultRow> findResultOfAttempt(String attemptId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM result WHERE attempt_id = :a")
        .bind("a", attemptId).map((rs, ctx) -> result(rs)).findFirst());
  }

  private static ResultRow result(ResultSet rs) throws SQLException {
    return new ResultRow(rs.getString("id"), rs.getString("attempt_id"),
        rs.getString("campaign_id"), rs.getString("entry_id"), rs.getInt("dialing_status"),
        rs.getString("status_trail"), rs.getInt("res_dial"), rs.getInt("res_hangup"),
        rs.getString("res_hangup_text"), rs.getString("detail"), rs.getString("channel"),
        rs.getString("number"), rs.getInt("number_index"), rs.getInt("try_count"),
        rs.getString("snapshot"), instant(rs, "dialed_at"), instant(rs, "hangup_at"),
        instant(rs, "created_at"));
  }

  private static long num(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  private static final java.time.format.DateTimeFormatter UTC_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * Times are sent as UTC text: Connector/J reads MariaDB's version string as 5.5.5 and cuts the
   * fraction off typed timestamps, while text keeps the milliseconds.
   */
  static String ts(Instant i) {
    return i == null ? null : UTC_MILLIS.format(i);
  }

  private static Instant instant(ResultSet rs, String col) throws SQLException {
    // DATETIME columns hold UTC; read them as local date-times so no zone is applied twice.
    java.time.LocalDateTime t = rs.getObject(col, java.time.LocalDateTime.class);
    return t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
  }

  // ---- api-server: lists, guarded updates, soft deletes, bulk imports, filters ---------------
  // Every write below runs in one transaction that first locks the row it changes (FOR UPDATE)
  // and the campaigns that could forbid the change (LOCK IN SHARE MODE), so a check and the
  // write it allows cannot be separated by another writer.

  /** The campaigns (not deleted) whose status is not STOP and whose {@code column} is {@code id}. */
  private static List<String> activeCampaignsWhere(Handle h, String column, String id) {
    return h.createQuery("SELECT id FROM campaign WHERE " + column + " = :id AND deleted_at IS NULL"
            + " AND status <> 0 ORDER BY id LOCK IN SHARE MODE")
        .bind("id", id).mapTo(String.class).list();
  }

  /** Whether a row of {@code table} exists and is not deleted; share-locks it until commit. */
  private static boolean liveRow(Handle h, String table, String id) {
    return h.createQuery("SELECT COUNT(*) FROM " + table
            + " WHERE id = :id AND deleted_at IS NULL LOCK IN SHARE MODE")
        .bind("id", id).mapTo(Integer.class).one() > 0;
  }

  private static void softDelete(Handle h, String table, String id) {
    Instant now = Instant.now();
    h.createUpdate("UPDATE " + table + " SET deleted_at = :now, updated_at = :now WHERE id = :id")
        .bind("id", id).bind("now", ts(now)).execute();
  }

  // plans

  public List<PlanRow> listPlans(int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM plan WHERE deleted_at IS NULL"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> plan(rs)).list());
  }

  /**
   * Replaces a plan's fields. When {@code changesDialing} says the change matters to dialing
   * (old row, new row), campaigns using the plan that are not in STOP forbid it.
   */
  public Rows.Guarded updatePlan(PlanRow p,
      java.util.function.BiPredicate<PlanRow, PlanRow> changesDialing) {
    return jdbi.inTransaction(h -> {
      Optional<PlanRow> old = h.createQuery(
              "SELECT * FROM plan WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", p.id()).map((rs, ctx) -> plan(rs)).findOne();
      if (old.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      if (changesDialing.test(old.get(), p)) {
        List<String> active = activeCampaignsWhere(h, "plan_id", p.id());
        if (!active.isEmpty()) {
          return Rows.Guarded.inUse(active);
        }
      }
      Update u = h.createUpdate("""
          UPDATE plan SET name = :name, detail = :detail, dial_mode = :dialMode,
            dial_timeout_ms = :dialTimeoutMs, caller_id = :callerId, tech_name = :techName,
            trunk_name = :trunkName, retry_delay_s = :retryDelay, max_retry1 = :m1,
            max_retry2 = :m2, max_retry3 = :m3, max_retry4 = :m4, max_retry5 = :m5,
            max_retry6 = :m6, max_retry7 = :m7, max_retry8 = :m8, service_level = :serviceLevel,
            dl_end_handle = :dlEndHandle, variables = :variables, early_media = :earlyMedia,
            codecs = :codecs, max_concurrent_calls = :maxConcurrentCalls,
            calls_per_second = :callsPerSecond, updated_at = :now
          WHERE id = :id""")
          .bind("id", p.id()).bind("name", p.name()).bind("detail", p.detail())
          .bind("dialMode", p.dialMode()).bind("dialTimeoutMs", p.dialTimeoutMs())
          .bind("callerId", p.callerId()).bind("techName", p.techName())
          .bind("trunkName", p.trunkName()).bind("retryDelay", p.retryDelaySeconds())
          .bind("serviceLevel", p.serviceLevel()).bind("dlEndHandle", p.dlEndHandle())
          .bind("variables", Json.write(p.variables())).bind("earlyMedia", p.earlyMedia())
          .bind("codecs", p.codecs()).bind("maxConcurrentCalls", p.maxConcurrentCalls())
          .bind("callsPerSecond", p.callsPerSecond()).bind("now", ts(Instant.now()));
      for (int i = 0; i < N; i++) {
        u.bind("m" + (i + 1), p.maxRetry().get(i));
      }
      u.execute();
      return Rows.Guarded.done();
    });
  }

  /** Soft-deletes a plan unless campaigns using it are not in STOP. */
  public Rows.Guarded deletePlan(String id) {
    return guardedDelete("plan", id, "plan_id");
  }

  private Rows.Guarded guardedDelete(String table, String id, String campaignColumn) {
    return jdbi.inTransaction(h -> {
      int found = h.createQuery("SELECT COUNT(*) FROM " + table
              + " WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", id).mapTo(Integer.class).one();
      if (found == 0) {
        return Rows.Guarded.notFound();
      }
      List<String> active = activeCampaignsWhere(h, campaignColumn, id);
      if (!active.isEmpty()) {
        return Rows.Guarded.inUse(active);
      }
      softDelete(h, table, id);
      return Rows.Guarded.done();
    });
  }

  // destinations

  public List<DestinationRow> listDestinations(int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM destination WHERE deleted_at IS NULL"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> destination(rs)).list());
  }

  private static DestinationRow destination(ResultSet rs) throws SQLException {
    return new DestinationRow(rs.getString("id"), rs.getString("name"), rs.getString("detail"),
        rs.getInt("type"), rs.getString("context"), rs.getString("exten"),
        rs.getString("priority"), rs.getString("application"), rs.getString("data"),
        Json.readVariables(rs.getString("variables")));
  }

  public Rows.Guarded updateDestination(DestinationRow d,
      java.util.function.BiPredicate<DestinationRow, DestinationRow> changesDialing) {
    return jdbi.inTransaction(h -> {
      Optional<DestinationRow> old = h.createQuery(
              "SELECT * FROM destination WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", d.id()).map((rs, ctx) -> destination(rs)).findOne();
      if (old.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      if (changesDialing.test(old.get(), d)) {
        List<String> active = activeCampaignsWhere(h, "destination_id", d.id());
        if (!active.isEmpty()) {
          return Rows.Guarded.inUse(active);
        }
      }
      h.createUpdate("""
            UPDATE destination SET name = :name, detail = :detail, type = :type,
              context = :context, exten = :exten, priority = :priority,
              application = :application, data = :data, variables = :variables, updated_at = :now
            WHERE id = :id""")
          .bindMethods(d).bind("variables", Json.write(d.variables()))
          .bind("now", ts(Instant.now())).execute();
      return Rows.Guarded.done();
    });
  }

  public Rows.Guarded deleteDestination(String id) {
    return guardedDelete("destination", id, "destination_id");
  }

  // dial list masters

  private static DlmaRow dlma(ResultSet rs) throws SQLException {
    return new DlmaRow(rs.getString("id"), rs.getString("name"), rs.getString("detail"),
        Json.readVariables(rs.getString("variables")));
  }

  public List<DlmaRow> listDlmas(int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dlma WHERE deleted_at IS NULL"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> dlma(rs)).list());
  }

  public Rows.Guarded updateDlma(DlmaRow d, java.util.function.BiPredicate<DlmaRow, DlmaRow> changesDialing) {
    return jdbi.inTransaction(h -> {
      Optional<DlmaRow> old = h.createQuery(
              "SELECT * FROM dlma WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", d.id()).map((rs, ctx) -> dlma(rs)).findOne();
      if (old.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      if (changesDialing.test(old.get(), d)) {
        List<String> active = activeCampaignsWhere(h, "dlma_id", d.id());
        if (!active.isEmpty()) {
          return Rows.Guarded.inUse(active);
        }
      }
      h.createUpdate("""
            UPDATE dlma SET name = :name, detail = :detail, variables = :variables,
              updated_at = :now
            WHERE id = :id""")
          .bindMethods(d).bind("variables", Json.write(d.variables()))
          .bind("now", ts(Instant.now())).execute();
      return Rows.Guarded.done();
    });
  }

  /** Soft-deletes a dial list (its entries stay, hidden with it). */
  public Rows.Guarded deleteDlma(String id) {
    return guardedDelete("dlma", id, "dlma_id");
  }

  /** Ids of the campaigns (not deleted) that use a dial list, whatever their status. */
  public List<String> campaignsUsingDlma(String dlmaId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT id FROM campaign WHERE dlma_id = :d"
            + " AND deleted_at IS NULL ORDER BY id")
        .bind("d", dlmaId).mapTo(String.class).list());
  }

  // dial list entries

  /** A page of a list's entries (not deleted) in the order they were added. */
  public List<EntryRow> listEntries(String dlmaId, int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM dl_entry WHERE dlma_id = :d"
            + " AND deleted_at IS NULL ORDER BY seq LIMIT :limit OFFSET :offset")
        .bind("d", dlmaId).bind("limit", limit).bind("offset", offset)
        .map((rs, ctx) -> entry(rs)).list());
  }

  /** An entry of a list, when neither is deleted. */
  public Optional<EntryRow> findEntry(String dlmaId, String entryId) {
    return jdbi.withHandle(h -> h.createQuery("SELECT e.* FROM dl_entry e JOIN dlma d"
            + " ON d.id = e.dlma_id WHERE e.id = :id AND e.dlma_id = :d"
            + " AND e.deleted_at IS NULL AND d.deleted_at IS NULL")
        .bind("id", entryId).bind("d", dlmaId).map((rs, ctx) -> entry(rs)).findOne());
  }

  /**
   * Replaces the fields a client sets on an entry (name, detail, numbers, email, ukey,
   * variables, timezone); the server-kept ones (status, try counts, results) stay.
   */
  public Rows.Guarded updateEntry(EntryRow e, java.util.function.BiPredicate<EntryRow, EntryRow> changesDialing) {
    return jdbi.inTransaction(h -> {
      Optional<EntryRow> old = lockEntry(h, e.dlmaId(), e.id());
      if (old.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      if (changesDialing.test(old.get(), e)) {
        List<String> active = activeCampaignsWhere(h, "dlma_id", e.dlmaId());
        if (!active.isEmpty()) {
          return Rows.Guarded.inUse(active);
        }
      }
      Update u = h.createUpdate("""
            UPDATE dl_entry SET name = :name, detail = :detail, number1 = :n1, number2 = :n2,
              number3 = :n3, number4 = :n4, number5 = :n5, number6 = :n6, number7 = :n7,
              number8 = :n8, email = :email, ukey = :ukey, variables = :variables,
              timezone = :timezone, updated_at = :now
            WHERE id = :id""")
          .bind("id", e.id()).bind("name", e.name()).bind("detail", e.detail())
          .bind("email", e.email()).bind("ukey", e.ukey())
          .bind("variables", Json.write(e.variables())).bind("timezone", e.timezone())
          .bind("now", ts(Instant.now()));
      for (int i = 0; i < N; i++) {
        u.bind("n" + (i + 1), e.numbers().get(i));
      }
      u.execute();
      return Rows.Guarded.done();
    });
  }

  /** Soft-deletes an entry unless campaigns using its list are not in STOP. */
  public Rows.Guarded deleteEntry(String dlmaId, String entryId) {
    return jdbi.inTransaction(h -> {
      if (lockEntry(h, dlmaId, entryId).isEmpty()) {
        return Rows.Guarded.notFound();
      }
      List<String> active = activeCampaignsWhere(h, "dlma_id", dlmaId);
      if (!active.isEmpty()) {
        return Rows.Guarded.inUse(active);
      }
      softDelete(h, "dl_entry", entryId);
      return Rows.Guarded.done();
    });
  }

  private static Optional<EntryRow> lockEntry(Handle h, String dlmaId, String entryId) {
    if (!liveRow(h, "dlma", dlmaId)) {
      return Optional.empty();
    }
    return h.createQuery("SELECT * FROM dl_entry WHERE id = :id AND dlma_id = :d"
            + " AND deleted_at IS NULL FOR UPDATE")
        .bind("id", entryId).bind("d", dlmaId).map((rs, ctx) -> entry(rs)).findOne();
  }

  /** Where a bulk import puts its entries; see {@link #importEntries}. */
  public interface EntrySink {
    /** Queues one new entry (server-kept fields at their start values); batches are flushed. */
    void add(EntryRow entry);
  }

  /** Produces the entries of a bulk import; throwing aborts the import and writes nothing. */
  @FunctionalInterface
  public interface EntryProducer<X extends Exception> {
    void produce(EntrySink sink) throws X;
  }

  /**
   * A bulk import in ONE transaction: {@code producer} streams entries into the sink, which
   * writes them in batches of {@code batchSize} while the producer reads and checks the next
   * ones (see {@link EntryImport}); memory stays flat whatever the size. When the producer
   * throws, everything is rolled back and the exception propagates. The list is share-locked for
   * the whole import, so it cannot be deleted meanwhile. The import runs on a connection of its
   * own that may use LOAD DATA LOCAL when this store was given one ({@link #Store(Jdbi, Jdbi)}).
   *
   * @return the number of entries written, or -1 when the list does not exist (nothing written)
   */
  public <X extends Exception> long importEntries(String dlmaId, int batchSize,
      EntryProducer<X> producer) throws X {
    Jdbi on = bulk != null ? bulk : jdbi;
    return on.<Long, X>inTransaction(h -> {
      if (!liveRow(h, "dlma", dlmaId)) {
        return -1L;
      }
      return EntryImport.run(h, dlmaId, batchSize, producer, bulk != null);
    });
  }

  /** The database refused a batch of a bulk import (the import is rolled back). */
  public static final class ImportFailed extends RuntimeException {
    ImportFailed(SQLException cause) {
      super("bulk import failed: " + cause.getMessage(), cause);
    }
  }

  // campaigns

  private static CampaignRow campaign(ResultSet rs) throws SQLException {
    return new CampaignRow(rs.getString("id"), rs.getString("name"), rs.getString("detail"),
        rs.getString("plan_id"), rs.getString("destination_id"), rs.getString("dlma_id"),
        rs.getString("schedule"), rs.getString("next_campaign_id"), rs.getInt("status"),
        rs.getString("status_reason"));
  }

  public List<CampaignRow> listCampaigns(int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM campaign WHERE deleted_at IS NULL"
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bind("limit", limit).bind("offset", offset).map((rs, ctx) -> campaign(rs)).list());
  }

  /** The references of a campaign that do not exist (or are deleted), by API field name. */
  private static List<String> missingReferences(Handle h, CampaignRow c) {
    List<String> missing = new ArrayList<>();
    if (!liveRow(h, "plan", c.planId())) {
      missing.add("plan");
    }
    if (!liveRow(h, "destination", c.destinationId())) {
      missing.add("destination");
    }
    if (!liveRow(h, "dlma", c.dlmaId())) {
      missing.add("dlma");
    }
    if (c.nextCampaignId() != null && (c.nextCampaignId().equals(c.id())
        || !liveRow(h, "campaign", c.nextCampaignId()))) {
      missing.add("nextCampaign");
    }
    return missing;
  }

  /**
   * Inserts a campaign after checking, in the same transaction, that what it references exists
   * and is not deleted (share-locked, so it cannot be deleted before the commit).
   */
  public Rows.Guarded insertCampaignChecked(CampaignRow c) {
    return jdbi.inTransaction(h -> {
      List<String> missing = missingReferences(h, c);
      if (!missing.isEmpty()) {
        return Rows.Guarded.missing(missing);
      }
      h.createUpdate("""
            INSERT INTO campaign (id, name, detail, plan_id, destination_id, dlma_id, schedule,
              next_campaign_id, status, status_reason, created_at, updated_at)
            VALUES (:id, :name, :detail, :planId, :destinationId, :dlmaId, :schedule,
              :nextCampaignId, :status, :statusReason, :now, :now)""")
          .bindMethods(c).bind("now", ts(Instant.now())).execute();
      return Rows.Guarded.done();
    });
  }

  /**
   * Replaces the fields a client sets on a campaign (its status stays). A change that matters to
   * dialing is refused while the campaign is not in STOP ({@link Rows.Guarded.Kind#IN_USE} naming
   * the campaign itself).
   */
  public Rows.Guarded updateCampaign(CampaignRow c,
      java.util.function.BiPredicate<CampaignRow, CampaignRow> changesDialing) {
    return jdbi.inTransaction(h -> {
      Optional<CampaignRow> old = h.createQuery(
              "SELECT * FROM campaign WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", c.id()).map((rs, ctx) -> campaign(rs)).findOne();
      if (old.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      List<String> missing = missingReferences(h, c);
      if (!missing.isEmpty()) {
        return Rows.Guarded.missing(missing);
      }
      if (old.get().status() != 0 && changesDialing.test(old.get(), c)) {
        return Rows.Guarded.inUse(List.of(c.id()));
      }
      h.createUpdate("""
            UPDATE campaign SET name = :name, detail = :detail, plan_id = :planId,
              destination_id = :destinationId, dlma_id = :dlmaId, schedule = :schedule,
              next_campaign_id = :nextCampaignId, updated_at = :now
            WHERE id = :id""")
          .bindMethods(c).bind("now", ts(Instant.now())).execute();
      return Rows.Guarded.done();
    });
  }

  /**
   * Soft-deletes a campaign in STOP that no campaign outside STOP names as its next campaign.
   * Its results stay. Its workflow, if running, is not touched.
   */
  public Rows.Guarded deleteCampaign(String id) {
    return jdbi.inTransaction(h -> {
      Optional<Integer> status = h.createQuery(
              "SELECT status FROM campaign WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
          .bind("id", id).mapTo(Integer.class).findOne();
      if (status.isEmpty()) {
        return Rows.Guarded.notFound();
      }
      if (status.get() != 0) {
        return Rows.Guarded.inUse(List.of(id));
      }
      List<String> active = activeCampaignsWhere(h, "next_campaign_id", id);
      if (!active.isEmpty()) {
        return Rows.Guarded.inUse(active);
      }
      softDelete(h, "campaign", id);
      return Rows.Guarded.done();
    });
  }

  /** A page of a campaign's attempts that are not settled (dialings in flight), oldest first. */
  public List<AttemptRow> unsettledAttempts(String campaignId, int offset, int limit) {
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM attempt WHERE campaign_id = :c"
            + " AND state <> 'SETTLED' ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bind("c", campaignId).bind("limit", limit).bind("offset", offset)
        .map((rs, ctx) -> attempt(rs)).list());
  }

  /**
   * A campaign's live counts, for the API's reads: a campaign whose plan has been (soft-)deleted
   * since still gets its counts (the plan row stays; its retry limits decide what remains), and
   * a missing campaign gets zeros instead of an exception.
   */
  public CampaignCounts campaignCounts(String campaignId) {
    return jdbi.withHandle(h -> {
      Optional<CampaignRow> c = findCampaign(h, campaignId);
      if (c.isEmpty()) {
        return new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0);
      }
      long inFlight = h.createQuery(
              "SELECT COUNT(*) FROM attempt WHERE campaign_id = :c AND state <> 'SETTLED'")
          .bind("c", campaignId).mapTo(Long.class).one();
      Map<String, Object> row = h.createQuery("""
            SELECT COUNT(*) AS dialed,
              COALESCE(SUM(res_dial = 4), 0) AS answered,
              COALESCE(SUM(res_dial = 5), 0) AS busy,
              COALESCE(SUM(res_dial = 3), 0) AS no_answer,
              COALESCE(SUM(res_dial = 8), 0) AS congestion,
              COALESCE(SUM(res_dial NOT IN (3, 4, 5, 8)), 0) AS failed
            FROM result WHERE campaign_id = :c""")
          .bind("c", campaignId).mapToMap().one();
      Optional<PlanRow> plan = h.createQuery("SELECT * FROM plan WHERE id = :id")
          .bind("id", c.get().planId()).map((rs, ctx) -> plan(rs)).findOne();
      long remaining = plan.isEmpty() ? 0 : h.createQuery(
              "SELECT COUNT(*) FROM dl_entry WHERE " + openWhere())
          .bindMap(eligibleParams(c.get().dlmaId(), plan.get(), Instant.now()))
          .mapTo(Long.class).one();
      return new CampaignCounts(inFlight, num(row.get("dialed")), num(row.get("answered")),
          num(row.get("busy")), num(row.get("no_answer")), num(row.get("congestion")),
          num(row.get("failed")), remaining);
    });
  }

  // results

  /** A page of results matching every filter that is set, oldest first. */
  public List<ResultRow> findResults(Rows.ResultFilter f, int offset, int limit) {
    StringBuilder where = new StringBuilder("1 = 1");
    Map<String, Object> params = new java.util.HashMap<>();
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
    return jdbi.withHandle(h -> h.createQuery("SELECT * FROM result WHERE " + where
            + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
        .bindMap(params).bind("limit", limit).bind("offset", offset)
        .map((rs, ctx) -> result(rs)).list());
  }
}
