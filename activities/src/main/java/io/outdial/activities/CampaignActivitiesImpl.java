package io.outdial.activities;

import io.outdial.activities.ami.AmiClient;
import io.outdial.store.AttemptStore;
import io.outdial.store.CampaignStore;
import io.outdial.store.CampaignStore.DialContext;
import io.outdial.store.Column;
import io.outdial.store.Database;
import io.outdial.store.Json;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.CampaignActivities;
import io.outdial.workflows.CampaignStartRequest;
import io.outdial.workflows.CampaignStatusChange;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import io.outdial.workflows.PlanBounds;
import io.outdial.workflows.ReservationRequest;
import io.outdial.workflows.window.Schedule;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Database and AMI steps of the campaign workflow. */
public final class CampaignActivitiesImpl implements CampaignActivities {
  private static final Logger log = LoggerFactory.getLogger(CampaignActivitiesImpl.class);

  /** Starts a campaign the way an operator does (the worker wires the Temporal client in). */
  public interface CampaignStarter {
    ControlResult start(String campaignId, OperatorAction action);
  }

  private final Database db;
  private final AmiClient ami;
  private final CampaignStarter starter;

  public CampaignActivitiesImpl(Database db, AmiClient ami, CampaignStarter starter) {
    this.db = db;
    this.ami = ami;
    this.starter = starter;
  }

  @Override
  public CampaignCheck checkCampaign(String campaignId) {
    if (db.campaigns().findCampaign(campaignId).isEmpty()) {
      return notOk("campaign " + campaignId + " does not exist");
    }
    Optional<DialContext> ctx = db.campaigns().dialContext(campaignId);
    if (ctx.isEmpty()) {
      return notOk("plan, destination or dial list is missing or deleted");
    }
    PlanRow plan = ctx.get().plan();
    DestinationRow dest = ctx.get().destination();
    Map<String, Object> schedule = new LinkedHashMap<>();
    String json = ctx.get().campaign().schedule();
    try {
      if (json != null && !json.isBlank()) {
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = Json.read(json, Map.class);
        schedule.putAll(parsed);
      }
      // The workflow reads it with the same calculator: a schedule it cannot read stops the
      // campaign here, with the reason, instead of failing every workflow task.
      Schedule.fromMap(schedule);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return notOk("the campaign's schedule cannot be used: " + e.getMessage());
    }
    String planProblem = planProblem(plan);
    if (planProblem != null) {
      return notOk("the plan cannot be dialed with: " + planProblem);
    }
    return new CampaignCheck(
        true,
        null,
        ctx.get().campaign().name(),
        plan.dlEndHandle(),
        plan.maxConcurrentCalls() == null ? 0 : plan.maxConcurrentCalls(),
        plan.callsPerSecond() == null ? 0 : plan.callsPerSecond(),
        plan.serviceLevel(),
        plan.dialTimeoutMs(),
        queueName(dest) != null,
        schedule,
        ctx.get().campaign().nextCampaignId(),
        db.campaigns().pbxOfCampaign(campaignId).orElse(CampaignStore.DEFAULT_PBX));
  }

  private static CampaignCheck notOk(String reason) {
    return new CampaignCheck(
        false,
        Column.CAMPAIGN_STATUS_REASON.cut(reason),
        null,
        1,
        0,
        0,
        0,
        0,
        false,
        null,
        null,
        null);
  }

  /**
   * What in a stored plan the workflow could not pace or time with (rows written before the API
   * bounded these, or by hand), or null. The bounds are the API's.
   */
  static String planProblem(PlanRow plan) {
    Double cps = plan.callsPerSecond();
    if (cps != null
        && !(cps >= PlanBounds.CALLS_PER_SECOND_MIN && cps <= PlanBounds.CALLS_PER_SECOND_MAX)) {
      return "callsPerSecond "
          + cps
          + " is not between "
          + PlanBounds.CALLS_PER_SECOND_MIN
          + " and "
          + PlanBounds.CALLS_PER_SECOND_MAX;
    }
    if (plan.dialTimeoutMs() < PlanBounds.DIAL_TIMEOUT_MIN_MS
        || plan.dialTimeoutMs() > PlanBounds.DIAL_TIMEOUT_MAX_MS) {
      return "dialTimeout "
          + plan.dialTimeoutMs()
          + " ms is not between "
          + PlanBounds.DIAL_TIMEOUT_MIN_MS
          + " and "
          + PlanBounds.DIAL_TIMEOUT_MAX_MS;
    }
    if (plan.maxConcurrentCalls() != null && plan.maxConcurrentCalls() < 1) {
      return "maxConcurrentCalls " + plan.maxConcurrentCalls() + " is below 1";
    }
    if (plan.retryDelaySeconds() < 0) {
      return "retryDelay " + plan.retryDelaySeconds() + " s is negative";
    }
    return null;
  }

