package io.outdial.store;

import static io.outdial.store.Sql.ts;

import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.PlanRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * What campaigns are made of: plans (how to dial), destinations (where an answered call goes) and
 * dial lists. Finds and lists never see deleted rows; a change that matters to dialing is refused
 * while campaigns using the row are not in STOP.
 */
public final class CatalogueStore {
  private static final int N = Rows.NUMBER_SLOTS;
  private final Jdbi jdbi;

  CatalogueStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  // ---- plans -------------------------------------------------------------------------------

  public void insertPlan(PlanRow p) {
    jdbi.useHandle(h -> insertPlan(h, p));
  }

  private static void insertPlan(Handle h, PlanRow p) {
    bindPlan(
            h.createUpdate(
                """
          INSERT INTO plan (id, name, detail, dial_mode, dial_timeout_ms, caller_id, tech_name,
            trunk_name, retry_delay_s, max_retry1, max_retry2, max_retry3, max_retry4, max_retry5,
            max_retry6, max_retry7, max_retry8, service_level, dl_end_handle, variables,
            early_media, codecs, max_concurrent_calls, calls_per_second, created_at, updated_at)
          VALUES (:id, :name, :detail, :dialMode, :dialTimeoutMs, :callerId, :techName,
            :trunkName, :retryDelay, :m1, :m2, :m3, :m4, :m5, :m6, :m7, :m8, :serviceLevel,
            :dlEndHandle, :variables, :earlyMedia, :codecs, :maxConcurrentCalls, :callsPerSecond,
            :now, :now)"""),
            p)
        .execute();
  }

  public Optional<PlanRow> findPlan(String id) {
    return jdbi.withHandle(h -> findPlan(h, id));
  }

  static Optional<PlanRow> findPlan(Handle h, String id) {
    return Sql.findLive(h, "plan", id, (rs, ctx) -> plan(rs));
  }

  /** A plan even when it is deleted: a campaign's counts still follow its retry limits. */
  static Optional<PlanRow> findPlanDeletedOrNot(Handle h, String id) {
    return h.createQuery("SELECT * FROM plan WHERE id = :id")
        .bind("id", id)
        .map((rs, ctx) -> plan(rs))
        .findOne();
  }

  public List<PlanRow> listPlans(int offset, int limit) {
    return Sql.livePage(jdbi, "plan", offset, limit, (rs, ctx) -> plan(rs));
  }

  /**
   * Replaces a plan's fields. When {@code changesDialing} says the change matters to dialing (old
   * row, new row), campaigns using the plan that are not in STOP forbid it.
   */
  public Guarded updatePlan(PlanRow p, BiPredicate<PlanRow, PlanRow> changesDialing) {
    return Sql.guarded(
        jdbi,
        h -> Sql.lockLive(h, "plan", p.id(), (rs, ctx) -> plan(rs)),
        old -> changesDialing.test(old, p),
        "plan_id",
        p.id(),
        h -> updatePlanRow(h, p));
  }

  private static void updatePlanRow(Handle h, PlanRow p) {
    bindPlan(
            h.createUpdate(
                """
            UPDATE plan SET name = :name, detail = :detail, dial_mode = :dialMode,
              dial_timeout_ms = :dialTimeoutMs, caller_id = :callerId, tech_name = :techName,
              trunk_name = :trunkName, retry_delay_s = :retryDelay, max_retry1 = :m1,
              max_retry2 = :m2, max_retry3 = :m3, max_retry4 = :m4, max_retry5 = :m5,
              max_retry6 = :m6, max_retry7 = :m7, max_retry8 = :m8, service_level = :serviceLevel,
              dl_end_handle = :dlEndHandle, variables = :variables, early_media = :earlyMedia,
              codecs = :codecs, max_concurrent_calls = :maxConcurrentCalls,
              calls_per_second = :callsPerSecond, updated_at = :now
            WHERE id = :id"""),
            p)
        .execute();
  }

  /** Soft-deletes a plan unless campaigns using it are not in STOP. */
  public Guarded deletePlan(String id) {
    return Sql.guardedDelete(jdbi, "plan", id, "plan_id");
  }

