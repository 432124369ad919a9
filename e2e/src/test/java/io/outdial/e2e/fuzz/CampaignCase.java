package io.outdial.e2e.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.outdial.e2e.fuzz.ApiInputs.Focus;
import io.outdial.e2e.fuzz.ApiInputs.Refs;
import java.util.ArrayList;
import java.util.List;

/**
 * One generated try: the bodies of a plan, a destination, a dial list with its entries and a
 * campaign, the campaign's schedule and how it names its resources, and the operator actions (the
 * first always a start).
 */
record CampaignCase(
    Focus focus,
    List<FieldValue> plan,
    List<FieldValue> destination,
    List<FieldValue> dlma,
    List<List<FieldValue>> entries,
    List<FieldValue> campaign,
    ScheduleSpec schedule,
    Refs refs,
    List<Step> steps) {

  /** The longest dial timeout (ms) with which entries may hold numbers that never answer. */
  static final int RING_MAX_MS = 3000;

  /**
   * This case with numbers that never answer turned into busy ones unless the plan's dial timeout
   * is short: a graceful stop waits for calls in flight, and a ring of up to ten minutes (the
   * longest dial timeout) would only measure patience.
   */
  CampaignCase withoutLongRings() {
    JsonNode timeout =
        plan.stream()
            .filter(f -> f.field().equals("dialTimeout"))
            .findFirst()
            .map(FieldValue::json)
            .orElse(null);
    if (timeout != null && timeout.isInt() && timeout.intValue() <= RING_MAX_MS) {
      return this;
    }
    List<List<FieldValue>> out = new ArrayList<>();
    for (List<FieldValue> entry : entries) {
      out.add(
          entry.stream()
              .map(
                  f ->
                      f.field().endsWith("].numbers") && f.json() != null && f.json().isArray()
                          ? new FieldValue(f.field(), busyForNoanswer(f.json()), f.kind())
                          : f)
              .toList());
    }
    return new CampaignCase(focus, plan, destination, dlma, out, campaign, schedule, refs, steps);
  }

  private static JsonNode busyForNoanswer(JsonNode numbers) {
    ArrayNode out = FieldValue.NODES.arrayNode();
    numbers.forEach(
        n ->
            out.add(
                n.isTextual() && n.textValue().equalsIgnoreCase("noanswer")
                    ? FieldValue.NODES.textNode("busy")
                    : n));
    return out;
  }

  /** What is not plain in this case, for a report. */
  String perturbed() {
    StringBuilder sb = new StringBuilder();
    append(sb, "plan", ApiInputs.perturbed(plan));
    append(sb, "destination", ApiInputs.perturbed(destination));
    append(sb, "dlma", ApiInputs.perturbed(dlma));
    for (List<FieldValue> e : entries) {
      append(sb, "entry", ApiInputs.perturbed(e));
    }
    append(sb, "campaign", ApiInputs.perturbed(campaign));
    if (schedule.kind() != FieldValue.Kind.SAFE) {
      append(sb, "schedule", schedule.toString());
    }
    if (refs != Refs.IDS) {
      append(sb, "references", refs.toString());
    }
    return sb.length() == 0 ? "nothing (all plain)" : sb.toString();
  }

  private static void append(StringBuilder sb, String what, String text) {
    if (!text.isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ").append(what).append(": ").append(text);
    }
  }
}
