package io.outdial.api.campaigns;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.outdial.api.errors.Violations;
import io.outdial.store.CampaignStore;
import io.outdial.store.CatalogueStore;
import io.outdial.store.Column;
import io.outdial.store.Rows.CampaignRow;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Body of {@code POST /v1/campaigns} and {@code PUT /v1/campaigns/{id}}. {@code plan}, {@code
 * destination}, {@code dlma} and {@code nextCampaign} are ids of existing resources that are not
 * deleted ({@code nextCampaign} not the campaign itself). {@code schedule} is checked as the
 * workflow reads it (PRODUCT.md 5); absent, it is mode off. The server-kept fields of a campaign
 * read ({@link #READ_ONLY}) are ignored.
 */
@JsonIgnoreProperties({
  "id",
  "status",
  "statusName",
  "statusReason",
  "counts",
  "pace",
  "scheduling",
  "nextWindows",
  "workflowId",
  "temporalUiUrl",
  "problem"
})
public record CampaignRequest(
    String name,
    String detail,
    String plan,
    String destination,
    String dlma,
    ScheduleRequest schedule,
    String nextCampaign) {

  /** Fields of a campaign read that a write ignores. */
  public static final Set<String> READ_ONLY =
      Set.of(
          "id",
          "status",
          "statusName",
          "statusReason",
          "counts",
          "pace",
          "scheduling",
          "nextWindows",
          "workflowId",
          "temporalUiUrl",
          "problem");

  /**
   * Checks every rule and returns the row to store (with {@code status} and {@code reason}, which
   * the API never changes), or throws a 422 listing every broken rule.
   */
  public CampaignRow toRow(
      String id, int status, String reason, CatalogueStore catalogue, CampaignStore campaigns) {
    Violations v = new Violations();
    v.requiredText("name", name, Column.CAMPAIGN_NAME);
    v.text("detail", detail, Column.CAMPAIGN_DETAIL);
    reference(v, "plan", plan, true, catalogue::findPlan);
    reference(v, "destination", destination, true, catalogue::findDestination);
    reference(v, "dlma", dlma, true, catalogue::findDlma);
    if (nextCampaign != null && nextCampaign.equals(id)) {
      v.add("nextCampaign", "must not be the campaign itself");
    } else {
      reference(v, "nextCampaign", nextCampaign, false, campaigns::findCampaign);
    }
    String scheduleJson =
        schedule == null ? ScheduleRequest.defaultJson() : schedule.canonicalJson(v);
    if (scheduleJson != null && !Column.CAMPAIGN_SCHEDULE.fits(scheduleJson)) {
      v.add("schedule", Column.CAMPAIGN_SCHEDULE.rule() + " in its canonical JSON");
    }
    v.throwIfAny("invalid campaign");
    return new CampaignRow(
        id,
        name.strip(),
        detail,
        plan,
        destination,
        dlma,
        scheduleJson,
        nextCampaign == null || nextCampaign.isEmpty() ? null : nextCampaign,
        status,
        reason);
  }

  /**
   * Whether going from {@code a} to {@code b} changes how the campaign dials (anything but its name
   * and detail).
   */
  public static boolean changesDialing(CampaignRow a, CampaignRow b) {
    return !Objects.equals(a.planId(), b.planId())
        || !Objects.equals(a.destinationId(), b.destinationId())
        || !Objects.equals(a.dlmaId(), b.dlmaId())
        || !Objects.equals(a.nextCampaignId(), b.nextCampaignId())
        || !Objects.equals(
            ScheduleRequest.parse(a.schedule()), ScheduleRequest.parse(b.schedule()));
  }

  /** A reference to another resource: a UUID of one that exists (and is not deleted). */
  private static void reference(
      Violations v, String field, String id, boolean required, Function<String, Optional<?>> find) {
    if (id == null || id.isEmpty()) {
      if (required) {
        v.add(field, "is required");
      }
      return;
    }
    if (v.uuid(field, id) && find.apply(id).isEmpty()) {
      v.add(
          field,
          (field.equals("nextCampaign") ? "campaign" : field) + " " + id + " does not exist");
    }
  }
}
