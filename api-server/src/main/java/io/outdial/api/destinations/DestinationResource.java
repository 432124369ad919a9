package io.outdial.api.destinations;

import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.store.Rows.DestinationRow;
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
import java.util.UUID;

@Path("/v1/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DestinationResource {
  private final ResourceStore store;

  public DestinationResource(ResourceStore store) {
    this.store = store;
  }

  @POST
  public Response create(DestinationRequest body, @Context UriInfo uri) {
    DestinationRow row = ApiException.requireBody(body).toRow(UUID.randomUUID().toString());
    store.insertDestination(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(DestinationResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public DestinationResponse get(@PathParam("id") String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("destination", id);
    }
    return DestinationResponse.of(
        store.findDestination(id).orElseThrow(() -> ApiException.notFound("destination", id)));
  }
}
