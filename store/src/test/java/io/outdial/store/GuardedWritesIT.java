package io.outdial.store;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarded writes of the catalogue, entry and campaign stores on MariaDB: what campaigns that
 * are not in STOP forbid, what soft deletes hide, what a campaign must refer to, and how its counts
 * are read. The API's resources answer 404, 409 and 422 from these outcomes.
 */
class GuardedWritesIT {
  private static ScratchDatabase scratch;
  private static final BiPredicate<Object, Object> DIALING = (a, b) -> true;
  private static final BiPredicate<Object, Object> NAME_ONLY = (a, b) -> false;

  private static Database database;
  private CatalogueStore catalogue;
  private EntryStore entries;
  private CampaignStore campaigns;
  private String plan;
  private String destination;
  private String dlma;
  private String entry;

  @BeforeAll
  static void createDatabase() throws Exception {
    scratch = ScratchDatabase.create("outdial_it_guarded", 2);
    database = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (scratch != null) {
      scratch.close();
    }
  }

  /** A plan, a destination and a list with one entry, of this test only. */
  @BeforeEach
  void catalogue() {
    catalogue = database.catalogue();
    entries = database.entries();
    campaigns = database.campaigns();
    plan = id();
    destination = id();
    dlma = id();
    entry = id();
    catalogue.insertPlan(plan(plan, "p"));
    catalogue.insertDestination(
        new DestinationRow(destination, "d", null, 1, null, null, null, "Park", null, Map.of()));
    catalogue.insertDlma(new DlmaRow(dlma, "l", null, Map.of()));
    assertThat(entries.importEntries(dlma, 10, sink -> sink.add(entry(entry, "ann")))).isOne();
  }

  /** Sets a campaign's status as its workflow would. */
  private void setStatus(String campaignId, int status) {
    campaigns.updateCampaignStatus(campaignId, status, null);
  }

