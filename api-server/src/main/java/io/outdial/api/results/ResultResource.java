package io.outdial.api.results;

import io.outdial.api.codes.CodeOrName;
import io.outdial.api.codes.CodeTable;
import io.outdial.api.codes.Codes;
import io.outdial.api.errors.ApiException;
import io.outdial.api.errors.Violations;
import io.outdial.api.paging.Page;
import io.outdial.api.paging.Paging;
import io.outdial.api.temporal.RunEvents;
import io.outdial.store.ResultStore;
import io.outdial.store.Rows.ResultFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Results, one per finished attempt: read-only, paged, oldest first, filtered by campaign, entry,
 * dial result, hangup cause (code or name) and a created-at range.
 */
@Path("/v1/results")
@Produces(MediaType.APPLICATION_JSON)
public final class ResultResource {
  private final ResultStore results;
  private final String temporalUi;
  private final RunEvents events;

  /**
   * @param temporalUi the Temporal UI's base of the namespace ({@code
   *     http://127.0.0.1:8233/namespaces/default}), for each result's links to its runs
   * @param events finds the events of those runs the links point at
   */
  public ResultResource(ResultStore results, String temporalUi, RunEvents events) {
    this.results = results;
    this.temporalUi = temporalUi;
    this.events = events;
  }

  /**
   * A page of results. No filter is required; results of deleted campaigns stay readable, so a
   * campaign or entry filter is not checked for existence.
   */
  @GET
  public Page<ResultResponse> list(@Context UriInfo uri) {
    Violations v = new Violations();
    Paging paging = Paging.read(v, uri, "campaign", "entry", "resDial", "resHangup", "from", "to");
    var q = uri.getQueryParameters();
    String campaign = blankToNull(q.getFirst("campaign"));
    String entry = blankToNull(q.getFirst("entry"));
    v.uuid("campaign", campaign);
    v.uuid("entry", entry);
    Integer resDial = code(v, "resDial", q.getFirst("resDial"), Codes.DIAL_RESULT);
    Integer resHangup = code(v, "resHangup", q.getFirst("resHangup"), Codes.HANGUP_CAUSE);
    Instant from = instant(v, "from", q.getFirst("from"));
    Instant to = instant(v, "to", q.getFirst("to"));
    if (from != null && to != null && !to.isAfter(from)) {
      v.add("to", "must be after from");
    }
    v.throwIfAny("invalid query");
    ResultFilter filter = new ResultFilter(campaign, entry, resDial, resHangup, from, to);
    return paging.page(
        results.findResults(filter, paging.offset(), paging.fetch()),
        r -> ResultResponse.of(r, temporalUi, events));
  }

  @GET
  @Path("{id}")
  public ResultResponse get(@PathParam("id") String id) {
    if (!Violations.isUuid(id)) {
      throw ApiException.notFound("result", id);
    }
    return ResultResponse.of(
        results.findResult(id).orElseThrow(() -> ApiException.notFound("result", id)),
        temporalUi,
        events);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A code of {@code table} given as its number or its name. */
  private static Integer code(Violations v, String field, String text, CodeTable table) {
    String t = blankToNull(text);
    if (t == null) {
      return null;
    }
    CodeOrName value;
    try {
      value = CodeOrName.of(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      value = CodeOrName.of(t);
    }
    return v.code(field, value, table, null);
  }

  /** An ISO-8601 instant with its offset: 2030-01-02T03:04:05Z or 2030-01-02T04:04:05+01:00. */
  private static Instant instant(Violations v, String field, String text) {
    String t = blankToNull(text);
    if (t == null) {
      return null;
    }
    try {
      // A '+' not escaped as %2B in a query string arrives as a space.
      return OffsetDateTime.parse(t.replace(' ', '+')).toInstant();
    } catch (DateTimeParseException e) {
      v.add(field, "must be an ISO-8601 date-time with an offset, such as 2030-01-02T03:04:05Z");
      return null;
    }
  }
}