  /** The plan's fields bound by the names the INSERT and the UPDATE share, {@code now} too. */
  private static <S extends SqlStatement<S>> S bindPlan(S s, PlanRow p) {
    s.bind("id", p.id())
        .bind("name", p.name())
        .bind("detail", p.detail())
        .bind("dialMode", p.dialMode())
        .bind("dialTimeoutMs", p.dialTimeoutMs())
        .bind("callerId", p.callerId())
        .bind("techName", p.techName())
        .bind("trunkName", p.trunkName())
        .bind("retryDelay", p.retryDelaySeconds())
        .bind("serviceLevel", p.serviceLevel())
        .bind("dlEndHandle", p.dlEndHandle())
        .bind("variables", Json.write(p.variables()))
        .bind("earlyMedia", p.earlyMedia())
        .bind("codecs", p.codecs())
        .bind("maxConcurrentCalls", p.maxConcurrentCalls())
        .bind("callsPerSecond", p.callsPerSecond())
        .bind("now", ts(Instant.now()));
    for (int i = 0; i < N; i++) {
      s.bind("m" + (i + 1), p.maxRetry().get(i));
    }
    return s;
  }

  static PlanRow plan(ResultSet rs) throws SQLException {
    List<Integer> maxRetry = new ArrayList<>(N);
    for (int i = 1; i <= N; i++) {
      maxRetry.add(rs.getInt("max_retry" + i));
    }
    return new PlanRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("detail"),
        rs.getInt("dial_mode"),
        rs.getInt("dial_timeout_ms"),
        rs.getString("caller_id"),
        rs.getString("tech_name"),
        rs.getString("trunk_name"),
        rs.getInt("retry_delay_s"),
        List.copyOf(maxRetry),
        rs.getInt("service_level"),
        rs.getInt("dl_end_handle"),
        Json.readVariables(rs.getString("variables")),
        rs.getString("early_media"),
        rs.getString("codecs"),
        (Integer) rs.getObject("max_concurrent_calls", Integer.class),
        (Double) rs.getObject("calls_per_second", Double.class));
  }

  // ---- plans and the trunks they dial through ----------------------------------------------

  /**
   * A plan with the trunk it dials through ({@code plan.trunk_id}, a {@link PbxStore.TrunkRow}'s
   * id); a null trunk is the default PBX, the one workers reach through their AMI_* environment,
   * with no trunk limits.
   */
  public record PlanWithTrunk(PlanRow plan, String trunkId) {}

  /** Inserts a plan and its trunk, unless the trunk does not exist (missing "trunkId"). */
  public Guarded insertPlan(PlanWithTrunk p) {
    return jdbi.inTransaction(
        h -> {
          if (p.trunkId() != null && !PbxStore.trunkExists(h, p.trunkId())) {
            return Guarded.missing(List.of("trunkId"));
          }
          insertPlan(h, p.plan());
          setTrunk(h, p);
          return Guarded.done();
        });
  }

  public Optional<PlanWithTrunk> findPlanWithTrunk(String id) {
    return jdbi.withHandle(h -> Sql.findLive(h, "plan", id, (rs, ctx) -> planWithTrunk(rs)));
  }

  public List<PlanWithTrunk> listPlansWithTrunk(int offset, int limit) {
    return Sql.livePage(jdbi, "plan", offset, limit, (rs, ctx) -> planWithTrunk(rs));
  }

  /**
   * Replaces a plan's fields and its trunk, unless the trunk does not exist. A change of trunk
   * matters to dialing (it moves the plan's calls to another PBX or under other limits), so
   * campaigns using the plan that are not in STOP forbid it, as they forbid a change {@code
   * changesDialing} finds.
   */
  public Guarded updatePlan(PlanWithTrunk p, BiPredicate<PlanRow, PlanRow> changesDialing) {
    return jdbi.inTransaction(
        h -> {
          Optional<PlanWithTrunk> old =
              Sql.lockLive(h, "plan", p.plan().id(), (rs, ctx) -> planWithTrunk(rs));
          if (old.isEmpty()) {
            return Guarded.notFound();
          }
          if (p.trunkId() != null && !PbxStore.trunkExists(h, p.trunkId())) {
            return Guarded.missing(List.of("trunkId"));
          }
          if (changesDialing.test(old.get().plan(), p.plan())
              || !Objects.equals(old.get().trunkId(), p.trunkId())) {
            List<String> active = Sql.activeCampaignsWhere(h, "plan_id", p.plan().id());
            if (!active.isEmpty()) {
              return Guarded.inUse(active);
            }
          }
          updatePlanRow(h, p.plan());
          setTrunk(h, p);
          return Guarded.done();
        });
  }

  private static void setTrunk(Handle h, PlanWithTrunk p) {
    h.createUpdate("UPDATE plan SET trunk_id = :trunk WHERE id = :id")
        .bind("trunk", p.trunkId())
        .bind("id", p.plan().id())
        .execute();
  }

  private static PlanWithTrunk planWithTrunk(ResultSet rs) throws SQLException {
    return new PlanWithTrunk(plan(rs), rs.getString("trunk_id"));
  }

  // ---- destinations ------------------------------------------------------------------------

  public void insertDestination(DestinationRow d) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
          INSERT INTO destination (id, name, detail, type, context, exten, priority, application,
            data, variables, created_at, updated_at)
          VALUES (:id, :name, :detail, :type, :context, :exten, :priority, :application, :data,
            :variables, :now, :now)""")
                .bindMethods(d)
                .bind("variables", Json.write(d.variables()))
                .bind("now", ts(Instant.now()))
                .execute());
  }

  public Optional<DestinationRow> findDestination(String id) {
    return jdbi.withHandle(h -> findDestination(h, id));
  }

  static Optional<DestinationRow> findDestination(Handle h, String id) {
    return Sql.findLive(h, "destination", id, (rs, ctx) -> destination(rs));
  }

  public List<DestinationRow> listDestinations(int offset, int limit) {
    return Sql.livePage(jdbi, "destination", offset, limit, (rs, ctx) -> destination(rs));
  }

  public Guarded updateDestination(
      DestinationRow d, BiPredicate<DestinationRow, DestinationRow> changesDialing) {
    return Sql.guarded(
        jdbi,
        h -> Sql.lockLive(h, "destination", d.id(), (rs, ctx) -> destination(rs)),
        old -> changesDialing.test(old, d),
        "destination_id",
        d.id(),
        h ->
            h.createUpdate(
                    """
            UPDATE destination SET name = :name, detail = :detail, type = :type,
              context = :context, exten = :exten, priority = :priority,
              application = :application, data = :data, variables = :variables, updated_at = :now
            WHERE id = :id""")
                .bindMethods(d)
                .bind("variables", Json.write(d.variables()))
                .bind("now", ts(Instant.now()))
                .execute());
  }

  public Guarded deleteDestination(String id) {
    return Sql.guardedDelete(jdbi, "destination", id, "destination_id");
  }

  private static DestinationRow destination(ResultSet rs) throws SQLException {
    return new DestinationRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("detail"),
        rs.getInt("type"),
        rs.getString("context"),
        rs.getString("exten"),
        rs.getString("priority"),
        rs.getString("application"),
        rs.getString("data"),
        Json.readVariables(rs.getString("variables")));
  }

  // ---- dial lists --------------------------------------------------------------------------

  public void insertDlma(DlmaRow d) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
          INSERT INTO dlma (id, name, detail, variables, created_at, updated_at)
          VALUES (:id, :name, :detail, :variables, :now, :now)""")
                .bindMethods(d)
                .bind("variables", Json.write(d.variables()))
                .bind("now", ts(Instant.now()))
                .execute());
  }

  public Optional<DlmaRow> findDlma(String id) {
    return jdbi.withHandle(h -> findDlma(h, id));
  }

  static Optional<DlmaRow> findDlma(Handle h, String id) {
    return Sql.findLive(h, "dlma", id, (rs, ctx) -> dlma(rs));
  }

  public List<DlmaRow> listDlmas(int offset, int limit) {
    return Sql.livePage(jdbi, "dlma", offset, limit, (rs, ctx) -> dlma(rs));
  }

  public Guarded updateDlma(DlmaRow d, BiPredicate<DlmaRow, DlmaRow> changesDialing) {
    return Sql.guarded(
        jdbi,
        h -> Sql.lockLive(h, "dlma", d.id(), (rs, ctx) -> dlma(rs)),
        old -> changesDialing.test(old, d),
        "dlma_id",
        d.id(),
        h ->
            h.createUpdate(
                    """
            UPDATE dlma SET name = :name, detail = :detail, variables = :variables,
              updated_at = :now
            WHERE id = :id""")
                .bindMethods(d)
                .bind("variables", Json.write(d.variables()))
                .bind("now", ts(Instant.now()))
                .execute());
  }

  /** Soft-deletes a dial list (its entries stay, hidden with it). */
  public Guarded deleteDlma(String id) {
    return Sql.guardedDelete(jdbi, "dlma", id, "dlma_id");
  }

  private static DlmaRow dlma(ResultSet rs) throws SQLException {
    return new DlmaRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("detail"),
        Json.readVariables(rs.getString("variables")));
  }
}
