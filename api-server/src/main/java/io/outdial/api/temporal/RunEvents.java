package io.outdial.api.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where in a Temporal run an attempt's call was originated, or its result recorded: the event id of
 * the activity that carries the attempt in its input (a lane's OriginateBatch and RecordResults, or
 * an attempt workflow's own activities before lanes). Activities do not learn their event's id, so
 * the run's history is read, once: a closed run's history no longer changes and is kept (up to
 * {@link #RUNS_KEPT} runs); a running one is read again when an attempt is not in it yet, at most
 * every {@link #REREAD_RUNNING}.
 */
public class RunEvents {
  private static final Logger log = LoggerFactory.getLogger(RunEvents.class);

  /** Runs whose indexes are kept: a lane run indexes a few thousand attempts. */
  static final int RUNS_KEPT = 64;

  static final Duration REREAD_RUNNING = Duration.ofSeconds(2);

  /** The activities that send an attempt's Originate. */
  public static final Set<String> ORIGINATES = Set.of("OriginateBatch", "Originate");

  /** The activities that record an attempt's result. */
  public static final Set<String> RECORDS =
      Set.of("RecordResults", "RecordAttemptResult", "RecordResult", "AwaitCallEndAndRecordResult");

  /** Never finds an event: links go to the run's history (where no Temporal is asked). */
  public static final RunEvents NONE =
      new RunEvents(null, null) {
        @Override
        public Optional<Long> find(
            String workflowId, String runId, Set<String> activityTypes, String attemptId) {
          return Optional.empty();
        }
      };

  private static final Pattern ATTEMPT_ID =
      Pattern.compile("\"attemptId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

  /** One run's index: activity type and attempt id to the first event scheduling it. */
  private record Index(Map<String, Long> events, boolean closed, long readAtMs) {}

  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final Cache<String, Index> runs = Caffeine.newBuilder().maximumSize(RUNS_KEPT).build();

  public RunEvents(WorkflowServiceStubs stubs, String namespace) {
    this.stubs = stubs;
    this.namespace = namespace;
  }

  /**
   * The event of run {@code runId} of {@code workflowId} that scheduled an activity of one of
   * {@code activityTypes} for {@code attemptId}; empty when there is none, or Temporal cannot say
   * now (the link then opens the run's history).
   */
  public Optional<Long> find(
      String workflowId, String runId, Set<String> activityTypes, String attemptId) {
    String key = workflowId + "\n" + runId;
    Index index = runs.getIfPresent(key);
    Long found = index == null ? null : lookup(index, activityTypes, attemptId);
    boolean stale =
        index == null
            || (found == null
                && !index.closed()
                && System.currentTimeMillis() - index.readAtMs() >= REREAD_RUNNING.toMillis());
    if (stale) {
      try {
        index = read(workflowId, runId);
        runs.put(key, index);
        found = lookup(index, activityTypes, attemptId);
      } catch (RuntimeException e) {
        log.warn("could not read the history of {} run {}: {}", workflowId, runId, e.toString());
      }
    }
    return Optional.ofNullable(found);
  }

  private static Long lookup(Index index, Set<String> types, String attemptId) {
    Long best = null;
    for (String type : types) {
      Long id = index.events().get(type + "\n" + attemptId.toLowerCase(java.util.Locale.ROOT));
      if (id != null && (best == null || id < best)) {
        best = id;
      }
    }
    return best;
  }

  private Index read(String workflowId, String runId) {
    Map<String, Long> events = new HashMap<>();
    boolean closed = false;
    ByteString token = ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse r =
          stubs
              .blockingStub()
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(workflowId)
                              .setRunId(runId)
                              .build())
                      .setNextPageToken(token)
                      .build());
      for (HistoryEvent e : r.getHistory().getEventsList()) {
        if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
          var a = e.getActivityTaskScheduledEventAttributes();
          String type = a.getActivityType().getName();
          for (Payload p : a.getInput().getPayloadsList()) {
            Matcher m = ATTEMPT_ID.matcher(p.getData().toStringUtf8());
            while (m.find()) {
              events.putIfAbsent(
                  type + "\n" + m.group(1).toLowerCase(java.util.Locale.ROOT), e.getEventId());
            }
          }
        } else if (isClose(e.getEventType())) {
          closed = true;
        }
      }
      token = r.getNextPageToken();
    } while (!token.isEmpty());
    return new Index(events, closed, System.currentTimeMillis());
  }

  private static boolean isClose(EventType t) {
    return switch (t) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
          EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
          EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
          EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
          EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
          EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW ->
          true;
      default -> false;
    };
  }
}
