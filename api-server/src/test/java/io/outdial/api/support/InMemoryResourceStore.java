package io.outdial.api.support;

import io.outdial.api.data.ResourceStore;
import io.outdial.store.EntryStore.EntryProducer;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.AttemptState;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultFilter;
import io.outdial.store.Rows.ResultRow;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.DialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A {@link ResourceStore} in memory, for resource tests that need no database. Every method is
 * synchronized, which stands in for the transactions of the real store. Deleted rows stay in
 * the maps, their ids in {@link #deleted}.
 */
public final class InMemoryResourceStore implements ResourceStore {
  private static final int STOP = CampaignStatus.STOP.code();

  public final Map<String, PlanRow> plans = new LinkedHashMap<>();
  public final Map<String, DestinationRow> destinations = new LinkedHashMap<>();
  public final Map<String, DlmaRow> dlmas = new LinkedHashMap<>();
  public final List<EntryRow> entries = new CopyOnWriteArrayList<>();
  public final Map<String, CampaignRow> campaigns = new LinkedHashMap<>();
  public final List<AttemptRow> attempts = new CopyOnWriteArrayList<>();
  public final List<ResultRow> results = new CopyOnWriteArrayList<>();
  public final Set<String> deleted = ConcurrentHashMap.newKeySet();
  /** When set, every call throws it: how a test makes the database fail. */
  public volatile RuntimeException failure;
  /** Batches written by imports (their sizes), to check that imports are streamed. */
  public final List<Integer> importBatches = new CopyOnWriteArrayList<>();

  private void maybeFail() {
    if (failure != null) {
      throw failure;
    }
  }

  public synchronized void clear() {
    plans.clear();
    destinations.clear();
    dlmas.clear();
    entries.clear();
    campaigns.clear();
    attempts.clear();
    results.clear();
    deleted.clear();
    importBatches.clear();
    failure = null;
  }

  /** Live (not deleted) entries of a list. */
  public synchronized List<EntryRow> entriesOf(String dlmaId) {
    return entries.stream().filter(e -> e.dlmaId().equals(dlmaId) && !deleted.contains(e.id()))
        .toList();
  }

  /** Sets a campaign's status, as its workflow would mirror it. */
  public synchronized void setStatus(String campaignId, int status) {
    CampaignRow c = campaigns.get(campaignId);
    campaigns.put(campaignId, new CampaignRow(c.id(), c.name(), c.detail(), c.planId(),
        c.destinationId(), c.dlmaId(), c.schedule(), c.nextCampaignId(), status,
        c.statusReason()));
  }

  private <T> Optional<T> live(Map<String, T> map, String id) {
    maybeFail();
    return deleted.contains(id) ? Optional.empty() : Optional.ofNullable(map.get(id));
  }

  private static <T> List<T> page(Stream<T> rows, int offset, int limit) {
    return rows.skip(offset).limit(limit).toList();
  }

  private List<String> active(Function<CampaignRow, String> column, String id) {
    return campaigns.values().stream()
        .filter(c -> !deleted.contains(c.id()) && c.status() != STOP && id.equals(column.apply(c)))
        .map(CampaignRow::id).sorted().toList();
  }

  private <T> Guarded guardedUpdate(Map<String, T> map, String id, T row,
      BiPredicate<T, T> changesDialing, Function<CampaignRow, String> column) {
    Optional<T> old = live(map, id);
    if (old.isEmpty()) {
      return Guarded.notFound();
    }
    if (changesDialing.test(old.get(), row)) {
      List<String> a = active(column, id);
      if (!a.isEmpty()) {
        return Guarded.inUse(a);
      }
    }
    map.put(id, row);
    return Guarded.done();
  }

  private Guarded guardedDelete(Map<String, ?> map, String id,
      Function<CampaignRow, String> column) {
    if (live(map, id).isEmpty()) {
      return Guarded.notFound();
    }
    List<String> a = active(column, id);
    if (!a.isEmpty()) {
      return Guarded.inUse(a);
    }
    deleted.add(id);
    return Guarded.done();
  }

  // plans

  @Override
  public synchronized void insertPlan(PlanRow plan) {
    maybeFail();
    plans.put(plan.id(), plan);
  }

  @Override
  public synchronized Optional<PlanRow> findPlan(String id) {
    return live(plans, id);
  }

  @Override
  public synchronized List<PlanRow> listPlans(int offset, int limit) {
    maybeFail();
    return page(plans.values().stream().filter(p -> !deleted.contains(p.id())), offset, limit);
  }

  @Override
  public synchronized Guarded updatePlan(PlanRow plan,
      BiPredicate<PlanRow, PlanRow> changesDialing) {
    return guardedUpdate(plans, plan.id(), plan, changesDialing, CampaignRow::planId);
  }

  @Override
  public synchronized Guarded deletePlan(String id) {
    return guardedDelete(plans, id, CampaignRow::planId);
  }

  // destinations

  @Override
  public synchronized void insertDestination(DestinationRow destination) {
    maybeFail();
    destinations.put(destination.id(), destination);
  }

  @Override
  public synchronized Optional<DestinationRow> findDestination(String id) {
    return live(destinations, id);
  }

  @Override
  public synchronized List<DestinationRow> listDestinations(int offset, int limit) {
    maybeFail();
    return page(destinations.values().stream().filter(d -> !deleted.contains(d.id())), offset,
        limit);
  }

  @Override
  public synchronized Guarded updateDestination(DestinationRow destination,
      BiPredicate<DestinationRow, DestinationRow> changesDialing) {
    return guardedUpdate(destinations, destination.id(), destination, changesDialing,
        CampaignRow::destinationId);
  }

  @Override
  public synchronized Guarded deleteDestination(String id) {
    return guardedDelete(destinations, id, CampaignRow::destinationId);
  }

  // dlmas and entries

  @Override
  public synchronized void insertDlma(DlmaRow dlma) {
    maybeFail();
    dlmas.put(dlma.id(), dlma);
  }

  @Override
  public synchronized Optional<DlmaRow> findDlma(String id) {
    return live(dlmas, id);
  }

  @Override
  public synchronized List<DlmaRow> listDlmas(int offset, int limit) {
    maybeFail();
    return page(dlmas.values().stream().filter(d -> !deleted.contains(d.id())), offset, limit);
  }

  @Override
  public synchronized Guarded updateDlma(DlmaRow dlma,
      BiPredicate<DlmaRow, DlmaRow> changesDialing) {
    return guardedUpdate(dlmas, dlma.id(), dlma, changesDialing, CampaignRow::dlmaId);
  }

  @Override
  public synchronized Guarded deleteDlma(String id) {
    return guardedDelete(dlmas, id, CampaignRow::dlmaId);
  }

  @Override
  public synchronized List<String> campaignsUsingDlma(String dlmaId) {
    maybeFail();
    return campaigns.values().stream()
        .filter(c -> !deleted.contains(c.id()) && c.dlmaId().equals(dlmaId))
        .map(CampaignRow::id).sorted().toList();
  }

  @Override
  public synchronized <X extends Exception> long importEntries(String dlmaId, int batchSize,
      EntryProducer<X> producer) throws X {
    if (live(dlmas, dlmaId).isEmpty()) {
      return -1;
    }
    // The "transaction": rows are kept aside and added only when the producer returns.
    List<EntryRow> staged = new ArrayList<>();
    int[] pending = {0};
    producer.produce(e -> {
      staged.add(e);
      if (++pending[0] == batchSize) {
        importBatches.add(pending[0]);
        pending[0] = 0;
      }
    });
    if (pending[0] > 0) {
      importBatches.add(pending[0]);
    }
    entries.addAll(staged);
    return staged.size();
  }

  @Override
  public synchronized List<EntryRow> listEntries(String dlmaId, int offset, int limit) {
    maybeFail();
    return page(entriesOf(dlmaId).stream(), offset, limit);
  }

  @Override
  public synchronized Optional<EntryRow> findEntry(String dlmaId, String entryId) {
    maybeFail();
    if (live(dlmas, dlmaId).isEmpty()) {
      return Optional.empty();
    }
    return entriesOf(dlmaId).stream().filter(e -> e.id().equals(entryId)).findFirst();
  }

  @Override
  public synchronized Guarded updateEntry(EntryRow entry,
      BiPredicate<EntryRow, EntryRow> changesDialing) {
    Optional<EntryRow> old = findEntry(entry.dlmaId(), entry.id());
    if (old.isEmpty()) {
      return Guarded.notFound();
    }
    if (changesDialing.test(old.get(), entry)) {
      List<String> a = active(CampaignRow::dlmaId, entry.dlmaId());
      if (!a.isEmpty()) {
        return Guarded.inUse(a);
      }
    }
    EntryRow o = old.get();
    entries.set(entries.indexOf(o), new EntryRow(o.id(), o.dlmaId(), entry.name(),
        entry.detail(), entry.numbers(), entry.email(), entry.ukey(), entry.variables(),
        entry.timezone(), o.status(), o.tryCounts(), o.resDial(), o.resHangup(), o.lastDialAt(),
        o.lastHangupAt()));
    return Guarded.done();
  }

  @Override
  public synchronized Guarded deleteEntry(String dlmaId, String entryId) {
    if (findEntry(dlmaId, entryId).isEmpty()) {
      return Guarded.notFound();
    }
    List<String> a = active(CampaignRow::dlmaId, dlmaId);
    if (!a.isEmpty()) {
      return Guarded.inUse(a);
    }
    deleted.add(entryId);
    return Guarded.done();
  }

  // campaigns

  private List<String> missing(CampaignRow c) {
    List<String> missing = new ArrayList<>();
    if (live(plans, c.planId()).isEmpty()) {
      missing.add("plan");
    }
    if (live(destinations, c.destinationId()).isEmpty()) {
      missing.add("destination");
    }
    if (live(dlmas, c.dlmaId()).isEmpty()) {
      missing.add("dlma");
    }
    if (c.nextCampaignId() != null && (c.nextCampaignId().equals(c.id())
        || live(campaigns, c.nextCampaignId()).isEmpty())) {
      missing.add("nextCampaign");
    }
    return missing;
  }

  @Override
  public synchronized Guarded insertCampaign(CampaignRow campaign) {
    maybeFail();
    List<String> m = missing(campaign);
    if (!m.isEmpty()) {
      return Guarded.missing(m);
    }
    campaigns.put(campaign.id(), campaign);
    return Guarded.done();
  }

  @Override
  public synchronized Optional<CampaignRow> findCampaign(String id) {
    return live(campaigns, id);
  }

  @Override
  public synchronized List<CampaignRow> listCampaigns(int offset, int limit) {
    maybeFail();
    return page(campaigns.values().stream().filter(c -> !deleted.contains(c.id())), offset,
        limit);
  }

  @Override
  public synchronized Guarded updateCampaign(CampaignRow campaign,
      BiPredicate<CampaignRow, CampaignRow> changesDialing) {
    Optional<CampaignRow> old = live(campaigns, campaign.id());
    if (old.isEmpty()) {
      return Guarded.notFound();
    }
    List<String> m = missing(campaign);
    if (!m.isEmpty()) {
      return Guarded.missing(m);
    }
    if (old.get().status() != STOP && changesDialing.test(old.get(), campaign)) {
      return Guarded.inUse(List.of(campaign.id()));
    }
    CampaignRow o = old.get();
    campaigns.put(o.id(), new CampaignRow(o.id(), campaign.name(), campaign.detail(),
        campaign.planId(), campaign.destinationId(), campaign.dlmaId(), campaign.schedule(),
        campaign.nextCampaignId(), o.status(), o.statusReason()));
    return Guarded.done();
  }

  @Override
  public synchronized Guarded deleteCampaign(String id) {
    Optional<CampaignRow> c = live(campaigns, id);
    if (c.isEmpty()) {
      return Guarded.notFound();
    }
    if (c.get().status() != STOP) {
      return Guarded.inUse(List.of(id));
    }
    List<String> a = active(CampaignRow::nextCampaignId, id);
    if (!a.isEmpty()) {
      return Guarded.inUse(a);
    }
    deleted.add(id);
    return Guarded.done();
  }

  @Override
  public synchronized CampaignCounts countsOf(String campaignId) {
    Optional<CampaignRow> live = live(campaigns, campaignId);
    if (live.isEmpty()) {
      return new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0);
    }
    CampaignRow c = live.get();
    List<ResultRow> of = results.stream().filter(r -> r.campaignId().equals(campaignId)).toList();
    long answered = of.stream().filter(r -> r.resDial() == DialResult.ANSWERED.code()).count();
    long busy = of.stream().filter(r -> r.resDial() == DialResult.BUSY.code()).count();
    long noAnswer = of.stream().filter(r -> r.resDial() == DialResult.NO_ANSWER.code()).count();
    long congestion =
        of.stream().filter(r -> r.resDial() == DialResult.CONGESTION.code()).count();
    long inFlight = attempts.stream().filter(a -> a.campaignId().equals(campaignId)
        && a.state() != AttemptState.SETTLED).count();
    return new CampaignCounts(inFlight, of.size(), answered, busy, noAnswer, congestion,
        of.size() - answered - busy - noAnswer - congestion, remaining(c));
  }

  /**
   * Entries that may still be dialed some time, as the SQL counts them: not answered, and a
   * number with tries left under the plan's limits (a deleted plan's still count).
   */
  private long remaining(CampaignRow c) {
    PlanRow plan = plans.get(c.planId());
    if (plan == null) {
      return 0;
    }
    return entriesOf(c.dlmaId()).stream()
        .filter(e -> e.resDial() == null || e.resDial() != DialResult.ANSWERED.code())
        .filter(e -> IntStream.range(0, e.numbers().size()).anyMatch(i ->
            !e.numbers().get(i).isEmpty() && e.tryCounts().get(i) < plan.maxRetry().get(i)))
        .count();
  }

  @Override
  public synchronized List<AttemptRow> unsettledAttempts(String campaignId, int offset,
      int limit) {
    maybeFail();
    return page(attempts.stream().filter(a -> a.campaignId().equals(campaignId)
        && a.state() != AttemptState.SETTLED), offset, limit);
  }

  @Override
  public synchronized List<ResultRow> findResults(ResultFilter f, int offset, int limit) {
    maybeFail();
    return page(results.stream()
        .filter(r -> f.campaignId() == null || r.campaignId().equals(f.campaignId()))
        .filter(r -> f.entryId() == null || r.entryId().equals(f.entryId()))
        .filter(r -> f.resDial() == null || r.resDial() == f.resDial())
        .filter(r -> f.resHangup() == null || r.resHangup() == f.resHangup())
        .filter(r -> f.from() == null || !r.createdAt().isBefore(f.from()))
        .filter(r -> f.to() == null || r.createdAt().isBefore(f.to()))
        .sorted(Comparator.comparing(ResultRow::createdAt).thenComparing(ResultRow::id)),
        offset, limit);
  }

  @Override
  public synchronized Optional<ResultRow> findResult(String id) {
    maybeFail();
    return results.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
