package io.outdial.api.results;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
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
import io.outdial.store.Rows.ResultRow;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Results, one per finished attempt: read-only, paged, oldest first, filtered by campaign, entry,
 * dial result, hangup cause (code or name) and a created-at range; as JSON pages, or all of them as
 * CSV ({@code Accept: text/csv}).
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
    Paging paging = Paging.read(v, uri, FILTERS);
    ResultFilter filter = filter(v, uri);
    v.throwIfAny("invalid query");
    return paging.page(
        results.findResults(filter, paging.offset(), paging.fetch()),
        r -> ResultResponse.of(r, temporalUi, events));
  }

  private static final String[] FILTERS = {
    "campaign", "entry", "resDial", "resHangup", "from", "to"
  };

  /** Results an export reads at a time. */
  static final int EXPORT_PAGE = 1000;

  private static final CsvMapper CSV = CsvMapper.builder().build();
  private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(CsvRow.class).withHeader();

  /**
   * Every result the filters match, oldest first, as CSV (RFC 4180, a header line, codes beside
   * their names): what {@code Accept: text/csv} asks for. It is written as it is read, a thousand
   * results at a time, so an export of a whole campaign holds little in memory. It takes the list's
   * filters; not its offset and limit, since it has every result they match.
   */
  @GET
  @Produces("text/csv;qs=0.5")
  public Response export(@Context UriInfo uri) {
    Violations v = new Violations();
    java.util.Set<String> given = new java.util.TreeSet<>(uri.getQueryParameters().keySet());
    for (String paging : List.of("offset", "limit")) {
      if (given.remove(paging)) {
        v.add(paging, "is not taken by the CSV export, which has every result the filters match");
      }
    }
    Paging.onlyKnown(v, given, List.of(FILTERS));
    ResultFilter filter = filter(v, uri);
    v.throwIfAny("invalid query");
    StreamingOutput body =
        out -> {
          try (SequenceWriter w = CSV.writer(CSV_SCHEMA).writeValues(out)) {
            ResultRow last = null;
            while (true) {
              List<ResultRow> page =
                  last == null
                      ? results.findResults(filter, 0, EXPORT_PAGE)
                      : results.findResultsAfter(filter, last, EXPORT_PAGE);
              for (ResultRow r : page) {
                w.write(CsvRow.of(ResultResponse.of(r, temporalUi, RunEvents.NONE)));
              }
              if (page.size() < EXPORT_PAGE) {
                break;
              }
              last = page.get(page.size() - 1);
            }
          }
        };
    String name = "results" + (filter.campaignId() == null ? "" : "-" + filter.campaignId());
    return Response.ok(body, "text/csv; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
        .build();
  }

  /** A result as a line of the export: its fields without the JSON ones (trail, snapshot). */
  @JsonPropertyOrder({
    "id",
    "attemptId",
    "campaignId",
    "entryId",
    "number",
    "numberIndex",
    "tryCount",
    "channel",
    "dialingStatus",
    "dialingStatusName",
    "resDial",
    "resDialName",
    "resHangup",
    "resHangupName",
    "resHangupText",
    "detail",
    "dialedAt",
    "hangupAt",
    "createdAt",
    "workflowId",
    "temporalUiUrl"
  })
  record CsvRow(
      String id,
      String attemptId,
      String campaignId,
      String entryId,
      String number,
      int numberIndex,
      int tryCount,
      String channel,
      int dialingStatus,
      String dialingStatusName,
      int resDial,
      String resDialName,
      int resHangup,
      String resHangupName,
      String resHangupText,
      String detail,
      String dialedAt,
      String hangupAt,
      String createdAt,
      String workflowId,
      String temporalUiUrl) {
    static CsvRow of(ResultResponse r) {
      return new CsvRow(
          r.id(),
          r.attemptId(),
          r.campaignId(),
          r.entryId(),
          r.number(),
          r.numberIndex(),
          r.tryCount(),
          r.channel(),
          r.dialingStatus(),
          r.dialingStatusName(),
          r.resDial(),
          r.resDialName(),
          r.resHangup(),
          r.resHangupName(),
          r.resHangupText(),
          r.detail(),
          text(r.dialedAt()),
          text(r.hangupAt()),
          text(r.createdAt()),
          r.workflowId(),
          r.temporalUiUrl());
    }

    private static String text(Instant i) {
      return i == null ? null : i.toString();
    }
  }

  /** The filters of a list or an export; what is wrong with them goes to {@code v}. */
  private static ResultFilter filter(Violations v, UriInfo uri) {
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
    return new ResultFilter(campaign, entry, resDial, resHangup, from, to);
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
