package io.outdial.activities;

import io.outdial.activities.ami.AmiClient;
import io.outdial.store.Json;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Store;
import io.outdial.store.Store.DialContext;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.CampaignActivities;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.OperatorAction;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Database and AMI steps of the campaign workflow. */
public final class CampaignActivitiesImpl implements CampaignActivities {
  private static final Logger log = LoggerFactory.getLogger(CampaignActivitiesImpl.class);

  /** Starts a campaign the way an operator does (the worker wires the Temporal client in). */
  public interface CampaignStarter {
    ControlResult start(String campaignId, OperatorAction action);
  }

  private final Store store;
  private final AmiClient ami;
  private final CampaignStarter starter;

  public CampaignActivitiesImpl(Store store, AmiClient ami, CampaignStarter starter) {
    this.store = store;
    this.ami = ami;
    this.starter = starter;
  }

  @Override
  public CampaignCheck checkCampaign(String campaignId) {
    if (store.findCampaign(campaignId).isEmpty()) {
      return new CampaignCheck(false, "campaign " + campaignId + " does not exist", null, 1, 0, 0,
          0, 0, false, null, null);
    }
    Optional<DialContext> ctx = store.dialContext(campaignId);
    if (ctx.isEmpty()) {
      return new CampaignCheck(false, "plan, destination or dial list is missing or deleted",
          null, 1, 0, 0, 0, 0, false, null, null);
    }
    PlanRow plan = ctx.get().plan();
    DestinationRow dest = ctx.get().destination();
    Map<String, Object> schedule = new LinkedHashMap<>();
    String json = ctx.get().campaign().schedule();
    if (json != null && !json.isBlank()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = Json.read(json, Map.class);
      schedule.putAll(parsed);
    }
    return new CampaignCheck(true, null, ctx.get().campaign().name(), plan.dlEndHandle(),
        plan.maxConcurrentCalls() == null ? 0 : plan.maxConcurrentCalls(),
        plan.callsPerSecond() == null ? 0 : plan.callsPerSecond(), plan.serviceLevel(),
        plan.dialTimeoutMs(), queueName(dest) != null, schedule,
        ctx.get().campaign().nextCampaignId());
  }

  /** The queue a destination sends answered calls to, when it is the Queue application. */
  static String queueName(DestinationRow dest) {
    if (dest.type() == DestinationRow.TYPE_APPLICATION && dest.application() != null
        && dest.application().equalsIgnoreCase("queue") && dest.data() != null) {
      String queue = dest.data().split("[,|]", 2)[0].trim();
      return queue.isEmpty() ? null : queue;
    }
    return null;
  }

  @Override
  public void setStatus(String campaignId, int status, String reason) {
    store.updateCampaignStatus(campaignId, status, reason);
  }

  @Override
  public List<AttemptInput> reserveAttempts(String campaignId, String reservationKey, int limit,
      List<String> openZones) {
    PlanRow plan = store.dialContext(campaignId).orElseThrow().plan();
    return store.reserveAttempts(campaignId, reservationKey, limit, Instant.now(), openZones)
        .stream()
        .map(r -> new AttemptInput(campaignId, r.attemptId(), r.entryId(), r.numberIndex(),
            r.tryCount(), plan.dialTimeoutMs()))
        .toList();
  }

  @Override
  public void releaseAttempts(List<String> attemptIds) {
    store.releaseAttempts(attemptIds);
  }

  @Override
  public ListProgress listProgress(String campaignId) {
    Store.ListProgress p = store.listProgress(campaignId, Instant.now());
    return new ListProgress(p.eligibleNow(), p.waiting(),
        p.nextRetryAt() == null ? null : p.nextRetryAt().toEpochMilli(), p.inFlight());
  }

  @Override
  public List<String> listTimezones(String campaignId) {
    return store.openEntryTimezones(campaignId);
  }

  @Override
  public int destinationAvailability(String campaignId) {
    DestinationRow dest = store.dialContext(campaignId).orElseThrow().destination();
    String queue = queueName(dest);
    if (queue == null) {
      return -1;
    }
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
    int hungUp = 0;
    for (String id : attemptIds) {
      try {
        // The ChannelId we originated with is the originated leg's uniqueid: Hangup takes it.
        ManagerResponse r = ami.hangup(id);
        if (!(r instanceof ManagerError)) {
          hungUp++;
        }
      } catch (IOException e) {
        log.warn("hangup of attempt {} failed: {}", id, e.getMessage());
      }
    }
    log.info("force stop: hung up {} of {} calls in flight", hungUp, attemptIds.size());
    return hungUp;
  }

  @Override
  public ControlResult startCampaign(String campaignId, OperatorAction action) {
    return starter.start(campaignId, action);
  }
}
