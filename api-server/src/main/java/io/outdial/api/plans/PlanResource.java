package io.outdial.api.plans;

import io.outdial.api.data.CatalogueResource;
import io.outdial.store.CatalogueStore;
import io.outdial.store.Rows.PlanRow;
import jakarta.ws.rs.Path;

/**
 * Plans: how to dial. A plan used by a campaign that is not in STOP cannot be deleted, nor changed
 * other than its name and detail (409 naming the campaigns).
 */
@Path("/v1/plans")
public final class PlanResource extends CatalogueResource<PlanRequest, PlanRow, PlanResponse> {
  public PlanResource(CatalogueStore catalogue) {
    super(
        "plan",
        PlanRow::id,
        PlanResponse::of,
        new Rows<>(
            catalogue::listPlans,
            catalogue::insertPlan,
            catalogue::findPlan,
            row -> catalogue.updatePlan(row, PlanRequest::changesDialing),
            catalogue::deletePlan));
  }
}
