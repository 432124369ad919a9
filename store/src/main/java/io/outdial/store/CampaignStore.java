package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialResult;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Campaigns: a plan, a destination and a dial list put together, with the status the workflow
 * keeps. A campaign's references must exist when it is written; while it is not in STOP, a change
 * that matters to dialing is refused and it cannot be deleted.
 */
public final class CampaignStore {
  private static final String INSERT =
      """
      INSERT INTO campaign (id, name, detail, plan_id, destination_id, dlma_id, schedule,
        next_campaign_id, status, status_reason, created_at, updated_at)
      VALUES (:id, :name, :detail, :planId, :destinationId, :dlmaId, :schedule,
        :nextCampaignId, :status, :statusReason, :now, :now)""";
  private final Jdbi jdbi;

  CampaignStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Inserts a campaign as it is, without checking what it references. */
  public void insertCampaign(CampaignRow c) {
    jdbi.useHandle(
        h -> h.createUpdate(INSERT).bindMethods(c).bind("now", ts(Instant.now())).execute());
  }

  /**
   * Inserts a campaign after checking, in the same transaction, that what it references exists and
   * is not deleted (share-locked, so it cannot be deleted before the commit).
   */
  public Guarded insertCampaignChecked(CampaignRow c) {
    return jdbi.inTransaction(
        h -> {
          List<String> missing = missingReferences(h, c);
          if (!missing.isEmpty()) {
            return Guarded.missing(missing);
          }
          h.createUpdate(INSERT).bindMethods(c).bind("now", ts(Instant.now())).execute();
          return Guarded.done();
        });
  }

  public Optional<CampaignRow> findCampaign(String id) {
    return jdbi.withHandle(h -> findCampaign(h, id));
  }

