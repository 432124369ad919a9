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
import io.outdial.store.EntryStore.EntryProducer;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * What the REST resources read and write: the part of the stores of {@link
 * io.outdial.store.Database} the API uses ({@link StoreBackedResources} is the real one). Lists
 * take the rows to skip and the most to return; finds and lists never see deleted rows. Guarded
 * writes check and write in one transaction: see {@link Guarded}.
 *
 * <p>It is a seam for the resource tests, which run over an in-memory implementation and read
 * and seed its rows directly (about a hundred places). Its cost is a second implementation of
 * the guard rules; a contract test runs the same rules against both (ResourceStoreContract), so
 * the two cannot drift apart unseen.
 */
public interface ResourceStore {
  // plans
  void insertPlan(PlanRow plan);

  Optional<PlanRow> findPlan(String id);

  List<PlanRow> listPlans(int offset, int limit);

  Guarded updatePlan(PlanRow plan, BiPredicate<PlanRow, PlanRow> changesDialing);

  Guarded deletePlan(String id);

  // destinations
  void insertDestination(DestinationRow destination);

  Optional<DestinationRow> findDestination(String id);

  List<DestinationRow> listDestinations(int offset, int limit);

  Guarded updateDestination(DestinationRow destination,
      BiPredicate<DestinationRow, DestinationRow> changesDialing);

  Guarded deleteDestination(String id);

  // dial list masters and entries
  void insertDlma(DlmaRow dlma);

  Optional<DlmaRow> findDlma(String id);

  List<DlmaRow> listDlmas(int offset, int limit);

  Guarded updateDlma(DlmaRow dlma, BiPredicate<DlmaRow, DlmaRow> changesDialing);

  Guarded deleteDlma(String id);

  /** Ids of the campaigns (not deleted) using the list, whatever their status. */
  List<String> campaignsUsingDlma(String dlmaId);

  /**
   * A bulk import in one transaction, streamed in batches; all or nothing.
   *
   * @return entries written, or -1 when the list does not exist
   */
  <X extends Exception> long importEntries(String dlmaId, int batchSize,
      EntryProducer<X> producer) throws X;

  List<EntryRow> listEntries(String dlmaId, int offset, int limit);

  Optional<EntryRow> findEntry(String dlmaId, String entryId);

  Guarded updateEntry(EntryRow entry, BiPredicate<EntryRow, EntryRow> changesDialing);

  Guarded deleteEntry(String dlmaId, String entryId);

  // campaigns
  /** Inserts after checking, in the same transaction, that its references exist. */
  Guarded insertCampaign(CampaignRow campaign);

  Optional<CampaignRow> findCampaign(String id);

  List<CampaignRow> listCampaigns(int offset, int limit);

  Guarded updateCampaign(CampaignRow campaign,
      BiPredicate<CampaignRow, CampaignRow> changesDialing);

  Guarded deleteCampaign(String id);

  CampaignCounts countsOf(String campaignId);

  List<AttemptRow> unsettledAttempts(String campaignId, int offset, int limit);

  // results
  List<ResultRow> findResults(ResultFilter filter, int offset, int limit);

  Optional<ResultRow> findResult(String id);
}
