package io.outdial.api.dlmas;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.outdial.api.auth.Role;
import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.api.data.Guards;
import io.outdial.api.dlmas.EntryImporter.EntriesCreated;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.CampaignStore;
import io.outdial.store.CatalogueStore;
import io.outdial.store.EntryStore;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dial list entries: bulk import (JSON array or CSV, streamed, all or nothing), paged list, and one
 * entry read, replaced or deleted. Adding entries is always allowed (running campaigns are told
 * through their workflow's ListChanged signal); changing what an entry dials (numbers, variables,
 * timezone) or deleting it is refused while a campaign using its list is not in STOP.
 */
@Path("/v1/dlmas/{dlmaId}/entries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class EntryResource {
  public static final String TEXT_CSV = "text/csv";
  private static final Logger LOG = LoggerFactory.getLogger(EntryResource.class);

  private final CatalogueStore catalogue;
  private final EntryStore entries;
  private final CampaignStore campaigns;
  private final EntryImporter importer;
  private final CampaignRuns runs;

  public EntryResource(
      CatalogueStore catalogue,
      EntryStore entries,
      CampaignStore campaigns,
      EntryImporter importer,
      CampaignRuns runs,
      MeterRegistry metrics) {
    this.catalogue = catalogue;
    this.entries = entries;
    this.campaigns = campaigns;
    this.importer = importer;
    this.runs = runs;
    this.metrics = metrics;
  }

  private final MeterRegistry metrics;

  /**
   * Runs an import and counts it: {@code outdial_imports_total{format,outcome}} (created, or
   * refused: nothing of it was written), {@code outdial_import_entries_total{format}} and {@code
   * outdial_import_seconds{format}}.
   */
  private EntriesCreated counted(String format, java.util.concurrent.Callable<EntriesCreated> run)
      throws IOException {
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "refused";
    try {
      EntriesCreated created = run.call();
      if (created != null) {
        outcome = "created";
        metrics.counter("outdial.import.entries", "format", format).increment(created.created());
      }
      return created;
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      metrics.counter("outdial.imports", "format", format, "outcome", outcome).increment();
      sample.stop(metrics.timer("outdial.import", "format", format));
    }
  }

  @GET
  public Page<EntryResponse> list(@PathParam("dlmaId") String dlmaId, @Context UriInfo uri) {
    DlmaRow dlma = DlmaResource.find(catalogue, dlmaId);
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(
        entries.listEntries(dlma.id(), paging.offset(), paging.fetch()), EntryResponse::of);
  }

  /** Imports a JSON array of entries: {@code [{"numbers":["1001"]}, ...]}. */
  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response importJson(@PathParam("dlmaId") String dlmaId, InputStream body)
      throws IOException {
    DlmaRow dlma = DlmaResource.find(catalogue, dlmaId);
    return imported(dlma, counted("json", () -> importer.importJson(dlma.id(), body)));
  }

  /** Imports CSV with a header row: {@code name,number1,number2,var_LANG}. */
  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Consumes(TEXT_CSV)
  public Response importCsv(
      @PathParam("dlmaId") String dlmaId,
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type)
      throws IOException {
    DlmaRow dlma = DlmaResource.find(catalogue, dlmaId);
    Charset charset = charset(type);
    return imported(dlma, counted("csv", () -> importer.importCsv(dlma.id(), body, charset)));
  }

  private Response imported(DlmaRow dlma, EntriesCreated created) {
    if (created == null) {
      throw ApiException.notFound("dlma", dlma.id());
    }
    LOG.info("Imported {} entries into dlma {}", created.created(), dlma.id());
    try {
      // Best effort: the import is committed whatever Temporal says.
      runs.listChanged(campaigns.campaignsUsingDlma(dlma.id()));
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not tell the campaigns of dlma {} about new entries: {}", dlma.id(), e.toString());
    }
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  private static Charset charset(MediaType type) {
    String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("unknown charset '" + name + "' (send UTF-8)", List.of());
    }
  }

  @GET
  @Path("{entryId}")
  public EntryResponse get(
      @PathParam("dlmaId") String dlmaId, @PathParam("entryId") String entryId) {
    return EntryResponse.of(find(dlmaId, entryId));
  }

  /** Replaces the fields a client sets; status, try counts and results stay. */
  @PUT
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{entryId}")
  public EntryResponse update(
      @PathParam("dlmaId") String dlmaId, @PathParam("entryId") String entryId, EntryRequest body) {
    EntryRow old = find(dlmaId, entryId);
    Violations v = new Violations();
    EntryRow row = ApiException.requireBody(body).toRow(old.id(), old.dlmaId(), v);
    v.throwIfAny("invalid entry");
    Guards.require(
        entries.updateEntry(row, EntryRequest::changesDialing), "entry", entryId, "change");
    return EntryResponse.of(find(dlmaId, entryId));
  }

  @DELETE
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{entryId}")
  public Response delete(@PathParam("dlmaId") String dlmaId, @PathParam("entryId") String entryId) {
    find(dlmaId, entryId);
    Guards.require(entries.deleteEntry(dlmaId, entryId), "entry", entryId, "delete");
    return Response.noContent().build();
  }

  private EntryRow find(String dlmaId, String entryId) {
    DlmaResource.find(catalogue, dlmaId);
    if (!Violations.isUuid(entryId)) {
      throw ApiException.notFound("entry", entryId);
    }
    return entries
        .findEntry(dlmaId, entryId)
        .orElseThrow(() -> ApiException.notFound("entry", entryId));
  }
}
