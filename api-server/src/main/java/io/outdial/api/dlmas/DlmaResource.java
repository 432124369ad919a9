package io.outdial.api.dlmas;

import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Dial list masters and their entries. */
@Path("/v1/dlmas")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DlmaResource {
  /** PRODUCT.md 2 asks for bulk imports of at least 100,000 entries per call. */
  public static final int MAX_ENTRIES_PER_REQUEST = 100_000;

  private final ResourceStore store;

  public DlmaResource(ResourceStore store) {
    this.store = store;
  }

  @POST
  public Response create(DlmaRequest body, @Context UriInfo uri) {
    DlmaRow row = ApiException.requireBody(body).toRow(UUID.randomUUID().toString());
    store.insertDlma(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(DlmaResponse.of(row)).build();
  }

  @GET
  @Path("{id}")
  public DlmaResponse get(@PathParam("id") String id) {
    return DlmaResponse.of(find(id));
  }

  /**
   * Adds entries, all or nothing: every entry is checked before any is written, and they are
   * written in one transaction.
   */
  @POST
  @Path("{id}/entries")
  public Response addEntries(@PathParam("id") String id, List<EntryRequest> body,
      @Context UriInfo uri) {
    DlmaRow dlma = find(id);
    List<EntryRequest> entries = ApiException.requireBody(body);
    Violations v = new Violations();
    if (entries.isEmpty()) {
      v.add("body", "must hold at least one entry");
    } else if (entries.size() > MAX_ENTRIES_PER_REQUEST) {
      v.add("body", "must hold at most " + MAX_ENTRIES_PER_REQUEST + " entries");
    }
    v.throwIfAny("invalid entries");
    List<EntryRow> rows = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      EntryRequest e = entries.get(i);
      if (e == null) {
        v.add("[" + i + "]", "must be an object");
        continue;
      }
      EntryRow row = e.toRow(UUID.randomUUID().toString(), dlma.id(), v.under("[" + i + "]."));
      if (row != null) {
        rows.add(row);
      }
    }
    v.throwIfAny("invalid entries, none was added");
    store.insertEntries(rows);
    List<String> ids = rows.stream().map(EntryRow::id).toList();
    return Response.status(Response.Status.CREATED).entity(new EntriesCreated(ids.size(), ids))
        .build();
  }

  @GET
  @Path("{id}/entries")
  public EntryList entries(@PathParam("id") String id) {
    DlmaRow dlma = find(id);
    List<EntryResponse> items = store.entriesOf(dlma.id()).stream().map(EntryResponse::of).toList();
    return new EntryList(items, items.size());
  }

  /** Answer to an import: how many entries were added and their ids, in the order given. */
  public record EntriesCreated(int created, List<String> ids) {}

  public record EntryList(List<EntryResponse> items, int count) {}

  private DlmaRow find(String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("dlma", id);
    }
    return store.findDlma(id).orElseThrow(() -> ApiException.notFound("dlma", id));
  }
}
