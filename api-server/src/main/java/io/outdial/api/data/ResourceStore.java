package io.outdial.api.data;

import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
import java.util.List;
import java.util.Optional;

/**
 * What the REST resources read and write. It mirrors the part of {@link io.outdial.store.Store}
 * the API uses, so resources can be tested without a database ({@link StoreBackedResources} is
 * the real one).
 */
public interface ResourceStore {
  void insertPlan(PlanRow plan);

  Optional<PlanRow> findPlan(String id);

  void insertDestination(DestinationRow destination);

  Optional<DestinationRow> findDestination(String id);

  void insertDlma(DlmaRow dlma);

  Optional<DlmaRow> findDlma(String id);

  /** Inserts all entries in one transaction: all or nothing. */
  void insertEntries(List<EntryRow> entries);

  List<EntryRow> entriesOf(String dlmaId);

  void insertCampaign(CampaignRow campaign);

  Optional<CampaignRow> findCampaign(String id);

  void updateCampaignStatus(String id, int status, String reason);

  CampaignCounts countsOf(String campaignId);

  List<ResultRow> resultsOfCampaign(String campaignId, int offset, int limit);

  Optional<ResultRow> findResult(String id);
}
