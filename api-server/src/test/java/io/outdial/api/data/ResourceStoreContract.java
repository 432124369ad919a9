package io.outdial.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.Guarded.Kind;
import io.outdial.store.Rows.PlanRow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link ResourceStore} keeps, run against each implementation: the in-memory
 * one the fast resource tests use (InMemoryResourceStoreTest) and the real one over MariaDB
 * (StoreBackedResourcesIT). The resource tests trust the in-memory store to refuse what the
 * SQL refuses; this is where that trust is checked, so the two cannot drift apart unseen.
 */
abstract class ResourceStoreContract {
  private static final BiPredicate<Object, Object> DIALING = (a, b) -> true;
  private static final BiPredicate<Object, Object> NAME_ONLY = (a, b) -> false;

  private ResourceStore store;
  private String plan;
  private String destination;
  private String dlma;
  private String entry;

  /** A store to test, with nothing of this test's in it. */
  abstract ResourceStore store();

  /** Sets a campaign's status as its workflow would. */
  abstract void setStatus(String campaignId, int status);

  @BeforeEach
  void catalogue() {
    store = store();
    plan = id();
    destination = id();
    dlma = id();
    entry = id();
    store.insertPlan(plan(plan, "p"));
    store.insertDestination(new DestinationRow(destination, "d", null, 1, null, null, null,
        "Park", null, Map.of()));
    store.insertDlma(new DlmaRow(dlma, "l", null, Map.of()));
    assertThat(store.importEntries(dlma, 10, sink -> sink.add(entry(entry, "ann")))).isOne();
  }

