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
      Instant createdAt,
      Runs runs) {
    /** A result not yet linked to its Temporal runs (the store copies the originating one). */
    public ResultRow(
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
        Instant createdAt) {
      this(
          id,
          attemptId,
          campaignId,
          entryId,
          dialingStatus,
          statusTrail,
          resDial,
          resHangup,
          resHangupText,
          detail,
          channel,
          number,
          numberIndex,
          tryCount,
          snapshot,
          dialedAt,
          hangupAt,
          createdAt,
          Runs.NONE);
    }

    /** The same result, recorded by the run {@code recordRunId}. */
    public ResultRow recordedBy(String recordRunId) {
      return new ResultRow(
          id,
          attemptId,
          campaignId,
          entryId,
          dialingStatus,
          statusTrail,
          resDial,
          resHangup,
          resHangupText,
          detail,
          channel,
          number,
          numberIndex,
          tryCount,
          snapshot,
          dialedAt,
          hangupAt,
          createdAt,
          new Runs(runs.workflowId(), runs.originateRunId(), recordRunId));
    }
  }

  /**
   * The Temporal workflow that originated an attempt's call (a dialing lane, or the attempt's own
   * child before lanes), its run that sent the Originate and its run that recorded the result. Any
   * may be null: rows from before they were kept, or a result recorded without an originate.
   */
  public record Runs(String workflowId, String originateRunId, String recordRunId) {
    public static final Runs NONE = new Runs(null, null, null);
  }

  /** The workflow run an activity runs for (Temporal's workflow id and run id). */
  public record WorkflowRun(String workflowId, String runId) {}

  /** Counts of a campaign's attempts, for its status read. */
  /**
   * A campaign's counts: {@code dialed} is every result recorded, the attempts a calling rule held
   * back included ({@code heldBackDnc}: numbers on a do-not-call list, not in {@code failed}).
   */
  public record CampaignCounts(
      long inFlight,
      long dialed,
      long answered,
      long busy,
      long noAnswer,
      long congestion,
      long failed,
      long remaining,
      long heldBackDnc) {
    public CampaignCounts(
        long inFlight,
        long dialed,
        long answered,
        long busy,
        long noAnswer,
        long congestion,
        long failed,
        long remaining) {
      this(inFlight, dialed, answered, busy, noAnswer, congestion, failed, remaining, 0);
    }
  }

  /**
   * Outcome of an api-server write that the state of other rows may forbid: done, the row does not
   * exist (or is deleted), campaigns that are not in STOP use it ({@code campaigns}), or references
   * it makes do not exist ({@code missing}, by API field name).
   */
  public record Guarded(Kind kind, List<String> campaigns, List<String> missing) {
    public enum Kind {
      DONE,
      NOT_FOUND,
      IN_USE,
      MISSING_REFERENCE
    }

    public Guarded {
      campaigns = campaigns == null ? List.of() : List.copyOf(campaigns);
      missing = missing == null ? List.of() : List.copyOf(missing);
    }

    public static Guarded done() {
      return new Guarded(Kind.DONE, null, null);
    }

    public static Guarded notFound() {
      return new Guarded(Kind.NOT_FOUND, null, null);
    }

    public static Guarded inUse(List<String> campaigns) {
      return new Guarded(Kind.IN_USE, campaigns, null);
    }

    public static Guarded missing(List<String> fields) {
      return new Guarded(Kind.MISSING_REFERENCE, null, fields);
    }
  }

  /** Filters of a results query; null means not filtered. {@code to} is exclusive. */
  public record ResultFilter(
      String campaignId,
      String entryId,
      Integer resDial,
      Integer resHangup,
      Instant from,
      Instant to) {}
}
