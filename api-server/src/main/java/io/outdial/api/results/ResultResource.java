package io.outdial.api.results;

import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Results, one per finished attempt: read-only and paged. */
@Path("/v1/results")
@Produces(MediaType.APPLICATION_JSON)
public final class ResultResource {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private final ResourceStore store;

  public ResultResource(ResourceStore store) {
    this.store = store;
  }

  /** A page of results, the oldest first. */
  public record ResultPage(List<ResultResponse> items, int offset, int limit) {}

  // Query parameters are taken as text so that a bad one is a 422 naming it; Jersey would
  // answer a parameter it cannot convert with a bare 404.
  @GET
  public ResultPage list(@QueryParam("campaign") String campaign,
      @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
    Violations v = new Violations();
    if (campaign == null || campaign.isEmpty()) {
      v.add("campaign", "is required");
    } else {
      v.uuid("campaign", campaign);
    }
    Integer off = integer(v, "offset", offset, 0, 0, Integer.MAX_VALUE);
    Integer lim = integer(v, "limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    v.throwIfAny("invalid query");
    // No check that the campaign exists: a deleted campaign's results stay readable.
    List<ResultResponse> items =
        store.resultsOfCampaign(campaign, off, lim).stream().map(ResultResponse::of).toList();
    return new ResultPage(items, off, lim);
  }

  @GET
  @Path("{id}")
  public ResultResponse get(@PathParam("id") String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("result", id);
    }
    return ResultResponse.of(store.findResult(id)
        .orElseThrow(() -> ApiException.notFound("result", id)));
  }

  private static Integer integer(Violations v, String field, String text, int absent, int min,
      int max) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    try {
      int value = Integer.parseInt(text);
      return v.range(field, value, min, max) ? value : null;
    } catch (NumberFormatException e) {
      v.add(field, "must be an integer between " + min + " and " + max);
      return null;
    }
  }
}
