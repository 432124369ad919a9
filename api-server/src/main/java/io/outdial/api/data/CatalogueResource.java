package io.outdial.api.data;

import io.outdial.api.Ids;
import io.outdial.api.auth.Role;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.Rows.Guarded;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The five operations of a catalogue row (a plan, a destination, a dial list), which behave alike:
 * list, create, read, replace every field (absent ones take their defaults, as on create), soft
 * delete (the row stays for results, hidden; campaigns cannot reference it any more). A replace
 * that matters to dialing, or a delete, is refused with 409 while campaigns using the row are not
 * in STOP. Subclasses say which rows, under which path.
 *
 * @param <Q> the request body
 * @param <R> the stored row
 * @param <P> the response body
 */
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public abstract class CatalogueResource<Q extends CatalogueResource.Request<R>, R, P> {
  /** A request body, which makes the row it describes. */
  public interface Request<R> {
    R toRow(String id);
  }

  /** How the rows of one table are read and written (by its store). */
  public record Rows<R>(
      Lister<R> list,
      Consumer<R> insert,
      Function<String, Optional<R>> find,
      Function<R, Guarded> replace,
      Function<String, Guarded> delete) {}

  /** A page of live rows: {@code offset} skipped, at most {@code limit}. */
  @FunctionalInterface
  public interface Lister<R> {
    List<R> list(int offset, int limit);
  }

  /** The name of the resource in messages: "plan", say. */
  private final String kind;

  private final Function<R, String> id;
  private final Function<R, P> response;
  private final Rows<R> rows;

  protected CatalogueResource(
      String kind, Function<R, String> id, Function<R, P> response, Rows<R> rows) {
    this.kind = kind;
    this.id = id;
    this.response = response;
    this.rows = rows;
  }

  @GET
  public Page<P> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(rows.list().list(paging.offset(), paging.fetch()), response);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response create(Q body, @Context UriInfo uri) {
    R row = toRow(ApiException.requireBody(body), Ids.newId());
    rows.insert().accept(row);
    return Response.created(uri.getAbsolutePathBuilder().path(id.apply(row)).build())
        .entity(response.apply(row))
        .build();
  }

  @GET
  @Path("{id}")
  public P get(@PathParam("id") String id) {
    return response.apply(require(id));
  }

  @PUT
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public P update(@PathParam("id") String id, Q body) {
    require(id);
    R row = toRow(ApiException.requireBody(body), id);
    Guards.require(rows.replace().apply(row), kind, id, "change");
    return response.apply(require(id));
  }

  @DELETE
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    require(id);
    Guards.require(rows.delete().apply(id), kind, id, "delete");
    return Response.noContent().build();
  }

  /**
   * The row a body describes, or a 422 listing every rule it breaks; a resource whose rules need
   * other rows (a plan's trunk) checks them here.
   */
  protected R toRow(Q body, String id) {
    return body.toRow(id);
  }

  private R require(String id) {
    return require(kind, id, rows.find());
  }

  /** The row, or 404 when the id is not a UUID or names no live row. */
  public static <R> R require(String kind, String id, Function<String, Optional<R>> find) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound(kind, id);
    }
    return find.apply(id).orElseThrow(() -> ApiException.notFound(kind, id));
  }
}
