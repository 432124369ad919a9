package io.outdial.api.campaigns;

import io.outdial.api.codes.Codes;
import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.workflows.CampaignStatus;
import io.outdial.workflows.OperatorAction;
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
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Campaigns: create, read with live counts, start and stop their workflows. */
@Path("/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class CampaignResource {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignResource.class);
  /** Who the workflow history shows as having asked. */
  static final String REQUESTED_BY = "api";

  private final ResourceStore store;
  private final CampaignRuns runs;
  private final Clock clock;

  public CampaignResource(ResourceStore store, CampaignRuns runs, Clock clock) {
    this.store = store;
    this.runs = runs;
    this.clock = clock;
  }

  @POST
  public Response create(CampaignRequest body, @Context UriInfo uri) {
    CampaignRow row = ApiException.requireBody(body).toRow(UUID.randomUUID().toString(), store);
    store.insertCampaign(row);
    return Response.created(uri.getAbsolutePathBuilder().path(row.id()).build())
        .entity(CampaignResponse.of(row, store.countsOf(row.id()), runs)).build();
  }

  @GET
  @Path("{id}")
  public CampaignResponse get(@PathParam("id") String id) {
    CampaignRow c = find(id);
    return CampaignResponse.of(c, store.countsOf(c.id()), runs);
  }

  /**
   * Starts the campaign's workflow. The row moves to STARTING first, so that the workflow's own
   * status writes always come after ours; if Temporal refuses, the row gets its status back.
   */
  @POST
  @Path("{id}/start")
  public Response start(@PathParam("id") String id) {
    CampaignRow c = find(id);
    if (running(c)) {
      throw alreadyRunning(c);
    }
    store.updateCampaignStatus(c.id(), CampaignStatus.STARTING.code(), null);
    try {
      runs.start(c.id(), c.name(), new OperatorAction(REQUESTED_BY, clock.millis(), null));
    } catch (CampaignRuns.AlreadyRunning e) {
      // Another request started it between our check and our start; it set STARTING as well.
      throw alreadyRunning(find(id));
    } catch (CampaignRuns.Unavailable e) {
      store.updateCampaignStatus(c.id(), c.status(), c.statusReason());
      throw unavailable(e);
    }
    LOG.info("Campaign {} start requested", c.id());
    return Response.accepted(new ControlResponse(c.id(), CampaignStatus.STARTING.code(),
        CampaignStatus.STARTING.name(), runs.workflowId(c.id()), runs.uiUrl(c.id()))).build();
  }

  /** Asks the running workflow to stop gracefully: calls in flight finish, no new ones start. */
  @POST
  @Path("{id}/stop")
  public Response stop(@PathParam("id") String id, StopRequest body) {
    CampaignRow c = find(id);
    String reason = body == null ? null : body.checkedReason();
    if (!running(c)) {
      throw notRunning(c);
    }
    try {
      runs.stop(c.id(), new OperatorAction(REQUESTED_BY, clock.millis(), reason));
    } catch (CampaignRuns.NotRunning e) {
      throw notRunning(find(id));
    } catch (CampaignRuns.Unavailable e) {
      throw unavailable(e);
    }
    LOG.info("Campaign {} stop requested", c.id());
    return Response.accepted(new ControlResponse(c.id(), CampaignStatus.STOPPING.code(),
        CampaignStatus.STOPPING.name(), runs.workflowId(c.id()), runs.uiUrl(c.id()))).build();
  }

  /** Optional body of a stop: why, kept in the workflow history. */
  public record StopRequest(String reason) {
    String checkedReason() {
      Violations v = new Violations();
      v.optionalText("reason", reason, 1024);
      v.throwIfAny("invalid stop request");
      return reason;
    }
  }

  /** Answer to start and stop: the status the campaign is moving to. */
  public record ControlResponse(String id, int status, String statusName, String workflowId,
      String temporalUiUrl) {}

  private boolean running(CampaignRow c) {
    try {
      return runs.isRunning(c.id());
    } catch (CampaignRuns.Unavailable e) {
      throw unavailable(e);
    }
  }

  private CampaignRow find(String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("campaign", id);
    }
    return store.findCampaign(id).orElseThrow(() -> ApiException.notFound("campaign", id));
  }

  private static ApiException alreadyRunning(CampaignRow c) {
    return ApiException.conflict("campaign is already running", currentStatus(c));
  }

  private static ApiException notRunning(CampaignRow c) {
    return ApiException.conflict("campaign is not running", currentStatus(c));
  }

  private static Map<String, Object> currentStatus(CampaignRow c) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("currentStatus", c.status());
    details.put("currentStatusName", Codes.CAMPAIGN_STATUS.name(c.status()));
    return details;
  }

  private static ApiException unavailable(CampaignRuns.Unavailable e) {
    LOG.warn("{}", e.getMessage());
    return ApiException.unavailable("Temporal is unavailable, try again later: " + e.getMessage());
  }
}