  static Optional<CampaignRow> findCampaign(Handle h, String id) {
    return h.createQuery("SELECT * FROM campaign WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map((rs, ctx) -> campaign(rs))
        .findOne();
  }

  public List<CampaignRow> listCampaigns(int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM campaign WHERE deleted_at IS NULL"
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> campaign(rs))
                .list());
  }

  /** Ids of the campaigns (not deleted) that use a dial list, whatever their status. */
  public List<String> campaignsUsingDlma(String dlmaId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM campaign WHERE dlma_id = :d"
                        + " AND deleted_at IS NULL ORDER BY id")
                .bind("d", dlmaId)
                .mapTo(String.class)
                .list());
  }

  /**
   * Writes the campaign's status and reason and, when either changed, its status event (one
   * transaction): a step that runs again writes no second event.
   */
  public void updateCampaignStatus(String id, int status, String reason) {
    // started_at is set before status: MariaDB and MySQL assign left to right, each assignment
    // seeing the ones before it.
    Instant now = Instant.now();
    jdbi.useTransaction(
        h -> {
          int changed =
              h.createUpdate(
                      """
              UPDATE campaign SET
                started_at = CASE WHEN :status = :start AND status <> :start THEN :now
                  ELSE started_at END,
                status = :status, status_reason = :reason, updated_at = :now
              WHERE id = :id AND NOT (status = :status AND status_reason <=> :reason)""")
                  .bind("start", io.outdial.workflows.CampaignStatus.START.code())
                  .bind("id", id)
                  .bind("status", status)
                  .bind("reason", reason)
                  .bind("now", ts(now))
                  .execute();
          if (changed > 0) {
            EventStore.addStatus(h, id, status, reason, now);
          }
        });
  }

  /**
   * How a campaign is going: when it last moved to START (null if never since V8) and how many
   * results it recorded in the last minute.
   */
  public record Pace(Instant startedAt, long resultsLastMinute) {}

  public Pace pace(String campaignId, Instant now) {
    return jdbi.withHandle(
        h -> {
          Instant started =
              h.createQuery("SELECT started_at FROM campaign WHERE id = :c")
                  .bind("c", campaignId)
                  .map((rs, ctx) -> instant(rs, "started_at"))
                  .findOne()
                  .orElse(null);
          long recent =
              h.createQuery(
                      "SELECT COUNT(*) FROM campaign_event WHERE campaign_id = :c AND kind = :kind"
                          + " AND created_at > :since")
                  .bind("c", campaignId)
                  .bind("kind", EventStore.RESULT)
                  .bind("since", ts(now.minusSeconds(60)))
                  .mapTo(Long.class)
                  .one();
          return new Pace(started, recent);
        });
  }

  /**
   * Replaces the fields a client sets on a campaign (its status stays). A change that matters to
   * dialing is refused while the campaign is not in STOP ({@link Guarded.Kind#IN_USE} naming the
   * campaign itself).
   */
  public Guarded updateCampaign(
      CampaignRow c, BiPredicate<CampaignRow, CampaignRow> changesDialing) {
    return jdbi.inTransaction(
        h -> {
          Optional<CampaignRow> old =
              Sql.lockLive(h, "campaign", c.id(), (rs, ctx) -> campaign(rs));
          if (old.isEmpty()) {
            return Guarded.notFound();
          }
          List<String> missing = missingReferences(h, c);
          if (!missing.isEmpty()) {
            return Guarded.missing(missing);
          }
          if (old.get().status() != CampaignStatus.STOP.code()
              && changesDialing.test(old.get(), c)) {
            return Guarded.inUse(List.of(c.id()));
          }
          h.createUpdate(
                  """
            UPDATE campaign SET name = :name, detail = :detail, plan_id = :planId,
              destination_id = :destinationId, dlma_id = :dlmaId, schedule = :schedule,
              next_campaign_id = :nextCampaignId, updated_at = :now
            WHERE id = :id""")
              .bindMethods(c)
              .bind("now", ts(Instant.now()))
              .execute();
          return Guarded.done();
        });
  }

  /**
   * Soft-deletes a campaign in STOP that no campaign outside STOP names as its next campaign. Its
   * results stay. Its workflow, if running, is not touched.
   */
  public Guarded deleteCampaign(String id) {
    return jdbi.inTransaction(
        h -> {
          Optional<Integer> status =
              Sql.lockLive(h, "campaign", id, (rs, ctx) -> rs.getInt("status"));
          if (status.isEmpty()) {
            return Guarded.notFound();
          }
          if (status.get() != CampaignStatus.STOP.code()) {
            return Guarded.inUse(List.of(id));
          }
          List<String> active = Sql.activeCampaignsWhere(h, "next_campaign_id", id);
          if (!active.isEmpty()) {
            return Guarded.inUse(active);
          }
          Sql.softDelete(h, "campaign", id);
          return Guarded.done();
        });
  }

  /** The references of a campaign that do not exist (or are deleted), by API field name. */
  private static List<String> missingReferences(Handle h, CampaignRow c) {
    List<String> missing = new ArrayList<>();
    if (!Sql.liveRow(h, "plan", c.planId())) {
      missing.add("plan");
    }
    if (!Sql.liveRow(h, "destination", c.destinationId())) {
      missing.add("destination");
    }
    if (!Sql.liveRow(h, "dlma", c.dlmaId())) {
      missing.add("dlma");
    }
    if (c.nextCampaignId() != null
        && (c.nextCampaignId().equals(c.id()) || !Sql.liveRow(h, "campaign", c.nextCampaignId()))) {
      missing.add("nextCampaign");
    }
    return missing;
  }

  /** Everything an attempt needs to dial, read in one go. */
  /**
   * What a campaign's calls are dialed with. {@code trunk}: the trunk its plan dials through, whose
   * limits hold across campaigns (null: the default PBX, no trunk limits).
   */
  public record DialContext(
      CampaignRow campaign,
      PlanRow plan,
      DestinationRow destination,
      DlmaRow dlma,
      PbxStore.TrunkRow trunk) {
    public DialContext(
        CampaignRow campaign, PlanRow plan, DestinationRow destination, DlmaRow dlma) {
      this(campaign, plan, destination, dlma, null);
    }
  }

  /** The campaign and what it references; empty when any of them is missing or deleted. */
  public Optional<DialContext> dialContext(String campaignId) {
    return jdbi.withHandle(
        h ->
            findCampaign(h, campaignId)
                .flatMap(
                    c -> {
                      Optional<PlanRow> plan = CatalogueStore.findPlan(h, c.planId());
                      Optional<DestinationRow> dest =
                          CatalogueStore.findDestination(h, c.destinationId());
                      Optional<DlmaRow> dlma = CatalogueStore.findDlma(h, c.dlmaId());
                      if (plan.isEmpty() || dest.isEmpty() || dlma.isEmpty()) {
                        return Optional.empty();
                      }
                      return Optional.of(
                          new DialContext(
                              c,
                              plan.get(),
                              dest.get(),
                              dlma.get(),
                              PbxStore.trunkOfPlan(h, c.planId()).orElse(null)));
                    }));
  }

  /** The PBX a plan that names no trunk dials through: the one workers reach by AMI_*. */
  public static final String DEFAULT_PBX = io.outdial.workflows.DialLaneWorkflow.DEFAULT_LANE;

  /**
   * The name of the PBX a campaign's plan dials through (its trunk's PBX), {@link #DEFAULT_PBX}
   * when the plan names no trunk; empty when the campaign or its plan is missing.
   */
  public Optional<String> pbxOfCampaign(String campaignId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                SELECT COALESCE(x.name, :dflt) FROM campaign c
                JOIN plan p ON p.id = c.plan_id
                LEFT JOIN trunk t ON t.id = p.trunk_id
                LEFT JOIN pbx x ON x.id = t.pbx_id
                WHERE c.id = :c""")
                .bind("c", campaignId)
                .bind("dflt", DEFAULT_PBX)
                .mapTo(String.class)
                .findOne());
  }

  /**
   * A campaign's live counts, for the API's reads: a campaign whose plan has been (soft-)deleted
   * since still gets its counts (the plan row stays; its retry limits decide what remains), and a
   * missing campaign gets zeros instead of an exception.
   */
  public CampaignCounts campaignCounts(String campaignId) {
    return jdbi.withHandle(
        h -> {
          Optional<CampaignRow> c = findCampaign(h, campaignId);
          if (c.isEmpty()) {
            return new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0);
          }
          long inFlight = AttemptStore.countInFlight(h, campaignId);
          // The results by dial result, kept as they are recorded (campaign_tally).
          Map<Integer, Long> tally = ResultStore.tally(h, campaignId);
          long dialed = tally.values().stream().mapToLong(Long::longValue).sum();
          long answered = tally.getOrDefault(DialResult.ANSWERED.code(), 0L);
          long busy = tally.getOrDefault(DialResult.BUSY.code(), 0L);
          long noAnswer = tally.getOrDefault(DialResult.NO_ANSWER.code(), 0L);
          long congestion = tally.getOrDefault(DialResult.CONGESTION.code(), 0L);
          Optional<PlanRow> plan = CatalogueStore.findPlanDeletedOrNot(h, c.get().planId());
          long remaining =
              plan.isEmpty()
                  ? 0
                  : h.createQuery("SELECT COUNT(*) FROM dl_entry WHERE " + Eligibility.openWhere())
                      .bindMap(Eligibility.params(c.get().dlmaId(), plan.get(), Instant.now()))
                      .mapTo(Long.class)
                      .one();
          long heldBackDnc =
              h.createQuery(
                      "SELECT COALESCE(SUM(n), 0) FROM campaign_held"
                          + " WHERE campaign_id = :c AND rule = :rule")
                  .bind("c", campaignId)
                  .bind("rule", DncStore.RULE)
                  .mapTo(Long.class)
                  .one();
          return new CampaignCounts(
              inFlight,
              dialed,
              answered,
              busy,
              noAnswer,
              congestion,
              dialed - answered - busy - noAnswer - congestion - heldBackDnc,
              remaining,
              heldBackDnc);
        });
  }

  static CampaignRow campaign(ResultSet rs) throws SQLException {
    return new CampaignRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("detail"),
        rs.getString("plan_id"),
        rs.getString("destination_id"),
        rs.getString("dlma_id"),
        rs.getString("schedule"),
        rs.getString("next_campaign_id"),
        rs.getInt("status"),
        rs.getString("status_reason"));
  }
}