  @Test
  void aChangeThatMattersToDialingWaitsForTheCampaignsUsingTheRowToStop() {
    String c = campaign(id(), null);
    setStatus(c, 1);
    assertThat(catalogue.updatePlan(plan(plan, "p2"), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(
            catalogue.updateDestination(
                new DestinationRow(
                    destination, "d2", null, 1, null, null, null, "Echo", null, Map.of()),
                DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(catalogue.updateDlma(new DlmaRow(dlma, "l2", null, Map.of()), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(entries.updateEntry(entry(entry, "bob"), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(catalogue.findPlan(plan).orElseThrow().name()).isEqualTo("p");

    assertThat(catalogue.updatePlan(plan(plan, "p3"), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(catalogue.findPlan(plan).orElseThrow().name()).isEqualTo("p3");
    assertThat(entries.updateEntry(entry(entry, "cy"), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(entries.findEntry(dlma, entry).orElseThrow().name()).isEqualTo("cy");

    setStatus(c, 0);
    assertThat(catalogue.updatePlan(plan(plan, "p4"), DIALING::test)).isEqualTo(Guarded.done());
    assertThat(catalogue.updateDlma(new DlmaRow(dlma, "l4", null, Map.of()), DIALING::test))
        .isEqualTo(Guarded.done());
  }

  @Test
  void aRowInUseByACampaignThatIsNotStoppedIsNotDeleted() {
    String c = campaign(id(), null);
    setStatus(c, 2);
    assertThat(catalogue.deletePlan(plan)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(catalogue.deleteDestination(destination)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(catalogue.deleteDlma(dlma)).isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(entries.deleteEntry(dlma, entry)).isEqualTo(Guarded.inUse(List.of(c)));

    setStatus(c, 0);
    assertThat(entries.deleteEntry(dlma, entry)).isEqualTo(Guarded.done());
    assertThat(entries.findEntry(dlma, entry)).isEmpty();
    assertThat(catalogue.deletePlan(plan)).isEqualTo(Guarded.done());
    assertThat(catalogue.findPlan(plan)).isEmpty();
    assertThat(catalogue.deletePlan(plan)).isEqualTo(Guarded.notFound());
    assertThat(catalogue.updatePlan(plan(plan, "again"), NAME_ONLY::test))
        .isEqualTo(Guarded.notFound());
  }

  @Test
  void theEntriesOfADeletedListAreGoneWithIt() {
    assertThat(catalogue.deleteDlma(dlma)).isEqualTo(Guarded.done());
    assertThat(entries.findEntry(dlma, entry)).isEmpty();
    assertThat(entries.updateEntry(entry(entry, "bob"), NAME_ONLY::test))
        .isEqualTo(Guarded.notFound());
    assertThat(entries.deleteEntry(dlma, entry)).isEqualTo(Guarded.notFound());
    assertThat(entries.importEntries(dlma, 10, sink -> sink.add(entry(id(), "x")))).isEqualTo(-1);
  }

  @Test
  void aCampaignMustReferToRowsThatExist() {
    String missing = id();
    CampaignRow bad =
        new CampaignRow(id(), "c", null, missing, missing, missing, "{}", missing, 0, null);
    assertThat(campaigns.insertCampaignChecked(bad).kind()).isEqualTo(Kind.MISSING_REFERENCE);
    assertThat(campaigns.insertCampaignChecked(bad).missing())
        .containsExactly("plan", "destination", "dlma", "nextCampaign");
    String self = id();
    assertThat(campaigns.insertCampaignChecked(row(self, self)).missing())
        .containsExactly("nextCampaign");
    assertThat(campaigns.findCampaign(self)).isEmpty();

    String c = campaign(id(), null);
    assertThat(catalogue.deleteDestination(destination)).isEqualTo(Guarded.done());
    assertThat(campaigns.updateCampaign(row(c, null), NAME_ONLY::test).missing())
        .containsExactly("destination");
  }

  @Test
  void aCampaignThatIsNotStoppedKeepsWhatMattersToDialingAndIsNotDeleted() {
    String c = campaign(id(), null);
    setStatus(c, 1);
    assertThat(campaigns.updateCampaign(row(c, null), DIALING::test))
        .isEqualTo(Guarded.inUse(List.of(c)));
    assertThat(campaigns.updateCampaign(row(c, null), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(campaigns.findCampaign(c).orElseThrow().status()).isEqualTo(1);
    assertThat(campaigns.deleteCampaign(c)).isEqualTo(Guarded.inUse(List.of(c)));

    String first = campaign(id(), c);
    setStatus(c, 0);
    setStatus(first, 1);
    assertThat(campaigns.deleteCampaign(c)).isEqualTo(Guarded.inUse(List.of(first)));
    setStatus(first, 0);
    assertThat(campaigns.deleteCampaign(c)).isEqualTo(Guarded.done());
    assertThat(campaigns.findCampaign(c)).isEmpty();
    assertThat(campaigns.deleteCampaign(c)).isEqualTo(Guarded.notFound());
    assertThat(campaigns.campaignsUsingDlma(dlma)).containsExactly(first);
  }

  @Test
  void aMissingCampaignCountsNothing() {
    assertThat(campaigns.campaignCounts(id()))
        .isEqualTo(new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0));
    String c = campaign(id(), null);
    assertThat(campaigns.deleteCampaign(c)).isEqualTo(Guarded.done());
    assertThat(campaigns.campaignCounts(c)).isEqualTo(new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0));
  }

  @Test
  void whatRemainsOfAListFollowsThePlansRetryLimits() {
    String c = campaign(id(), null);
    assertThat(campaigns.campaignCounts(c).remaining()).isOne();
    PlanRow none =
        new PlanRow(
            plan,
            "p",
            null,
            0,
            30000,
            null,
            "Local/",
            "targets",
            60,
            List.of(0, 0, 0, 0, 0, 0, 0, 0),
            0,
            0,
            Map.of(),
            null,
            null,
            null,
            null);
    assertThat(catalogue.updatePlan(none, DIALING::test)).isEqualTo(Guarded.done());
    assertThat(campaigns.campaignCounts(c).remaining()).isZero();
  }

  private String campaign(String id, String next) {
    assertThat(campaigns.insertCampaignChecked(row(id, next))).isEqualTo(Guarded.done());
    return id;
  }

  private CampaignRow row(String id, String next) {
    return new CampaignRow(id, "c", null, plan, destination, dlma, "{}", next, 0, null);
  }

  private static PlanRow plan(String id, String name) {
    return new PlanRow(
        id,
        name,
        null,
        0,
        30000,
        null,
        "Local/",
        "targets",
        60,
        List.of(1, 1, 1, 1, 1, 1, 1, 1),
        0,
        0,
        Map.of(),
        null,
        null,
        null,
        null);
  }

  private EntryRow entry(String id, String name) {
    return new EntryRow(
        id,
        dlma,
        name,
        null,
        List.of("1001", "", "", "", "", "", "", ""),
        null,
        null,
        Map.of(),
        null,
        0,
        List.of(0, 0, 0, 0, 0, 0, 0, 0),
        null,
        null,
        null,
        null);
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
