package io.outdial.api.plans;

import io.outdial.api.data.CatalogueResource;
import io.outdial.api.data.Guards;
import io.outdial.store.CatalogueStore;
import io.outdial.store.CatalogueStore.PlanWithTrunk;
import io.outdial.store.PbxStore;
import jakarta.ws.rs.Path;

/**
 * Plans: how to dial, and through which trunk. A plan used by a campaign that is not in STOP cannot
 * be deleted, nor changed other than its name and detail (409 naming the campaigns); its trunk is
 * part of how it dials.
 */
@Path("/v1/plans")
public final class PlanResource
    extends CatalogueResource<PlanRequest, PlanWithTrunk, PlanResponse> {
  private final PbxStore pbxs;

  public PlanResource(CatalogueStore catalogue, PbxStore pbxs) {
    super(
        "plan",
        p -> p.plan().id(),
        PlanResponse::of,
        new Rows<>(
            catalogue::listPlansWithTrunk,
            row -> Guards.require(catalogue.insertPlan(row), "plan", row.plan().id(), "create"),
            catalogue::findPlanWithTrunk,
            row -> catalogue.updatePlan(row, PlanRequest::changesDialing),
            catalogue::deletePlan));
    this.pbxs = pbxs;
  }

  @Override
  protected PlanWithTrunk toRow(PlanRequest body, String id) {
    return body.toRow(id, trunk -> pbxs.findTrunk(trunk).isPresent());
  }
}
