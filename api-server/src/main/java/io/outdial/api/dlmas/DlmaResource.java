package io.outdial.api.dlmas;

import io.outdial.api.Ids;
import io.outdial.api.data.Guards;
import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.Rows.DlmaRow;
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
 * Dial list masters. A list used by a campaign that is not in STOP cannot be deleted, nor have
 * its variables changed. Its entries are under {@link EntryResource}.
 */
@Path("/v1/dlmas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DlmaResource {
  private final ResourceStore store;

  public DlmaResource(ResourceStore store) {
    this.store = store;
  }

  @GET
  public Page<DlmaResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(store.listDlmas(paging.offset(), paging.fetch()), DlmaResponse::of);
  }

  @POST
  public Response create(DlmaRequest body, @Context UriInfo uri) {
    DlmaRow row = ApiException.requireBody(body).toRow(Ids.newId());
    store.insertDlma(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(DlmaResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public DlmaResponse get(@PathParam("id") String id) {
    return DlmaResponse.of(find(store, id));
  }

  @PUT
  @Path("{id}")
  public DlmaResponse update(@PathParam("id") String id, DlmaRequest body) {
    find(store, id);
    DlmaRow row = ApiException.requireBody(body).toRow(id);
    Guards.require(store.updateDlma(row, DlmaRequest::changesDialing), "dlma", id, "change");
    return DlmaResponse.of(find(store, id));
  }

  /** Soft delete of the list; its entries stay in the database, hidden with it. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    find(store, id);
    Guards.require(store.deleteDlma(id), "dlma", id, "delete");
    return Response.noContent().build();
  }

  static DlmaRow find(ResourceStore store, String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("dlma", id);
    }
    return store.findDlma(id).orElseThrow(() -> ApiException.notFound("dlma", id));
  }
}
