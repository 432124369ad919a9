package io.outdial.api.pbxs;

import io.outdial.api.Ids;
import io.outdial.api.auth.Role;
import io.outdial.api.data.CatalogueResource;
import io.outdial.api.errors.ApiError;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.FieldError;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.PbxStore;
import io.outdial.store.PbxStore.PbxRow;
import io.outdial.store.PbxStore.PbxWrite;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PBXs: how workers reach each Asterisk's AMI, and its trunks with their limits. A worker serves
 * the PBXs its {@code OUTDIAL_PBXS} names and reads their rows when it starts. Names are unique
 * (409) and fixed once created (422). A PUT replaces the list of trunks, keeping the id of every
 * trunk whose name stays; a trunk that a plan dials through cannot be removed, nor its PBX deleted
 * (409 naming the trunks and the plans). Deletes remove the rows (PbxStore says why).
 */
@Path("/v1/pbxs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PbxResource {
  private final PbxStore pbxs;

  public PbxResource(PbxStore pbxs) {
    this.pbxs = pbxs;
  }

  @GET
  public Page<PbxResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(pbxs.list(paging.offset(), paging.fetch()), PbxResponse::of);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response create(PbxRequest body, @Context UriInfo uri) {
    PbxRow row = ApiException.requireBody(body).toRow(Ids.newId(), Ids::newId, null);
    PbxWrite w = pbxs.insert(row);
    if (w.kind() == PbxWrite.Kind.NAME_TAKEN) {
      throw nameTaken(row.name());
    }
    require(w, row.id(), "create");
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(PbxResponse.of(find(row.id())))
        .build();
  }

  @GET
  @Path("{id}")
  public PbxResponse get(@PathParam("id") String id) {
    return PbxResponse.of(find(id));
  }

  @PUT
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public PbxResponse update(@PathParam("id") String id, PbxRequest body) {
    PbxRow old = find(id);
    PbxRow row = ApiException.requireBody(body).toRow(id, Ids::newId, old.name());
    require(pbxs.update(row), id, "change");
    return PbxResponse.of(find(id));
  }

  @DELETE
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    find(id);
    require(pbxs.delete(id), id, "delete");
    return Response.noContent().build();
  }

  private PbxRow find(String id) {
    return CatalogueResource.require("pbx", id, pbxs::find);
  }

  /** Returns when the write was done; otherwise the API's answer to why it was not. */
  private static void require(PbxWrite w, String id, String verb) {
    switch (w.kind()) {
      case DONE -> {
        return;
      }
      case NOT_FOUND -> throw ApiException.notFound("pbx", id);
      case NAME_FIXED ->
          throw ApiException.invalid("name", "cannot change: a PBX's name is fixed once created");
      case NAME_TAKEN -> throw new IllegalStateException("a replace cannot take a name");
      case TRUNKS_IN_USE -> throw trunksInUse(w, id, verb);
      default -> throw new IllegalStateException("unknown outcome " + w.kind());
    }
  }

  private static ApiException nameTaken(String name) {
    return new ApiException(
        new ApiError(
            409,
            "a PBX named " + name + " exists already",
            List.of(new FieldError("name", "must be unique: another PBX is named " + name))));
  }

  /** 409 naming the trunks that plans dial through, and the plans. */
  private static ApiException trunksInUse(PbxWrite w, String id, String verb) {
    String trunks = String.join(", ", w.trunks());
    String plans = String.join(", ", w.plans());
    String message =
        verb.equals("delete")
            ? "cannot delete pbx " + id + ": plans dial through its trunks " + trunks
            : "cannot remove "
                + (w.trunks().size() == 1 ? "trunk " : "trunks ")
                + trunks
                + " of pbx "
                + id
                + ": plans dial through "
                + (w.trunks().size() == 1 ? "it" : "them");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("trunks", w.trunks());
    details.put("plans", w.plans());
    List<FieldError> errors =
        verb.equals("delete")
            ? List.of()
            : List.of(
                new FieldError(
                    "trunks",
                    "must keep "
                        + trunks
                        + ": plans dial through "
                        + (w.trunks().size() == 1 ? "it" : "them")
                        + " ("
                        + plans
                        + ")"));
    return new ApiException(
        new ApiError(
            409,
            message + " (" + plans + "); give those plans another trunkId first",
            errors,
            details));
  }
}
