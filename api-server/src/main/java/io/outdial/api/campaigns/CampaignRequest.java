package io.outdial.api.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import io.outdial.api.data.ResourceStore;
import io.outdial.api.errors.Violations;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.workflows.CampaignStatus;
import java.util.Optional;
import java.util.function.Function;

/**
 * Body of {@code POST /v1/campaigns}. {@code plan}, {@code destination}, {@code dlma} and
 * {@code nextCampaign} are ids of existing resources. {@code schedule} is kept as given for now
 * (any JSON object; PRODUCT.md 5 describes its fields), default {@code {"mode":1}}: off.
 */
public record CampaignRequest(
    String name,
    String detail,
    String plan,
    String destination,
    String dlma,
    JsonNode schedule,
    String nextCampaign) {

  public static final String DEFAULT_SCHEDULE = "{\"mode\":1}";
  static final int SCHEDULE_MAX = 65_535;

  public CampaignRow toRow(String id, ResourceStore store) {
    Violations v = new Violations();
    v.requiredText("name", name, 255);
    v.optionalText("detail", detail, 65_535);
    reference(v, "plan", plan, true, store::findPlan);
    reference(v, "destination", destination, true, store::findDestination);
    reference(v, "dlma", dlma, true, store::findDlma);
    reference(v, "nextCampaign", nextCampaign, false, store::findCampaign);
    String scheduleJson = DEFAULT_SCHEDULE;
    if (schedule != null && !schedule.isNull()) {
      if (!schedule.isObject()) {
        v.add("schedule", "must be a JSON object");
      } else {
        scheduleJson = schedule.toString();
        if (scheduleJson.length() > SCHEDULE_MAX) {
          v.add("schedule", "must be at most " + SCHEDULE_MAX + " characters of JSON");
        }
      }
    }
    v.throwIfAny("invalid campaign");
    return new CampaignRow(id, name.strip(), detail, plan, destination, dlma, scheduleJson,
        nextCampaign == null || nextCampaign.isEmpty() ? null : nextCampaign,
        CampaignStatus.STOP.code(), null);
  }

  /** A reference to another resource: a UUID of one that exists (and is not deleted). */
  private static void reference(Violations v, String field, String id, boolean required,
      Function<String, Optional<?>> find) {
    if (id == null || id.isEmpty()) {
      if (required) {
        v.add(field, "is required");
      }
      return;
    }
    if (v.uuid(field, id) && find.apply(id).isEmpty()) {
      v.add(field, (field.equals("nextCampaign") ? "campaign" : field) + " " + id
          + " does not exist");
    }
  }
}
