package io.outdial.api.dnc;

import io.outdial.api.Ids;
import io.outdial.api.auth.Role;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.CampaignStore;
import io.outdial.store.Column;
import io.outdial.store.DncStore;
import io.outdial.store.DncStore.DncListRow;
import io.outdial.store.PhoneNumbers;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Do-not-call lists ({@code /v1/dnc-lists}): a global list holds every campaign back from its
 * numbers, any other the campaigns attached to it. Numbers are kept in their normal form ({@link
 * PhoneNumbers}, read in the list's region), and so are the numbers dialed when they are looked up,
 * immediately before each originate: a number added holds from the next call on.
 */
@Path("/v1/dnc-lists")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DncResource {
  private static final Logger LOG = LoggerFactory.getLogger(DncResource.class);

  /** Numbers one add takes (JSON or CSV): they are checked, then written in one transaction. */
  public static final int MAX_NUMBERS = 1_000_000;

  private final DncStore dnc;
  private final CampaignStore campaigns;
  private final Clock clock;

  public DncResource(DncStore dnc, CampaignStore campaigns, Clock clock) {
    this.dnc = dnc;
    this.campaigns = campaigns;
    this.clock = clock;
  }

  /** A list as a client sets it; the read-only fields of a list read are accepted and ignored. */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties({
    "id",
    "numbers",
    "createdAt",
    "updatedAt"
  })
  public record DncListRequest(String name, String region, Boolean global) {
    public static final java.util.Set<String> READ_ONLY =
        java.util.Set.of("id", "numbers", "createdAt", "updatedAt");
  }

  public record DncListResponse(
      String id,
      String name,
      String region,
      boolean global,
      long numbers,
      Instant createdAt,
      Instant updatedAt) {
    static DncListResponse of(DncListRow l) {
      return new DncListResponse(
          l.id(), l.name(), l.region(), l.global(), l.numbers(), l.createdAt(), l.updatedAt());
    }
  }

  public record DncNumbersRequest(List<String> numbers) {}

  /** What an add did: how many numbers it read, how many were new to the list. */
  public record DncNumbersAdded(long received, long added, long alreadyListed) {}

  public record DncNumberResponse(String number, Instant addedAt) {}

  /** Whether a campaign would dial a number, and if not, which list holds it back. */
  public record DncCheckResponse(
      String campaign, boolean blocked, String listId, String listName, String normalised) {}

  // ---- lists ---------------------------------------------------------------------------------

  @GET
  public Page<DncListResponse> lists(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(dnc.lists(paging.offset(), paging.fetch()), DncListResponse::of);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response create(DncListRequest body, @Context UriInfo uri) {
    DncListRequest r = ApiException.requireBody(body);
    Violations v = new Violations();
    String name = name(v, r);
    if (r.region() != null && !PhoneNumbers.isRegion(r.region())) {
      v.add("region", "must be an ISO 3166 alpha-2 region in capitals that has phone numbers (FR)");
    }
    v.throwIfAny("invalid do-not-call list");
    Instant now = clock.instant();
    DncListRow row =
        new DncListRow(Ids.newId(), name, r.region(), Boolean.TRUE.equals(r.global()), 0, now, now);
    dnc.createList(row);
    LOG.info("Do-not-call list {} created (global: {})", row.id(), row.global());
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(DncListResponse.of(find(row.id())))
        .build();
  }

  @GET
  @Path("{listId}")
  public DncListResponse get(@PathParam("listId") String listId) {
    return DncListResponse.of(find(listId));
  }

  /** Renames the list or makes it global or not; its region cannot change (422). */
  @PUT
  @Path("{listId}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public DncListResponse update(@PathParam("listId") String listId, DncListRequest body) {
    DncListRow old = find(listId);
    DncListRequest r = ApiException.requireBody(body);
    Violations v = new Violations();
    String name = name(v, r);
    if (!java.util.Objects.equals(r.region(), old.region())) {
      v.add(
          "region",
          "cannot change: the list's numbers were read in "
              + (old.region() == null ? "no region" : old.region())
              + "; create another list");
    }
    v.throwIfAny("invalid do-not-call list");
    if (!dnc.updateList(listId, name, Boolean.TRUE.equals(r.global()), clock.instant())) {
      throw ApiException.notFound("dnc-list", listId);
    }
    return DncListResponse.of(find(listId));
  }

  /** Deletes the list with its numbers: campaigns are no longer held back by them. */
  @DELETE
  @Path("{listId}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response delete(@PathParam("listId") String listId) {
    find(listId);
    if (!dnc.deleteList(listId)) {
      throw ApiException.notFound("dnc-list", listId);
    }
    LOG.info("Do-not-call list {} deleted", listId);
    return Response.noContent().build();
  }

  // ---- numbers -------------------------------------------------------------------------------

  @GET
  @Path("{listId}/numbers")
  public Page<DncNumberResponse> numbers(@PathParam("listId") String listId, @Context UriInfo uri) {
    find(listId);
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(
        dnc.numbers(listId, paging.offset(), paging.fetch()),
        n -> new DncNumberResponse(n.number(), n.addedAt()));
  }

  /** Adds numbers: {@code {"numbers":["+33 1 23 45 67 89", ...]}}. */
  @POST
  @Path("{listId}/numbers")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public DncNumbersAdded addJson(@PathParam("listId") String listId, DncNumbersRequest body) {
    DncListRow list = find(listId);
    DncNumbersRequest r = ApiException.requireBody(body);
    Violations v = new Violations();
    List<String> normalised = new ArrayList<>();
    if (r.numbers() == null) {
      v.add("numbers", "is required");
    } else if (r.numbers().size() > MAX_NUMBERS) {
      v.add("numbers", "must hold at most " + MAX_NUMBERS + " numbers");
    } else {
      for (int i = 0; i < r.numbers().size(); i++) {
        String n = number(v.atIndex(i), "numbers[" + i + "]", r.numbers().get(i), list);
        if (n != null) {
          normalised.add(n);
        }
      }
    }
    v.throwIfAny("invalid numbers");
    return added(list, normalised);
  }

  /**
   * Adds numbers from CSV: one per line in the first column, an optional header line {@code
   * number}, further columns ignored (a list exported from elsewhere may carry names).
   */
  @POST
  @Path("{listId}/numbers")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Consumes("text/csv")
  public DncNumbersAdded addCsv(@PathParam("listId") String listId, InputStream body)
      throws IOException {
    DncListRow list = find(listId);
    Violations v = new Violations();
    List<String> normalised = new ArrayList<>();
    io.outdial.api.dlmas.CsvReader rows =
        new io.outdial.api.dlmas.CsvReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    try {
      for (List<String> row = rows.next(); row != null; row = rows.next()) {
        long line = rows.recordLine();
        String first = row.isEmpty() ? "" : row.get(0);
        if (row.size() == 1 && first.isEmpty()) {
          continue; // an empty line
        }
        if (line == 1 && first.strip().equalsIgnoreCase("number")) {
          continue; // the header
        }
        if (normalised.size() >= MAX_NUMBERS) {
          v.atLine(line).add("number", "must be at most " + MAX_NUMBERS + " numbers in one add");
          break;
        }
        String n = number(v.atLine(line), "number", first, list);
        if (n != null) {
          normalised.add(n);
        }
      }
    } catch (io.outdial.api.dlmas.CsvReader.CsvException e) {
      throw ApiException.badRequest(
          "malformed CSV at line " + e.line + ": " + e.getMessage(), List.of());
    }
    v.throwIfAny("invalid numbers");
    return added(list, normalised);
  }

  private DncNumbersAdded added(DncListRow list, List<String> normalised) {
    long added = dnc.addNumbers(list.id(), normalised, clock.instant());
    LOG.info(
        "{} numbers added to do-not-call list {} ({} new)", normalised.size(), list.id(), added);
    return new DncNumbersAdded(normalised.size(), added, normalised.size() - added);
  }

  /** Whether the list holds the number (given in any form: it is normalised first). */
  @GET
  @Path("{listId}/numbers/{number}")
  public DncNumberResponse number(
      @PathParam("listId") String listId, @PathParam("number") String number) {
    DncListRow list = find(listId);
    String n = PhoneNumbers.normalise(number, list.region());
    return dnc.findNumber(listId, n)
        .map(r -> new DncNumberResponse(r.number(), r.addedAt()))
        .orElseThrow(() -> ApiException.notFound("number on dnc-list " + listId, n));
  }

  @DELETE
  @Path("{listId}/numbers/{number}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response removeNumber(
      @PathParam("listId") String listId, @PathParam("number") String number) {
    DncListRow list = find(listId);
    String n = PhoneNumbers.normalise(number, list.region());
    if (!dnc.removeNumber(listId, n)) {
      throw ApiException.notFound("number on dnc-list " + listId, n);
    }
    return Response.noContent().build();
  }

  // ---- campaigns -----------------------------------------------------------------------------

  /** The campaigns the list is attached to (a global list holds every campaign besides). */
  @GET
  @Path("{listId}/campaigns")
  public DncCampaigns campaignsOf(@PathParam("listId") String listId) {
    find(listId);
    return new DncCampaigns(dnc.campaignsOf(listId));
  }

  /** The ids of the campaigns a list is attached to. */
  public record DncCampaigns(List<String> campaigns) {}

  /** Holds the campaign to the list too, from its next call on (within a second). */
  @PUT
  @Path("{listId}/campaigns/{campaignId}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response attach(
      @PathParam("listId") String listId, @PathParam("campaignId") String campaignId) {
    find(listId);
    campaign(campaignId);
    dnc.attach(campaignId, listId);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{listId}/campaigns/{campaignId}")
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response detach(
      @PathParam("listId") String listId, @PathParam("campaignId") String campaignId) {
    find(listId);
    if (!dnc.detach(campaignId, listId)) {
      throw ApiException.notFound("campaign attached to dnc-list " + listId, campaignId);
    }
    return Response.noContent().build();
  }

  /**
   * Whether campaign {@code campaign} would dial {@code number} now, and if not which of the lists
   * that apply to it (the global ones and those attached) holds it back.
   */
  @GET
  @Path("check")
  public DncCheckResponse check(@Context UriInfo uri) {
    Violations v = new Violations();
    var q = uri.getQueryParameters();
    Paging.onlyKnown(v, q.keySet(), List.of("campaign", "number"));
    String campaignId = q.getFirst("campaign");
    String number = q.getFirst("number");
    if (campaignId == null || campaignId.isBlank()) {
      v.add("campaign", "is required");
    } else {
      v.uuid("campaign", campaignId);
    }
    v.requiredText("number", number, Column.ENTRY_NUMBER);
    v.throwIfAny("invalid query");
    campaign(campaignId);
    return dnc.blockingList(dnc.applying(campaignId), number)
        .map(h -> new DncCheckResponse(campaignId, true, h.listId(), h.listName(), h.normalised()))
        .orElse(new DncCheckResponse(campaignId, false, null, null, null));
  }

  // ---- checks --------------------------------------------------------------------------------

  private static String name(Violations v, DncListRequest r) {
    String name = r.name() == null ? null : r.name().strip();
    v.requiredText("name", name, Column.DNC_LIST_NAME);
    return name;
  }

  /** A number as an entry's number may be, normalised in the list's region; null when refused. */
  private static String number(Violations v, String field, String raw, DncListRow list) {
    if (!v.requiredText(field, raw, Column.ENTRY_NUMBER)) {
      return null;
    }
    return PhoneNumbers.normalise(raw, list.region());
  }

  private DncListRow find(String listId) {
    if (!Violations.isUuid(listId)) {
      throw ApiException.notFound("dnc-list", listId);
    }
    return dnc.findList(listId).orElseThrow(() -> ApiException.notFound("dnc-list", listId));
  }

  private void campaign(String campaignId) {
    if (!Violations.isUuid(campaignId) || campaigns.findCampaign(campaignId).isEmpty()) {
      throw ApiException.notFound("campaign", campaignId);
    }
  }
}
