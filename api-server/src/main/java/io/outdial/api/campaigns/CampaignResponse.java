package io.outdial.api.campaigns;

import io.outdial.api.codes.Codes;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.workflows.window.CallingWindow;
import io.outdial.workflows.window.Interval;
import io.outdial.workflows.window.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A campaign with its status (code and name, as the workflow last mirrored it), live counts, its
 * next calling windows and where to see its workflow in Temporal.
 */
public record CampaignResponse(
    String id,
    String name,
    String detail,
    String plan,
    String destination,
    String dlma,
    Map<String, Object> schedule,
    String nextCampaign,
    int status,
    String statusName,
    String statusReason,
    Counts counts,
    Pace pace,
    String scheduling,
    List<Window> nextWindows,
    String workflowId,
    String temporalUiUrl,
    CampaignProblem problem) {

  /** How many calling windows a read shows. */
  public static final int WINDOWS_SHOWN = 5;

  /** Counts of PRODUCT.md 2: attempts in flight, results by dial result, entries left to dial. */
  public record Counts(
      long inFlight,
      long dialed,
      long answered,
      long busy,
      long noAnswer,
      long congestion,
      long failed,
      long remaining,
      HeldBack heldBack) {
    /** The counts as the API shows them, in a campaign read and in the live events alike. */
    public static Counts of(CampaignCounts c) {
      return new Counts(
          c.inFlight(),
          c.dialed(),
          c.answered(),
          c.busy(),
          c.noAnswer(),
          c.congestion(),
          c.failed(),
          c.remaining(),
          new HeldBack(c.heldBackDnc()));
    }
  }

  /** Attempts a calling rule settled without dialing them, by rule (in {@code dialed}). */
  public record HeldBack(long doNotCall) {}

  /**
   * How the campaign is going: when it last moved to START, its results of the last minute, the
   * share of its results answered, and when it should finish at the last minute's rate (one result
   * per entry left; null unless it is dialing with results coming).
   */
  public record Pace(
      Instant startedAt, long resultsLastMinute, Double answerRate, Instant estimatedFinishAt) {
    static Pace of(
        io.outdial.store.CampaignStore.Pace p, CampaignCounts c, int status, Instant now) {
      Double answerRate = c.dialed() == 0 ? null : (double) c.answered() / c.dialed();
      Instant finish =
          status == io.outdial.workflows.CampaignStatus.START.code()
                  && p.resultsLastMinute() > 0
                  && c.remaining() > 0
              ? now.plusSeconds(Math.round(60.0 * c.remaining() / p.resultsLastMinute()))
              : null;
      return new Pace(p.startedAt(), p.resultsLastMinute(), answerRate, finish);
    }
  }

  /**
   * One calling window, [opensAt, closesAt). A null {@code opensAt} means it has been open for
   * longer than the calculator looks back; a null {@code closesAt} that it does not close within
   * the calculator's horizon.
   */
  public record Window(Instant opensAt, Instant closesAt) {
    static Window of(Interval i) {
      return new Window(i.opensAt(), i.closesAt());
    }
  }

  public static CampaignResponse of(
      CampaignRow c, CampaignCounts counts, CampaignRuns runs, Instant now) {
    return of(c, counts, runs, now, null);
  }

  /** With {@code problem}: why the campaign is not progressing, or null. */
  public static CampaignResponse of(
      CampaignRow c,
      CampaignCounts counts,
      CampaignRuns runs,
      Instant now,
      CampaignProblem problem) {
    return of(c, counts, null, runs, now, problem);
  }

  /** With {@code pace}: how the campaign is going (reads of one campaign and of the list). */
  public static CampaignResponse of(
      CampaignRow c,
      CampaignCounts counts,
      io.outdial.store.CampaignStore.Pace pace,
      CampaignRuns runs,
      Instant now,
      CampaignProblem problem) {
    Schedule schedule = ScheduleRequest.parse(c.schedule());
    String scheduling;
    List<Window> windows;
    if (schedule == null) {
      scheduling = "invalid";
      windows = List.of();
    } else if (!schedule.modeOn()) {
      scheduling = "off";
      windows = List.of();
    } else {
      scheduling = "on";
      windows =
          CallingWindow.nextWindows(schedule, now, WINDOWS_SHOWN).stream().map(Window::of).toList();
    }
    return new CampaignResponse(
        c.id(),
        c.name(),
        c.detail(),
        c.planId(),
        c.destinationId(),
        c.dlmaId(),
        ScheduleRequest.show(c.schedule()),
        c.nextCampaignId(),
        c.status(),
        Codes.CAMPAIGN_STATUS.name(c.status()),
        c.statusReason(),
        Counts.of(counts),
        pace == null ? null : Pace.of(pace, counts, c.status(), now),
        scheduling,
        windows,
        runs.workflowId(c.id()),
        runs.uiUrl(c.id()),
        problem);
  }
}
