package io.outdial.api.data;

import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Store;
import java.util.List;
import java.util.Optional;

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
  public void insertDestination(DestinationRow destination) {
    store.insertDestination(destination);
  }

  @Override
  public Optional<DestinationRow> findDestination(String id) {
    return store.findDestination(id);
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
  public void insertEntries(List<EntryRow> entries) {
    store.insertEntries(entries);
  }

  @Override
  public List<EntryRow> entriesOf(String dlmaId) {
    return store.entriesOf(dlmaId);
  }

  @Override
  public void insertCampaign(CampaignRow campaign) {
    store.insertCampaign(campaign);
  }

  @Override
  public Optional<CampaignRow> findCampaign(String id) {
    return store.findCampaign(id);
  }

  @Override
  public void updateCampaignStatus(String id, int status, String reason) {
    store.updateCampaignStatus(id, status, reason);
  }

  @Override
  public CampaignCounts countsOf(String campaignId) {
    return store.countsOf(campaignId);
  }

  @Override
  public List<ResultRow> resultsOfCampaign(String campaignId, int offset, int limit) {
    return store.resultsOfCampaign(campaignId, offset, limit);
  }

  @Override
  public Optional<ResultRow> findResult(String id) {
    return store.findResult(id);
  }
}