  @Test
  void aChangeThatMattersToDialingWaitsForTheCampaignsUsingTheRowToStop() {
    String c = campaign(id(), null);
    setStatus(c, 1);
    assertThat(store.updatePlan(plan(plan, "p2"), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.updateDestination(new DestinationRow(destination, "d2", null, 1, null, null,
        null, "Echo", null, Map.of()), DIALING::test)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.updateDlma(new DlmaRow(dlma, "l2", null, Map.of()), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.updateEntry(entry(entry, "bob"), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.findPlan(plan).orElseThrow().name()).isEqualTo("p");

    assertThat(store.updatePlan(plan(plan, "p3"), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(store.findPlan(plan).orElseThrow().name()).isEqualTo("p3");
    assertThat(store.updateEntry(entry(entry, "cy"), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(store.findEntry(dlma, entry).orElseThrow().name()).isEqualTo("cy");

    setStatus(c, 0);
    assertThat(store.updatePlan(plan(plan, "p4"), DIALING::test)).isEqualTo(Guarded.done());
    assertThat(store.updateDlma(new DlmaRow(dlma, "l4", null, Map.of()), DIALING::test))
        .isEqualTo(Guarded.done());
  }

  @Test
  void aRowInUseByACampaignThatIsNotStoppedIsNotDeleted() {
    String c = campaign(id(), null);
    setStatus(c, 2);
    assertThat(store.deletePlan(plan)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.deleteDestination(destination)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.deleteDlma(dlma)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.deleteEntry(dlma, entry)).isEqualTo(Guarded.inUse(List.of(c)));

    setStatus(c, 0);
    assertThat(store.deleteEntry(dlma, entry)).isEqualTo(Guarded.done());
    assertThat(store.findEntry(dlma, entry)).isEmpty();
    assertThat(store.deletePlan(plan)).isEqualTo(Guarded.done());
    assertThat(store.findPlan(plan)).isEmpty();
    assertThat(store.deletePlan(plan)).isEqualTo(Guarded.notFound());
    assertThat(store.updatePlan(plan(plan, "again"), NAME_ONLY::test))
        .isEqualTo(Guarded.notFound());
  }

  @Test
  void theEntriesOfADeletedListAreGoneWithIt() {
    assertThat(store.deleteDlma(dlma)).isEqualTo(Guarded.done());
    assertThat(store.findEntry(dlma, entry)).isEmpty();
    assertThat(store.updateEntry(entry(entry, "bob"), NAME_ONLY::test))
        .isEqualTo(Guarded.notFound());
    assertThat(store.deleteEntry(dlma, entry)).isEqualTo(Guarded.notFound());
    assertThat(store.importEntries(dlma, 10, sink -> sink.add(entry(id(), "x")))).isEqualTo(-1);
  }

  @Test
  void aCampaignMustReferToRowsThatExist() {
    String missing = id();
    CampaignRow bad = new CampaignRow(id(), "c", null, missing, missing, missing, "{}",
        missing, 0, null);
    assertThat(store.insertCampaign(bad).kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(store.insertCampaign(bad).missing())
        .containsExactly("plan", "destination", "dlma", "nextCampaign");
    String self = id();
    assertThat(store.insertCampaign(row(self, self)).missing()).containsExactly("nextCampaign");
    assertThat(store.findCampaign(self)).isEmpty();

    String c = campaign(id(), null);
    assertThat(store.deleteDestination(destination)).isEqualTo(Guarded.done());
    assertThat(store.updateCampaign(row(c, null), NAME_ONLY::test).missing())
        .containsExactly("destination");
  }

  @Test
  void aCampaignThatIsNotStoppedKeepsWhatMattersToDialingAndIsNotDeleted() {
    String c = campaign(id(), null);
    setStatus(c, 1);
    assertThat(store.updateCampaign(row(c, null), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(store.updateCampaign(row(c, null), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(store.findCampaign(c).orElseThrow().status()).isEqualTo(1);
    assertThat(store.deleteCampaign(c)).isEqualTo(Guarded.inUse(List.of(c)));

    String first = campaign(id(), c);
    setStatus(c, 0);
    setStatus(first, 1);
    assertThat(store.deleteCampaign(c)).isEqualTo(Guarded.inUse(List.of(first)));
    setStatus(first, 0);
    assertThat(store.deleteCampaign(c)).isEqualTo(Guarded.done());
    assertThat(store.findCampaign(c)).isEmpty();
    assertThat(store.deleteCampaign(c)).isEqualTo(Guarded.notFound());
    assertThat(store.campaignsUsingDlma(dlma)).containsExactly(first);
  }

  @Test
  void aMissingCampaignCountsNothing() {
    assertThat(store.countsOf(id())).isEqualTo(new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0));
    String c = campaign(id(), null);
    assertThat(store.deleteCampaign(c)).isEqualTo(Guarded.done());
    assertThat(store.countsOf(c)).isEqualTo(new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void whatRemainsOfAListFollowsThePlansRetryLimits() {
    String c = campaign(id(), null);
    assertThat(store.countsOf(c).remaining()).isOne();
    PlanRow none = new PlanRow(plan, "p", null, 0, 30000, null, "Local/", "targets", 60,
        List.of(0, 0, 0, 0, 0, 0, 0, 0), 0, 0, Map.of(), null, null, null, null);
    assertThat(store.updatePlan(none, DIALING::test)).isEqualTo(Guarded.done());
    assertThat(store.countsOf(c).remaining()).isZero();
  }

  private String campaign(String id, String next) {
    assertThat(store.insertCampaign(row(id, next))).isEqualTo(Guarded.done());
    return id;
  }

  private CampaignRow row(String id, String next) {
    return new CampaignRow(id, "c", null, plan, destination, dlma, "{}", next, 0, null);
  }

  private static PlanRow plan(String id, String name) {
    return new PlanRow(id, name, null, 0, 30000, null, "Local/", "targets", 60,
        List.of(1, 1, 1, 1, 1, 1, 1, 1), 0, 0, Map.of(), null, null, null, null);
  }

  private EntryRow entry(String id, String name) {
    return new EntryRow(id, dlma, name, null, List.of("1001", "", "", "", "", "", "", ""), null,
        null, Map.of(), null, 0, List.of(0, 0, 0, 0, 0, 0, 0, 0), null, null, null, null);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
