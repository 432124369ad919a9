package io.outdial.api.plans;

import io.outdial.api.Ids;
import io.outdial.api.data.Guards;
import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.Rows.PlanRow;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Plans: how to dial. A plan used by a campaign that is not in STOP cannot be deleted, nor
 * changed other than its name and detail (409 naming the campaigns).
 */
@Path("/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PlanResource {
  private final ResourceStore store;

  public PlanResource(ResourceStore store) {
    this.store = store;
  }

  @GET
  public Page<PlanResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(store.listPlans(paging.offset(), paging.fetch()), PlanResponse::of);
  }

  @POST
  public Response create(PlanRequest body, @Context UriInfo uri) {
    PlanRow row = ApiException.requireBody(body).toRow(Ids.newId());
    store.insertPlan(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(PlanResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public PlanResponse get(@PathParam("id") String id) {
    return PlanResponse.of(find(store, id));
  }

  /** Replaces every field (absent ones take their defaults, as on create). */
  @PUT
  @Path("{id}")
  public PlanResponse update(@PathParam("id") String id, PlanRequest body) {
    find(store, id);
    PlanRow row = ApiException.requireBody(body).toRow(id);
    Guards.require(store.updatePlan(row, PlanRequest::changesDialing), "plan", id, "change");
    return PlanResponse.of(find(store, id));
  }

  /** Soft delete: the row stays for results, hidden; campaigns cannot reference it any more. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    find(store, id);
    Guards.require(store.deletePlan(id), "plan", id, "delete");
    return Response.noContent().build();
  }

  static PlanRow find(ResourceStore store, String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("plan", id);
    }
    return store.findPlan(id).orElseThrow(() -> ApiException.notFound("plan", id));
  }
}
