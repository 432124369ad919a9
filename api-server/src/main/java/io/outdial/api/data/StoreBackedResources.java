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
import io.outdial.store.Store;
import io.outdial.store.Store.EntryProducer;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/** {@link ResourceStore} over the shared {@link Store} (MariaDB or MySQL through JDBI). */
public final class StoreBackedResources implements ResourceStore {
  private final Store store;

  public StoreBackedResources(Store store) {
    this.store = store;
  }

  @Override
  public void insertPlan(PlanRow plan) {
    store.insertPlan(plan);
  }

  @Override
  public Optional<PlanRow> findPlan(String id) {
    return store.findPlan(id);
  }

  @Override
  public List<PlanRow> listPlans(int offset, int limit) {
    return store.listPlans(offset, limit);
  }

  @Override
  public Guarded updatePlan(PlanRow plan, BiPredicate<PlanRow, PlanRow> changesDialing) {
    return store.updatePlan(plan, changesDialing);
  }

  @Override
  public Guarded deletePlan(String id) {
    return store.deletePlan(id);
  }

  @Override
  public void insertDestination(DestinationRow destination) {
    store.insertDestination(destination);
  }

  @Override
  public Optional<DestinationRow> findDestination(String id) {
    return store.findDestination(id);
  }

  @Override
  public List<DestinationRow> listDestinations(int offset, int limit) {
    return store.listDestinations(offset, limit);
  }

  @Override
  public Guarded updateDestination(DestinationRow destination,
      BiPredicate<DestinationRow, DestinationRow> changesDialing) {
    return store.updateDestination(destination, changesDialing);
  }

  @Override
  public Guarded deleteDestination(String id) {
    return store.deleteDestination(id);
  }

  @Override
  public void insertDlma(DlmaRow dlma) {
    store.insertDlma(dlma);
  }

  @Override
  public Optional<DlmaRow> findDlma(String id) {
    return store.findDlma(id);
  }

  @Override
  public List<DlmaRow> listDlmas(int offset, int limit) {
    return store.listDlmas(offset, limit);
  }

  @Override
  public Guarded updateDlma(DlmaRow dlma, BiPredicate<DlmaRow, DlmaRow> changesDialing) {
    return store.updateDlma(dlma, changesDialing);
  }

  @Override
  public Guarded deleteDlma(String id) {
    return store.deleteDlma(id);
  }

  @Override
  public List<String> campaignsUsingDlma(String dlmaId) {
    return store.campaignsUsingDlma(dlmaId);
  }

  @Override
  public <X extends Exception> long importEntries(String dlmaId, int batchSize,
      EntryProducer<X> producer) throws X {
    return store.importEntries(dlmaId, batchSize, producer);
  }

  @Override
  public List<EntryRow> listEntries(String dlmaId, int offset, int limit) {
    return store.listEntries(dlmaId, offset, limit);
  }

  @Override
  public Optional<EntryRow> findEntry(String dlmaId, String entryId) {
    return store.findEntry(dlmaId, entryId);
  }

  @Override
  public Guarded updateEntry(EntryRow entry, BiPredicate<EntryRow, EntryRow> changesDialing) {
    return store.updateEntry(entry, changesDialing);
  }

  @Override
  public Guarded deleteEntry(String dlmaId, String entryId) {
    return store.deleteEntry(dlmaId, entryId);
  }

  @Override
  public Guarded insertCampaign(CampaignRow campaign) {
    return store.insertCampaignChecked(campaign);
  }

  @Override
  public Optional<CampaignRow> findCampaign(String id) {
    return store.findCampaign(id);
  }

  @Override
  public List<CampaignRow> listCampaigns(int offset, int limit) {
    return store.listCampaigns(offset, limit);
  }

  @Override
  public Guarded updateCampaign(CampaignRow campaign,
      BiPredicate<CampaignRow, CampaignRow> changesDialing) {
    return store.updateCampaign(campaign, changesDialing);
  }

  @Override
  public Guarded deleteCampaign(String id) {
    return store.deleteCampaign(id);
  }

  @Override
  public CampaignCounts countsOf(String campaignId) {
    return store.campaignCounts(campaignId);
  }

  @Override
  public List<AttemptRow> unsettledAttempts(String campaignId, int offset, int limit) {
    return store.unsettledAttempts(campaignId, offset, limit);
  }

  @Override
  public List<ResultRow> findResults(ResultFilter filter, int offset, int limit) {
    return store.findResults(filter, offset, limit);
  }

  @Override
  public Optional<ResultRow> findResult(String id) {
    return store.findResult(id);
  }
}
