package io.outdial.api.data;

import io.outdial.store.Rows.AttemptRow;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultFilter;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Database;
import io.outdial.store.EntryStore.EntryProducer;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/** {@link ResourceStore} over the shared {@link Database} (MariaDB or MySQL through JDBI). */
public final class StoreBackedResources implements ResourceStore {
  private final Database store;

  public StoreBackedResources(Database store) {
    this.store = store;
  }

  @Override
  public void insertPlan(PlanRow plan) {
    store.catalogue().insertPlan(plan);
  }

  @Override
  public Optional<PlanRow> findPlan(String id) {
    return store.catalogue().findPlan(id);
  }

  @Override
  public List<PlanRow> listPlans(int offset, int limit) {
    return store.catalogue().listPlans(offset, limit);
  }

  @Override
  public Guarded updatePlan(PlanRow plan, BiPredicate<PlanRow, PlanRow> changesDialing) {
    return store.catalogue().updatePlan(plan, changesDialing);
  }

  @Override
  public Guarded deletePlan(String id) {
    return store.catalogue().deletePlan(id);
  }

  @Override
  public void insertDestination(DestinationRow destination) {
    store.catalogue().insertDestination(destination);
  }

  @Override
  public Optional<DestinationRow> findDestination(String id) {
    return store.catalogue().findDestination(id);
  }

  @Override
  public List<DestinationRow> listDestinations(int offset, int limit) {
    return store.catalogue().listDestinations(offset, limit);
  }

  @Override
  public Guarded updateDestination(DestinationRow destination,
      BiPredicate<DestinationRow, DestinationRow> changesDialing) {
    return store.catalogue().updateDestination(destination, changesDialing);
  }

  @Override
  public Guarded deleteDestination(String id) {
    return store.catalogue().deleteDestination(id);
  }

  @Override
  public void insertDlma(DlmaRow dlma) {
    store.catalogue().insertDlma(dlma);
  }

  @Override
  public Optional<DlmaRow> findDlma(String id) {
    return store.catalogue().findDlma(id);
  }

  @Override
  public List<DlmaRow> listDlmas(int offset, int limit) {
    return store.catalogue().listDlmas(offset, limit);
  }

  @Override
  public Guarded updateDlma(DlmaRow dlma, BiPredicate<DlmaRow, DlmaRow> changesDialing) {
    return store.catalogue().updateDlma(dlma, changesDialing);
  }

  @Override
  public Guarded deleteDlma(String id) {
    return store.catalogue().deleteDlma(id);
  }

  @Override
  public List<String> campaignsUsingDlma(String dlmaId) {
    return store.campaigns().campaignsUsingDlma(dlmaId);
  }

  @Override
  public <X extends Exception> long importEntries(String dlmaId, int batchSize,
      EntryProducer<X> producer) throws X {
    return store.entries().importEntries(dlmaId, batchSize, producer);
  }

  @Override
  public List<EntryRow> listEntries(String dlmaId, int offset, int limit) {
    return store.entries().listEntries(dlmaId, offset, limit);
  }

  @Override
  public Optional<EntryRow> findEntry(String dlmaId, String entryId) {
    return store.entries().findEntry(dlmaId, entryId);
  }

  @Override
  public Guarded updateEntry(EntryRow entry, BiPredicate<EntryRow, EntryRow> changesDialing) {
    return store.entries().updateEntry(entry, changesDialing);
  }

  @Override
  public Guarded deleteEntry(String dlmaId, String entryId) {
    return store.entries().deleteEntry(dlmaId, entryId);
  }

  @Override
  public Guarded insertCampaign(CampaignRow campaign) {
    return store.campaigns().insertCampaignChecked(campaign);
  }

  @Override
  public Optional<CampaignRow> findCampaign(String id) {
    return store.campaigns().findCampaign(id);
  }

  @Override
  public List<CampaignRow> listCampaigns(int offset, int limit) {
    return store.campaigns().listCampaigns(offset, limit);
  }

  @Override
  public Guarded updateCampaign(CampaignRow campaign,
      BiPredicate<CampaignRow, CampaignRow> changesDialing) {
    return store.campaigns().updateCampaign(campaign, changesDialing);
  }

  @Override
  public Guarded deleteCampaign(String id) {
    return store.campaigns().deleteCampaign(id);
  }

  @Override
  public CampaignCounts countsOf(String campaignId) {
    return store.campaigns().campaignCounts(campaignId);
  }

  @Override
  public List<AttemptRow> unsettledAttempts(String campaignId, int offset, int limit) {
    return store.attempts().unsettledAttempts(campaignId, offset, limit);
  }

  @Override
  public List<ResultRow> findResults(ResultFilter filter, int offset, int limit) {
    return store.results().findResults(filter, offset, limit);
  }

  @Override
  public Optional<ResultRow> findResult(String id) {
    return store.results().findResult(id);
  }
}
