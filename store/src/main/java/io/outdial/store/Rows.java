package io.outdial.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Row records of the tables in {@code V1__schema.sql}. */
public final class Rows {
  private Rows() {}

  public static final int NUMBER_SLOTS = 8;

  public record PlanRow(
      String id,
      String name,
      String detail,
      int dialMode,
      int dialTimeoutMs,
      String callerId,
      String techName,
      String trunkName,
      int retryDelaySeconds,
      List<Integer> maxRetry,
      int serviceLevel,
      int dlEndHandle,
      Map<String, String> variables,
      String earlyMedia,
      String codecs,
      Integer maxConcurrentCalls,
      Double callsPerSecond) {}

  public record DestinationRow(
      String id,
      String name,
      String detail,
      int type,
      String context,
      String exten,
      String priority,
      String application,
      String data,
      Map<String, String> variables) {
    public static final int TYPE_EXTENSION = 0;
    public static final int TYPE_APPLICATION = 1;
  }

  public record DlmaRow(String id, String name, String detail, Map<String, String> variables) {}

  /** One customer; {@code numbers} and {@code tryCounts} always have 8 slots ("" when absent). */
  public record EntryRow(
      String id,
      String dlmaId,
      String name,
      String detail,
      List<String> numbers,
      String email,
      String ukey,
      Map<String, String> variables,
      String timezone,
      int status,
      List<Integer> tryCounts,
      Integer resDial,
      Integer resHangup,
      Instant lastDialAt,
      Instant lastHangupAt) {
    public static final int STATUS_IDLE = 0;
    public static final int STATUS_DIALING = 1;
    public static final int STATUS_RESERVED = 2;
  }

  public record CampaignRow(
      String id,
      String name,
      String detail,
      String planId,
      String destinationId,
      String dlmaId,
      String schedule,
      String nextCampaignId,
      int status,
      String statusReason) {}

  public enum AttemptState {
    RESERVED,
    ORIGINATE_SENT,
    SETTLED
  }

  public record AttemptRow(
      String id,
      String campaignId,
      String entryId,
      int numberIndex,
      String number,
      int tryCount,
      AttemptState state,
      int dialingStatus,
      String progress,
      String snapshot,
      Instant createdAt,
      Instant originateAt) {}

  public record ResultRow(
      String id,
      String attemptId,
      String campaignId,
      String entryId,
      int dialingStatus,
      String statusTrail,
      int resDial,
      int resHangup,
      String resHangupText,
      String detail,
      String channel,
      String number,
      int numberIndex,
      int tryCount,
      String snapshot,
      Instant dialedAt,
      Instant hangupAt,
      Instant createdAt) {}

  /** Counts of a campaign's attempts, for its status read. */
  public record CampaignCounts(
      long inFlight,
      long dialed,
      long answered,
      long busy,
      long noAnswer,
      long congestion,
      long failed,
      long remaining) {}
}
