package io.outdial.api.destinations;

import io.outdial.api.Ids;
import io.outdial.api.data.Guards;
import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.Rows.DestinationRow;
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
 * Destinations: where answered calls go. One used by a campaign that is not in STOP cannot be
 * deleted, nor changed other than its name and detail.
 */
@Path("/v1/destinations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DestinationResource {
  private final ResourceStore store;

  public DestinationResource(ResourceStore store) {
    this.store = store;
  }

  @GET
  public Page<DestinationResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(store.listDestinations(paging.offset(), paging.fetch()),
        DestinationResponse::of);
  }

  @POST
  public Response create(DestinationRequest body, @Context UriInfo uri) {
    DestinationRow row = ApiException.requireBody(body).toRow(Ids.newId());
    store.insertDestination(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(DestinationResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public DestinationResponse get(@PathParam("id") String id) {
    return DestinationResponse.of(find(id));
  }

  @PUT
  @Path("{id}")
  public DestinationResponse update(@PathParam("id") String id, DestinationRequest body) {
    find(id);
    DestinationRow row = ApiException.requireBody(body).toRow(id);
    Guards.require(store.updateDestination(row, DestinationRequest::changesDialing),
        "destination", id, "change");
    return DestinationResponse.of(find(id));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    find(id);
    Guards.require(store.deleteDestination(id), "destination", id, "delete");
    return Response.noContent().build();
  }

  private DestinationRow find(String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("destination", id);
    }
    return store.findDestination(id).orElseThrow(() -> ApiException.notFound("destination", id));
  }
}
