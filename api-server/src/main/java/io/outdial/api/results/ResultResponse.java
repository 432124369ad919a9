package io.outdial.api.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.outdial.api.codes.Codes;
import io.outdial.api.temporal.RunEvents;
import io.outdial.store.Json;
import io.outdial.store.Rows.ResultRow;
import io.outdial.store.Rows.Runs;
import io.outdial.workflows.HangupCause;
import java.time.Instant;

/**
 * One finished attempt, with the name beside every code. {@code statusTrail} and {@code snapshot}
 * are the stored JSON, parsed, not strings.
 */
public record ResultResponse(
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
    JsonNode statusTrail,
    int resDial,
    String resDialName,
    int resHangup,
    String resHangupName,
    String resHangupText,
    String detail,
    JsonNode snapshot,
    Instant dialedAt,
    Instant hangupAt,
    Instant createdAt,
    String workflowId,
    String temporalUiUrl,
    String temporalUiRecordedUrl) {

  /**
   * {@code r} as the API shows it; {@code temporalUi} is the Temporal UI's base of the namespace
   * ({@code http://host:8233/namespaces/default}); {@code events} finds the events in the runs that
   * the links point at.
   */
  public static ResultResponse of(ResultRow r, String temporalUi, RunEvents events) {
    Runs runs = r.runs() == null ? Runs.NONE : r.runs();
    return new ResultResponse(
        r.id(),
        r.attemptId(),
        r.campaignId(),
        r.entryId(),
        r.number(),
        r.numberIndex(),
        r.tryCount(),
        r.channel(),
        r.dialingStatus(),
        Codes.DIALING_STATUS.name(r.dialingStatus()),
        trail(json(r.statusTrail())),
        r.resDial(),
        Codes.DIAL_RESULT.name(r.resDial()),
        r.resHangup(),
        Codes.HANGUP_CAUSE.name(r.resHangup()),
        r.resHangupText() == null || r.resHangupText().isEmpty()
            ? HangupCause.textOf(r.resHangup())
            : r.resHangupText(),
        r.detail(),
        json(r.snapshot()),
        r.dialedAt(),
        r.hangupAt(),
        r.createdAt(),
        runs.workflowId(),
        runUrl(
            temporalUi,
            runs.workflowId(),
            runs.originateRunId(),
            events,
            RunEvents.ORIGINATES,
            r.attemptId()),
        runUrl(
            temporalUi,
            runs.workflowId(),
            runs.recordRunId(),
            events,
            RunEvents.RECORDS,
            r.attemptId()));
  }

  /**
   * A run's history in the Temporal UI, at the event of the activity that carried the attempt when
   * it is found; the workflow id is one path segment (its '/' encoded).
   */
  static String runUrl(
      String temporalUi,
      String workflowId,
      String runId,
      RunEvents events,
      java.util.Set<String> activityTypes,
      String attemptId) {
    if (workflowId == null || runId == null) {
      return null;
    }
    String segment =
        java.net.URLEncoder.encode(workflowId, java.nio.charset.StandardCharsets.UTF_8)
            .replace("+", "%20");
    String history = temporalUi + "/workflows/" + segment + "/" + runId + "/history";
    return events
        .find(workflowId, runId, activityTypes, attemptId)
        .map(id -> history + "/events/" + id)
        .orElse(history);
  }

  /** Stored JSON parsed; text that is not JSON (it should not happen) is shown as a string. */
  /**
   * The trail with each step's {@code statusName} beside its {@code status}: trails recorded before
   * the name was written get it here.
   */
  static JsonNode trail(JsonNode trail) {
    if (trail == null || !trail.isArray()) {
      return trail;
    }
    com.fasterxml.jackson.databind.node.ArrayNode named = Json.MAPPER.createArrayNode();
    for (JsonNode step : trail) {
      if (!step.isObject() || step.has("statusName") || !step.path("status").isInt()) {
        named.add(step);
        continue;
      }
      com.fasterxml.jackson.databind.node.ObjectNode n = Json.MAPPER.createObjectNode();
      step.fields()
          .forEachRemaining(
              f -> {
                n.set(f.getKey(), f.getValue());
                if (f.getKey().equals("status")) {
                  n.put("statusName", Codes.DIALING_STATUS.name(f.getValue().asInt()));
                }
              });
      named.add(n);
    }
    return named;
  }

  private static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }
}
