package io.outdial.store;

import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.DialResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Which entries of a campaign's list may still be dialed, as SQL conditions and the parameters they
 * take ({@code :dlma}, {@code :now}, {@code :m1}..{@code :m8} from the plan's retry limits, {@code
 * :answered}, the dial result that ends an entry).
 */
final class Eligibility {
  private static final int N = Rows.NUMBER_SLOTS;

  private Eligibility() {}

  /** A campaign and its plan, neither deleted. */
  record Dialing(CampaignRow campaign, PlanRow plan) {
    /**
     * Reads the campaign and its plan, or throws: the workflow only asks about campaigns it runs,
     * so a missing one is a broken invariant, not an answer.
     */
    static Dialing require(Handle h, String campaignId) {
      CampaignRow c =
          CampaignStore.findCampaign(h, campaignId)
              .orElseThrow(
                  () -> new IllegalStateException("campaign " + campaignId + " does not exist"));
      PlanRow plan =
          CatalogueStore.findPlan(h, c.planId())
              .orElseThrow(
                  () -> new IllegalStateException("plan " + c.planId() + " does not exist"));
      return new Dialing(c, plan);
    }

    Map<String, Object> params(Instant now) {
      return Eligibility.params(campaign.dlmaId(), plan, now);
    }
  }

  /** Entries that may still be dialed some time: not deleted, not answered, tries left. */
  static String openWhere() {
    StringBuilder sb =
        new StringBuilder(
            "dlma_id = :dlma AND deleted_at IS NULL"
                + " AND (res_dial IS NULL OR res_dial <> :answered) AND (");
    for (int i = 1; i <= N; i++) {
      sb.append(i > 1 ? " OR " : "")
          .append("(number")
          .append(i)
          .append(" <> '' AND try_count")
          .append(i)
          .append(" < :m")
          .append(i)
          .append(")");
    }
    return sb.append(")").toString();
  }

  /** Open entries that are idle and whose retry delay has passed: dialable now. */
  static String eligibleWhere() {
    return openWhere()
        + " AND status = "
        + EntryRow.STATUS_IDLE
        + " AND (next_try_at IS NULL OR next_try_at <= :now)";
  }

  static Map<String, Object> params(String dlmaId, PlanRow plan, Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("dlma", dlmaId);
    p.put("now", Sql.ts(now));
    p.put("answered", DialResult.ANSWERED.code());
    for (int i = 0; i < N; i++) {
      p.put("m" + (i + 1), plan.maxRetry().get(i));
    }
    return p;
  }

  /** The first number (0-based slot) that still has tries left, or -1. */
  static int nextNumberSlot(EntryRow e, List<Integer> maxRetry) {
    for (int i = 0; i < N; i++) {
      if (!e.numbers().get(i).isEmpty() && e.tryCounts().get(i) < maxRetry.get(i)) {
        return i;
      }
    }
    return -1;
  }
}
