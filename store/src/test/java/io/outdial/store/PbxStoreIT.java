package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.store.CatalogueStore.PlanWithTrunk;
import io.outdial.store.PbxStore.PbxRow;
import io.outdial.store.PbxStore.PbxWrite;
import io.outdial.store.PbxStore.PbxWrite.Kind;
import io.outdial.store.PbxStore.TrunkRow;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.store.Rows.PlanRow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PBXs and their trunks on MariaDB: names unique and fixed, trunks kept by name across a replace,
 * and a trunk a live plan dials through neither removed nor deleted with its PBX.
 */
class PbxStoreIT {
  private static ScratchDatabase scratch;
  private static final java.util.function.BiPredicate<PlanRow, PlanRow> NAME_ONLY = (a, b) -> false;

  private static Database database;

  @BeforeAll
  static void createDatabase() throws Exception {
    scratch = ScratchDatabase.create("outdial_it_pbx", 2);
    database = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (scratch != null) {
      scratch.close();
    }
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static PbxRow pbx(String id, String name, TrunkRow... trunks) {
    return new PbxRow(
        id, name, null, "10.0.0.1", 5038, "dialer", "env:PBX_SECRET", List.of(trunks));
  }

  static TrunkRow trunk(String name, Integer channels, Double cps) {
    return new TrunkRow(id(), null, name, channels, cps);
  }

  static PlanRow plan(String id) {
    return new PlanRow(
        id,
        "p",
        null,
        0,
        30000,
        null,
        "PJSIP/",
        null,
        60,
        List.of(5, 5, 5, 5, 5, 5, 5, 5),
        0,
        1,
        Map.of(),
        null,
        null,
        null,
        null);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void insertsFindsByIdAndNameAndListsWithTrunksOrderedByName() {
    PbxStore pbxs = database.pbxs();
    String id = id();
    String name = unique("a");
    PbxRow row = pbx(id, name, trunk("sip-b", 30, 2.5), trunk("sip-a", null, null));
    assertThat(pbxs.insert(row).kind()).isEqualTo(Kind.DONE);

    PbxRow found = pbxs.find(id).orElseThrow();
    assertThat(found.name()).isEqualTo(name);
    assertThat(found.amiHost()).isEqualTo("10.0.0.1");
    assertThat(found.amiPort()).isEqualTo(5038);
    assertThat(found.secretRef()).isEqualTo("env:PBX_SECRET");
    assertThat(found.trunks()).extracting(TrunkRow::name).containsExactly("sip-a", "sip-b");
    assertThat(found.trunks()).extracting(TrunkRow::pbxId).containsOnly(id);
    TrunkRow b = found.trunks().get(1);
    assertThat(b.maxChannels()).isEqualTo(30);
    assertThat(b.callsPerSecond()).isEqualTo(2.5);
    assertThat(found.trunks().get(0).maxChannels()).isNull();
    assertThat(pbxs.findByName(name)).contains(found);
    assertThat(pbxs.findByName("nobody")).isEmpty();
    assertThat(pbxs.findTrunk(b.id())).contains(b);
    assertThat(pbxs.list(0, 1000)).contains(found);
  }

  @Test
  void aNameIsUniqueAndFixed() {
    PbxStore pbxs = database.pbxs();
    String name = unique("b");
    String id = id();
    assertThat(pbxs.insert(pbx(id, name)).kind()).isEqualTo(Kind.DONE);
    assertThat(pbxs.insert(pbx(id(), name)).kind()).isEqualTo(Kind.NAME_TAKEN);
    assertThat(pbxs.update(pbx(id, unique("c"))).kind()).isEqualTo(Kind.NAME_FIXED);
    assertThat(pbxs.find(id).orElseThrow().name()).isEqualTo(name);
    assertThat(pbxs.update(pbx(id(), name)).kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(pbxs.delete(id()).kind()).isEqualTo(Kind.NOT_FOUND);
    assertThatThrownBy(
            () -> pbxs.insert(pbx(id(), unique("d"), trunk("t", 1, null), trunk("T", 2, null))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplaceKeepsTheIdsOfTrunksWhoseNamesStayAndRemovesUnusedOnes() {
    PbxStore pbxs = database.pbxs();
    String id = id();
    String name = unique("e");
    pbxs.insert(pbx(id, name, trunk("main", 10, null), trunk("spare", null, null)));
    PbxRow before = pbxs.find(id).orElseThrow();
    String main = before.trunks().get(0).id();

    PbxRow changed =
        new PbxRow(
            id,
            name,
            "now with a detail",
            "pbx.example",
            5039,
            "other",
            "file:/run/secrets/ami",
            List.of(trunk("MAIN", 20, 1.5), trunk("new", null, 3.0)));
    assertThat(pbxs.update(changed).kind()).isEqualTo(Kind.DONE);
    PbxRow after = pbxs.find(id).orElseThrow();
    assertThat(after.detail()).isEqualTo("now with a detail");
    assertThat(after.amiHost()).isEqualTo("pbx.example");
    assertThat(after.amiPort()).isEqualTo(5039);
    assertThat(after.secretRef()).isEqualTo("file:/run/secrets/ami");
    assertThat(after.trunks()).extracting(TrunkRow::name).containsExactly("MAIN", "new");
    TrunkRow kept = after.trunks().get(0);
    assertThat(kept.id()).isEqualTo(main);
    assertThat(kept.maxChannels()).isEqualTo(20);
    assertThat(kept.callsPerSecond()).isEqualTo(1.5);
    assertThat(pbxs.findTrunk(before.trunks().get(1).id())).isEmpty();
  }

  @Test
  void aTrunkALivePlanUsesIsNeitherRemovedNorDeletedWithItsPbx() {
    PbxStore pbxs = database.pbxs();
    CatalogueStore catalogue = database.catalogue();
    String id = id();
    String name = unique("f");
    pbxs.insert(pbx(id, name, trunk("main", null, null), trunk("other", null, null)));
    String main = pbxs.find(id).orElseThrow().trunks().get(0).id();
    String other = pbxs.find(id).orElseThrow().trunks().get(1).id();
    String planA = id();
    String planB = id();
    assertThat(catalogue.insertPlan(new PlanWithTrunk(plan(planA), main)))
        .isEqualTo(Guarded.done());
    assertThat(catalogue.insertPlan(new PlanWithTrunk(plan(planB), main)))
        .isEqualTo(Guarded.done());
    assertThat(catalogue.findPlanWithTrunk(planA).orElseThrow().trunkId()).isEqualTo(main);

    PbxWrite refused = pbxs.update(pbx(id, name, trunk("other", null, null)));
    assertThat(refused.kind()).isEqualTo(Kind.TRUNKS_IN_USE);
    assertThat(refused.trunks()).containsExactly("main");
    assertThat(refused.plans())
        .containsExactlyElementsOf(List.of(planA, planB).stream().sorted().toList());
    assertThat(pbxs.find(id).orElseThrow().trunks()).hasSize(2);
    PbxWrite notDeleted = pbxs.delete(id);
    assertThat(notDeleted.kind()).isEqualTo(Kind.TRUNKS_IN_USE);
    assertThat(notDeleted.trunks()).containsExactly("main");

    // A deleted plan does not hold a trunk: its reference is cleared.
    assertThat(catalogue.deletePlan(planA)).isEqualTo(Guarded.done());
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(planB), other), NAME_ONLY))
        .isEqualTo(Guarded.done());
    assertThat(pbxs.update(pbx(id, name, trunk("other", null, null))).kind()).isEqualTo(Kind.DONE);
    String cleared =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT trunk_id FROM plan WHERE id = :id")
                        .bind("id", planA)
                        .mapTo(String.class)
                        .one());
    assertThat(cleared).isNull();
    assertThat(pbxs.delete(id).kind()).isEqualTo(Kind.TRUNKS_IN_USE);
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(planB), null), NAME_ONLY))
        .isEqualTo(Guarded.done());
    assertThat(pbxs.delete(id).kind()).isEqualTo(Kind.DONE);
    assertThat(pbxs.find(id)).isEmpty();
    assertThat(pbxs.findTrunk(other)).isEmpty();
    // The name may be used again.
    assertThat(pbxs.insert(pbx(id(), name)).kind()).isEqualTo(Kind.DONE);
  }

  @Test
  void aPlansTrunkMustExistAndChangesOnlyWhileItsCampaignsAreStopped() {
    PbxStore pbxs = database.pbxs();
    CatalogueStore catalogue = database.catalogue();
    String id = id();
    pbxs.insert(pbx(id, unique("g"), trunk("main", null, null)));
    String main = pbxs.find(id).orElseThrow().trunks().get(0).id();
    String plan = id();
    assertThat(catalogue.insertPlan(new PlanWithTrunk(plan(plan), id())))
        .isEqualTo(Guarded.missing(List.of("trunkId")));
    assertThat(catalogue.findPlan(plan)).isEmpty();
    assertThat(catalogue.insertPlan(new PlanWithTrunk(plan(plan), null))).isEqualTo(Guarded.done());
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(plan), id()), NAME_ONLY))
        .isEqualTo(Guarded.missing(List.of("trunkId")));
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(id()), main), NAME_ONLY))
        .isEqualTo(Guarded.notFound());

    String destination = id();
    String dlma = id();
    catalogue.insertDestination(
        new DestinationRow(destination, "d", null, 1, null, null, null, "Park", null, Map.of()));
    catalogue.insertDlma(new DlmaRow(dlma, "l", null, Map.of()));
    String campaign = id();
    database
        .campaigns()
        .insertCampaign(
            new CampaignRow(campaign, "c", null, plan, destination, dlma, "{}", null, 1, null));
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(plan), main), NAME_ONLY))
        .isEqualTo(Guarded.inUse(List.of(campaign)));
    assertThat(catalogue.findPlanWithTrunk(plan).orElseThrow().trunkId()).isNull();
    database.campaigns().updateCampaignStatus(campaign, 0, null);
    assertThat(catalogue.updatePlan(new PlanWithTrunk(plan(plan), main), NAME_ONLY))
        .isEqualTo(Guarded.done());
    assertThat(catalogue.listPlansWithTrunk(0, 1000))
        .filteredOn(p -> p.plan().id().equals(plan))
        .extracting(PlanWithTrunk::trunkId)
        .containsExactly(main);
    // The plan's other reads and writes leave its trunk alone.
    assertThat(catalogue.updatePlan(plan(plan), NAME_ONLY::test)).isEqualTo(Guarded.done());
    assertThat(catalogue.findPlanWithTrunk(plan).orElseThrow().trunkId()).isEqualTo(main);
  }
}