  /** The queue a destination sends answered calls to, when it is the Queue application. */
  static String queueName(DestinationRow dest) {
    if (dest.type() == DestinationRow.TYPE_APPLICATION
        && dest.application() != null
        && dest.application().equalsIgnoreCase("queue")
        && dest.data() != null) {
      String queue = dest.data().split("[,|]", 2)[0].trim();
      return queue.isEmpty() ? null : queue;
    }
    return null;
  }

  @Override
  public void recordStatus(CampaignStatusChange change) {
    setStatus(change.campaignId(), change.status(), change.reason());
  }

  /** Kept for histories from before the change named-payloads, as its interface method. */
  @Override
  public void setStatus(String campaignId, int status, String reason) {
    // The workflow builds reasons from operators' words and Asterisk's: cut, never refused.
    db.campaigns()
        .updateCampaignStatus(campaignId, status, Column.CAMPAIGN_STATUS_REASON.cut(reason));
  }

  @Override
  public List<AttemptInput> reserveBatch(ReservationRequest request) {
    return reserveAttempts(
        request.campaignId(), request.reservationKey(), request.limit(), request.openZones());
  }

  /** Kept for histories from before the change named-payloads, as its interface method. */
  @Override
  public List<AttemptInput> reserveAttempts(
      String campaignId, String reservationKey, int limit, List<String> openZones) {
    PlanRow plan = db.campaigns().dialContext(campaignId).orElseThrow().plan();
    return db
        .attempts()
        .reserveAttempts(campaignId, reservationKey, limit, Instant.now(), openZones)
        .stream()
        .map(
            r ->
                new AttemptInput(
                    campaignId,
                    r.attemptId(),
                    r.entryId(),
                    r.numberIndex(),
                    r.tryCount(),
                    plan.dialTimeoutMs()))
        .toList();
  }

  @Override
  public void releaseAttempts(List<String> attemptIds) {
    db.attempts().releaseAttempts(attemptIds);
  }

  @Override
  public ListProgress listProgress(String campaignId) {
    AttemptStore.ListProgress p = db.attempts().listProgress(campaignId, Instant.now());
    return new ListProgress(
        p.eligibleNow(),
        p.waiting(),
        p.nextRetryAt() == null ? null : p.nextRetryAt().toEpochMilli(),
        p.inFlight());
  }

  @Override
  public List<String> listTimezones(String campaignId) {
    // Only zones this JDK knows: the workflow's ZoneId.of must not throw on a stored one.
    return db.attempts().openEntryTimezones(campaignId).stream()
        .filter(CampaignActivitiesImpl::isZone)
        .toList();
  }

  private static boolean isZone(String zone) {
    try {
      ZoneId.of(zone);
      return true;
    } catch (DateTimeException e) {
      log.warn("entries with time zone {} are not dialed: this JDK does not know the zone", zone);
      return false;
    }
  }

  @Override
  public int destinationAvailability(String campaignId) {
    DestinationRow dest = db.campaigns().dialContext(campaignId).orElseThrow().destination();
    String queue = queueName(dest);
    if (queue == null) {
      return -1;
    }
    requireAmi();
    try {
      int available = ami.queueAvailable(queue);
      return available < 0 ? 0 : available;
    } catch (IOException e) {
      // Retried by the activity's policy: pacing waits for Asterisk rather than guessing.
      throw ApplicationFailure.newFailure("QueueSummary failed: " + e.getMessage(), "AmiError");
    }
  }

  @Override
  public int hangupCalls(List<String> attemptIds) {
    // The ChannelId we originated with is the originated leg's uniqueid: Hangup takes it.
    int hungUp;
    requireAmi();
    try {
      hungUp = ami.hangupAll(attemptIds);
    } catch (IOException e) {
      // Retried by the activity's policy, and the campaign asks again while calls are up.
      throw ApplicationFailure.newFailure("Hangup failed: " + e.getMessage(), "AmiError");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("Hangup interrupted", "AmiError");
    }
    log.info("force stop: hung up {} of {} calls in flight", hungUp, attemptIds.size());
    return hungUp;
  }

  /**
   * A worker that does not serve the default PBX still runs the campaigns' steps on their shared
   * queue, where campaigns from before the change lane-per-pbx ask Asterisk: such a step is retried
   * until a worker of the default PBX takes it.
   */
  private void requireAmi() {
    if (ami == null) {
      throw ApplicationFailure.newFailure(
          "this worker holds no AMI connection to the default PBX", "AmiNotConnected");
    }
  }

  @Override
  public ControlResult startNextCampaign(CampaignStartRequest request) {
    return starter.start(request.campaignId(), request.action());
  }

  /** Kept for histories from before the change named-payloads, as its interface method. */
  @Override
  public ControlResult startCampaign(String campaignId, OperatorAction action) {
    return starter.start(campaignId, action);
  }
}
