package io.outdial.api.plans;

import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.outdial.store.Rows.PlanRow;
import java.util.UUID;

@Path("/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PlanResource {
  private final ResourceStore store;

  public PlanResource(ResourceStore store) {
    this.store = store;
  }

  @POST
  public Response create(PlanRequest body, @Context UriInfo uri) {
    var row = ApiException.requireBody(body).toRow(UUID.randomUUID().toString());
    store.insertPlan(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(PlanResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public PlanResponse get(@PathParam("id") String id) {
    return PlanResponse.of(find(store, id));
  }

  static PlanRow find(ResourceStore store, String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("plan", id);
    }
    return store.findPlan(id).orElseThrow(() -> ApiException.notFound("plan", id));
  }
}
