package io.outdial.api.support;

import io.outdial.api.data.ResourceStore;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ResourceStore} in memory, for resource tests that need no database. */
public final class InMemoryResourceStore implements ResourceStore {
  public final Map<String, PlanRow> plans = new ConcurrentHashMap<>();
  public final Map<String, DestinationRow> destinations = new ConcurrentHashMap<>();
  public final Map<String, DlmaRow> dlmas = new ConcurrentHashMap<>();
  public final List<EntryRow> entries = new CopyOnWriteArrayList<>();
  public final Map<String, CampaignRow> campaigns = new ConcurrentHashMap<>();
  public final List<ResultRow> results = new CopyOnWriteArrayList<>();
  /** When set, every call throws it: how a test makes the database fail. */
  public volatile RuntimeException failure;

  private void maybeFail() {
    if (failure != null) {
      throw failure;
    }
  }

  public void clear() {
    plans.clear();
    destinations.clear();
    dlmas.clear();
    entries.clear();
    campaigns.clear();
    results.clear();
    failure = null;
  }

  @Override
  public void insertPlan(PlanRow plan) {
    maybeFail();
    plans.put(plan.id(), plan);
  }

  @Override
  public Optional<PlanRow> findPlan(String id) {
    maybeFail();
    return Optional.ofNullable(plans.get(id));
  }

  @Override
  public void insertDestination(DestinationRow destination) {
    maybeFail();
    destinations.put(destination.id(), destination);
  }

  @Override
  public Optional<DestinationRow> findDestination(String id) {
    maybeFail();
    return Optional.ofNullable(destinations.get(id));
  }

  @Override
  public void insertDlma(DlmaRow dlma) {
    maybeFail();
    dlmas.put(dlma.id(), dlma);
  }

  @Override
  public Optional<DlmaRow> findDlma(String id) {
    maybeFail();
    return Optional.ofNullable(dlmas.get(id));
  }

  @Override
  public void insertEntries(List<EntryRow> rows) {
    maybeFail();
    entries.addAll(rows);
  }

  @Override
  public List<EntryRow> entriesOf(String dlmaId) {
    maybeFail();
    return entries.stream().filter(e -> e.dlmaId().equals(dlmaId)).toList();
  }

  @Override
  public void insertCampaign(CampaignRow campaign) {
    maybeFail();
    campaigns.put(campaign.id(), campaign);
  }

  @Override
  public Optional<CampaignRow> findCampaign(String id) {
    maybeFail();
    return Optional.ofNullable(campaigns.get(id));
  }

  @Override
  public void updateCampaignStatus(String id, int status, String reason) {
    maybeFail();
    CampaignRow c = campaigns.get(id);
    campaigns.put(id, new CampaignRow(c.id(), c.name(), c.detail(), c.planId(),
        c.destinationId(), c.dlmaId(), c.schedule(), c.nextCampaignId(), status, reason));
  }

  @Override
  public CampaignCounts countsOf(String campaignId) {
    maybeFail();
    CampaignRow c = campaigns.get(campaignId);
    long answered = results.stream()
        .filter(r -> r.campaignId().equals(campaignId) && r.resDial() == 4).count();
    long dialed = results.stream().filter(r -> r.campaignId().equals(campaignId)).count();
    return new CampaignCounts(0, dialed, answered, 0, 0, 0, dialed - answered,
        entriesOf(c.dlmaId()).size());
  }

  @Override
  public List<ResultRow> resultsOfCampaign(String campaignId, int offset, int limit) {
    maybeFail();
    List<ResultRow> of = new ArrayList<>(
        results.stream().filter(r -> r.campaignId().equals(campaignId)).toList());
    return of.subList(Math.min(offset, of.size()), Math.min(offset + limit, of.size()));
  }

  @Override
  public Optional<ResultRow> findResult(String id) {
    maybeFail();
    return results.stream().filter(r -> r.id().equals(id)).findFirst();
  }
}
