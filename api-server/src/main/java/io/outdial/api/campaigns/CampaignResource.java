package io.outdial.api.campaigns;

import io.dropwizard.auth.Auth;
import io.outdial.api.Ids;
import io.outdial.api.auth.Operator;
import io.outdial.api.auth.Role;
import io.outdial.api.codes.Codes;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.FieldError;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.store.AttemptStore;
import io.outdial.store.CampaignStore;
import io.outdial.store.CatalogueStore;
import io.outdial.store.Column;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.Guarded;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns: CRUD, reads with live counts and calling windows, their dialings, and operator actions
 * on their workflows. The API never writes a campaign's status: its workflow holds it and mirrors
 * it into the row.
 */
@Path("/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CampaignResource {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignResource.class);

  /** Who the workflow history shows as having asked, when no {@value #OPERATOR_HEADER} is sent. */
  static final String REQUESTED_BY = "api";

  public static final String OPERATOR_HEADER = "X-Operator";

  /**
   * Longest reason of an action: the workflow writes it, with who asked, into the campaign's status
   * reason ({@code "force stopped by <operator>: <reason>"}).
   */
  public static final int REASON_MAX = OperatorAction.reasonMax(Column.CAMPAIGN_STATUS_REASON.max);

  private final CatalogueStore catalogue;
  private final CampaignStore campaigns;
  private final AttemptStore attempts;
  private final CampaignRuns runs;
  private final CampaignReads reads;
  private final Clock clock;

  public CampaignResource(
      CatalogueStore catalogue,
      CampaignStore campaigns,
      AttemptStore attempts,
      CampaignRuns runs,
      CampaignReads reads,
      Clock clock) {
    this.catalogue = catalogue;
    this.campaigns = campaigns;
    this.attempts = attempts;
    this.runs = runs;
    this.reads = reads;
    this.clock = clock;
  }

  @GET
  public Page<CampaignResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    Instant now = clock.instant();
    return paging.page(
        campaigns.listCampaigns(paging.offset(), paging.fetch()),
        c -> {
          reads.seen(c.id(), c.status());
          return CampaignResponse.of(c, reads.counts(c.id()), reads.pace(c.id()), runs, now, null);
        });
  }

  /**
   * Creates the campaign in STOP and starts its long-running workflow. When Temporal is away the
   * campaign is created all the same, and its first operator action starts the workflow.
   */
  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  public Response create(@Auth Operator by, CampaignRequest body, @Context UriInfo uri) {
    String id = Ids.newId();
    CampaignRow row =
        ApiException.requireBody(body)
            .toRow(id, CampaignStatus.STOP.code(), null, catalogue, campaigns);
    Guarded g = campaigns.insertCampaignChecked(row);
    if (g.kind() == Guarded.Kind.MISSING_REFERENCE) {
      throw missing(g);
    }
    try {
      runs.create(id, row.name(), by.name());
    } catch (CampaignRuns.Unavailable e) {
      LOG.warn(
          "Campaign {} created, its workflow not started yet ({}); the first operator"
              + " action will start it",
          id,
          e.getMessage());
    }
    return Response.created(uri.getAbsolutePathBuilder().path(id).build())
        .entity(CampaignResponse.of(row, campaigns.campaignCounts(id), runs, clock.instant()))
        .build();
  }

  /**
   * The campaign, with its {@code problem} when its workflow or one of its oldest attempts has been
   * failing for seconds (a campaign that is not progressing says why).
   */
  @GET
  @Path("{id}")
  public CampaignResponse get(@PathParam("id") String id) {
    CampaignRow c = find(id);
    reads.seen(c.id(), c.status());
    CampaignProblem problem = reads.problem(c.id()).orElse(null);
    return CampaignResponse.of(
        c, reads.counts(c.id()), reads.pace(c.id()), runs, clock.instant(), problem);
  }

  /**
   * Replaces the fields a client sets. Outside STOP only the name and detail may change (the
   * workflow read the rest when it started).
   */
  @PUT
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public CampaignResponse update(@PathParam("id") String id, CampaignRequest body) {
    CampaignRow old = find(id);
    CampaignRow row =
        ApiException.requireBody(body)
            .toRow(id, old.status(), old.statusReason(), catalogue, campaigns);
    Guarded g = campaigns.updateCampaign(row, CampaignRequest::changesDialing);
    switch (g.kind()) {
      case NOT_FOUND -> throw ApiException.notFound("campaign", id);
      case MISSING_REFERENCE -> throw missing(g);
      case IN_USE -> {
        CampaignRow now = find(id);
        throw ApiException.inUse(
            "cannot change the plan, destination, dlma, schedule or"
                + " nextCampaign of a campaign in "
                + Codes.CAMPAIGN_STATUS.name(now.status())
                + ": stop it first",
            List.of(id),
            currentStatus(now.status()));
      }
      default -> {
        // done
      }
    }
    return get(id);
  }

  /**
   * Soft-deletes a campaign in STOP (its results stay). Its workflow, which runs from the
   * campaign's creation, is left alone: it holds no calls in STOP and can be terminated in the
   * Temporal UI; the campaign's id is never reused.
   */
  @DELETE
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    find(id);
    Guarded g = campaigns.deleteCampaign(id);
    switch (g.kind()) {
      case NOT_FOUND -> throw ApiException.notFound("campaign", id);
      case IN_USE -> {
        if (g.campaigns().equals(List.of(id))) {
          CampaignRow c = find(id);
          throw ApiException.inUse(
              "cannot delete a campaign in "
                  + Codes.CAMPAIGN_STATUS.name(c.status())
                  + ": stop it first",
              List.of(id),
              currentStatus(c.status()));
        }
        throw ApiException.inUse(
            "cannot delete campaign "
                + id
                + ": it is the next campaign"
                + " of campaigns that are not stopped ("
                + String.join(", ", g.campaigns())
                + ")",
            g.campaigns(),
            Map.of());
      }
      default -> {
        // done
      }
    }
    return Response.noContent().build();
  }

  /** The campaign's attempts in flight (not settled), oldest first, paged. */
  @GET
  @Path("{id}/dialings")
  public Page<DialingResponse> dialings(@PathParam("id") String id, @Context UriInfo uri) {
    CampaignRow c = find(id);
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(
        attempts.unsettledAttempts(c.id(), paging.offset(), paging.fetch()), DialingResponse::of);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}/start")
  public Response start(
      @PathParam("id") String id,
      @Auth Operator by,
      @HeaderParam(OPERATOR_HEADER) String operator,
      ControlRequest body) {
    return control(id, CampaignRuns.Action.START, by, operator, body);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}/stop")
  public Response stop(
      @PathParam("id") String id,
      @Auth Operator by,
      @HeaderParam(OPERATOR_HEADER) String operator,
      ControlRequest body) {
    return control(id, CampaignRuns.Action.STOP, by, operator, body);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}/pause")
  public Response pause(
      @PathParam("id") String id,
      @Auth Operator by,
      @HeaderParam(OPERATOR_HEADER) String operator,
      ControlRequest body) {
    return control(id, CampaignRuns.Action.PAUSE, by, operator, body);
  }

  @POST
  @RolesAllowed(Role.SUPERVISOR_NAME)
  @Path("{id}/force-stop")
  public Response forceStop(
      @PathParam("id") String id,
      @Auth Operator by,
      @HeaderParam(OPERATOR_HEADER) String operator,
      ControlRequest body) {
    return control(id, CampaignRuns.Action.FORCE_STOP, by, operator, body);
  }

  /** Optional body of an operator action: why, kept in the workflow history. */
  public record ControlRequest(String reason) {}

  /** Answer to an operator action: the status the campaign is moving to. */
  public record ControlResponse(
      String id,
      int status,
      String statusName,
      String message,
      String workflowId,
      String temporalUiUrl) {}

  /**
   * Runs an operator action. The history names who asked: the signed-in operator, or with the
   * shared token (scripts and integrations) the {@value #OPERATOR_HEADER} they send, else {@value
   * #REQUESTED_BY}. An operator signed in with their own token cannot name someone else.
   */
  private Response control(
      String id, CampaignRuns.Action action, Operator by, String operator, ControlRequest body) {
    CampaignRow c = find(id);
    Violations v = new Violations();
    if (operator != null && !by.sharedToken()) {
      throw ApiException.invalid(
          OPERATOR_HEADER,
          "only the shared API token may name who asks; you are signed in as " + by.name());
    }
    if (operator != null) {
      operator(v, operator);
    }
    String reason = body == null ? null : body.reason();
    if (v.noControl("reason", reason)) {
      v.atMostCharacters(
          "reason",
          reason,
          REASON_MAX,
          "the campaign's status reason holds "
              + Column.CAMPAIGN_STATUS_REASON.max
              + " characters with who asked and what");
    }
    v.throwIfAny("invalid " + action.verb() + " request");
    OperatorAction op =
        new OperatorAction(
            operator != null ? operator.strip() : by.sharedToken() ? REQUESTED_BY : by.name(),
            clock.millis(),
            reason);
    ControlResult result;
    try {
      result = runs.control(c.id(), c.name(), action, op);
      reads.changed(c.id());
    } catch (CampaignRuns.IllegalTransition e) {
      ControlResult now = e.current();
      Map<String, Object> details = currentStatus(now.status());
      if (now.nextOpeningMs() != null) {
        details.put("nextOpening", Instant.ofEpochMilli(now.nextOpeningMs()).toString());
      }
      if (now.message() != null && !now.message().isBlank()) {
        details.put("reason", now.message());
      }
      throw ApiException.conflict(
          "cannot " + action.verb() + " a campaign in " + now.statusName(), details);
    } catch (CampaignRuns.NotResponding e) {
      LOG.warn(
          "Campaign {} {}: the workflow did not answer: {}", c.id(), action.verb(), e.getMessage());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("problem", e.problem());
      throw ApiException.conflict(
          "the campaign's workflow did not take the "
              + action.verb()
              + " because it is failing: "
              + e.problem().message(),
          details);
    } catch (CampaignRuns.Unavailable e) {
      LOG.warn("Campaign {} {}: {}", c.id(), action.verb(), e.getMessage());
      throw ApiException.unavailable("Temporal is unavailable, try again later: " + e.getMessage());
    }
    LOG.info(
        "Campaign {} {} requested by {}: now {}",
        c.id(),
        action.verb(),
        op.requestedBy(),
        result.statusName());
    return Response.accepted(
            new ControlResponse(
                c.id(),
                result.status(),
                result.statusName(),
                result.message(),
                runs.workflowId(c.id()),
                runs.uiUrl(c.id())))
        .build();
  }

  /**
   * The {@value #OPERATOR_HEADER} header: who asks, written into the workflow history and the
   * campaign's status reason, so at most {@link OperatorAction#REQUESTED_BY_MAX} characters and no
   * control character at all (a tab would be invisible in both).
   */
  private static void operator(Violations v, String operator) {
    if (operator.isBlank()) {
      v.add(OPERATOR_HEADER, "must not be blank when sent");
    } else if (operator.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      v.add(OPERATOR_HEADER, "must not contain control characters");
    } else if (operator.codePointCount(0, operator.length()) > OperatorAction.REQUESTED_BY_MAX) {
      v.add(OPERATOR_HEADER, "must be at most " + OperatorAction.REQUESTED_BY_MAX + " characters");
    }
  }

  private CampaignRow find(String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("campaign", id);
    }
    return campaigns.findCampaign(id).orElseThrow(() -> ApiException.notFound("campaign", id));
  }

  private static Map<String, Object> currentStatus(int status) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("currentStatus", status);
    details.put("currentStatusName", Codes.CAMPAIGN_STATUS.name(status));
    return details;
  }

  /** A reference deleted between the check and the write: the same 422 as the check's. */
  private static ApiException missing(Guarded g) {
    return ApiException.invalid(
        "invalid campaign",
        g.missing().stream()
            .map(
                f ->
                    new FieldError(
                        f,
                        f.equals("nextCampaign")
                            ? "must name another campaign that exists"
                            : f + " does not exist"))
            .toList());
  }
}
