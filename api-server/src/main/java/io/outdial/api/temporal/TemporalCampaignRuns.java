package io.outdial.api.temporal;

import io.dropwizard.lifecycle.Managed;
import io.grpc.StatusRuntimeException;
import io.outdial.api.campaigns.CampaignProblem;
import io.outdial.api.campaigns.CampaignRuns;
import io.outdial.workflows.CampaignControl;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.ControlResult;
import io.outdial.workflows.DialAttemptWorkflow;
import io.outdial.workflows.OperatorAction;
import io.outdial.workflows.connection.TaskQueuePollers;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingWorkflowTaskState;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CampaignRuns} over a Temporal {@link WorkflowClient}.
 *
 * <p>Every campaign's workflow is started at creation with conflict policy USE_EXISTING, so
 * starting it again is harmless. Operator actions are one update-with-start call: it starts the
 * workflow when it is not running (if Temporal was away at creation) and executes the update,
 * waiting until the workflow has completed it. Both go through {@link CampaignControl}, as the
 * worker's start of a next campaign does; what is the API's own is here: calls run on a small pool
 * and are bounded by a timeout, so an operator learns within seconds that Temporal, or the worker,
 * is away, and failures become the API's errors.
 */
public final class TemporalCampaignRuns implements CampaignRuns, Managed {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalCampaignRuns.class);

  private final WorkflowClient client;
  private final CampaignControl campaigns;
  private final String uiBase;
  private final String taskQueue;
  private final Duration createTimeout;
  private final Duration controlTimeout;
  private final Clock clock;
  private final ThreadPoolExecutor pool;

  public TemporalCampaignRuns(
      WorkflowClient client,
      String uiBase,
      String taskQueue,
      Duration createTimeout,
      Duration controlTimeout,
      Clock clock) {
    this.client = client;
    this.campaigns = new CampaignControl(client, taskQueue);
    this.uiBase = uiBase;
    this.taskQueue = taskQueue;
    this.createTimeout = createTimeout;
    this.controlTimeout = controlTimeout;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            4,
            16,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000),
            r -> {
              Thread t = new Thread(r, "temporal-calls-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The start of a campaign's workflow, as its history shows it: who created it. */
  private OperatorAction createdBy(String who) {
    return new OperatorAction(who, clock.millis(), "created");
  }

  @Override
  public void create(String campaignId, String campaignName, String createdBy) {
    OperatorAction by = createdBy(createdBy);
    call(
        "start of " + workflowId(campaignId),
        createTimeout,
        () -> {
          campaigns.ensureRunning(campaignId, campaignName, by);
          return null;
        });
  }

  @Override
  public ControlResult control(
      String campaignId, String campaignName, Action action, OperatorAction operator) {
    CampaignControl.Action update = CampaignControl.Action.valueOf(action.name());
    // When the workflow was not started at creation (Temporal was away), who acts now starts it.
    OperatorAction startedBy = createdBy(operator.requestedBy());
    CampaignControl.Outcome outcome;
    try {
      outcome =
          call(
              action.updateName() + " of " + workflowId(campaignId),
              controlTimeout,
              () -> campaigns.apply(campaignId, campaignName, update, operator, startedBy));
    } catch (TimedOut e) {
      // Temporal took the update but the workflow did not complete it: when that is because the
      // workflow is failing, say so rather than blame Temporal.
      Optional<CampaignProblem> problem = problem(campaignId, List.of());
      if (problem.isPresent() && problem.get().attempt() > 0) {
        throw new NotResponding(problem.get(), e);
      }
      throw e;
    } catch (WorkflowUpdateException e) {
      throw new Unavailable(
          "the campaign workflow failed the " + action.updateName() + " update: " + rootMessage(e),
          e);
    }
    if (!outcome.accepted()) {
      throw new IllegalTransition(outcome.result());
    }
    return outcome.result();
  }

  @Override
  public void listChanged(List<String> campaignIds) {
    for (String id : campaignIds) {
      try {
        pool.execute(
            () -> {
              try {
                client.newWorkflowStub(CampaignWorkflow.class, workflowId(id)).listChanged();
              } catch (WorkflowNotFoundException e) {
                LOG.debug("No running workflow for campaign {} to tell about new entries", id);
              } catch (RuntimeException e) {
                LOG.warn("Could not signal ListChanged to {}: {}", workflowId(id), rootMessage(e));
              }
            });
      } catch (RejectedExecutionException e) {
        LOG.warn("Too many Temporal calls queued; ListChanged to {} dropped", workflowId(id));
      }
    }
  }

  /**
   * An activity is reported once it has failed this many times in a row: with the retry policies'
   * backoff that is a few seconds of failing (3.5 s for the database steps, 7 s for an Originate),
   * past the single retry a restart causes.
   */
  static final int FAILURES_REPORTED = 3;

  /** How long a campaign read waits for Temporal to describe its workflows. */
  static final Duration PROBLEM_TIMEOUT = Duration.ofSeconds(2);

  @Override
  public Optional<CampaignProblem> problem(String campaignId, List<String> attemptIds) {
    try {
      Optional<CampaignProblem> p =
          call(
              "describe of " + workflowId(campaignId),
              PROBLEM_TIMEOUT,
              () -> problemOf(workflowId(campaignId), true));
      if (p.isEmpty()) {
        for (String lane :
            call(
                "list of the lanes of " + workflowId(campaignId),
                PROBLEM_TIMEOUT,
                () -> runningLanes(campaignId))) {
          p = call("describe of " + lane, PROBLEM_TIMEOUT, () -> problemOf(lane, false));
          if (p.isPresent()) {
            break;
          }
        }
      }
      // Attempts run as their own workflows (campaign runs from before dialing lanes).
      for (int i = 0; p.isEmpty() && i < attemptIds.size(); i++) {
        String attempt = DialAttemptWorkflow.workflowId(campaignId, attemptIds.get(i));
        p = call("describe of " + attempt, PROBLEM_TIMEOUT, () -> problemOf(attempt, false));
      }
      return p;
    } catch (Unavailable e) {
      return Optional.of(
          new CampaignProblem(
              "Temporal cannot be reached: " + e.getMessage(),
              workflowId(campaignId),
              null,
              0,
              e.getMessage(),
              uiUrl(campaignId)));
    }
  }

  /** The campaign's dialing lanes that run now (the newest, and any still closing). */
  private List<String> runningLanes(String campaignId) {
    var page =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .listWorkflowExecutions(
                io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(client.getOptions().getNamespace())
                    .setQuery(
                        "WorkflowId STARTS_WITH \""
                            + workflowId(campaignId)
                            + "/lane-\""
                            + " AND ExecutionStatus = \"Running\"")
                    .setPageSize(10)
                    .build());
    return page.getExecutionsList().stream().map(e -> e.getExecution().getWorkflowId()).toList();
  }

  /** What Temporal's description of one workflow says is failing, if anything. */
  private Optional<CampaignProblem> problemOf(String workflowId, boolean mustRun) {
    String namespace = client.getOptions().getNamespace();
    String ui = uiBase + "/namespaces/" + namespace + "/workflows/" + workflowId;
    DescribeWorkflowExecutionResponse d;
    try {
      d =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace)
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return mustRun
            ? Optional.of(
                new CampaignProblem(
                    workflowId + " does not run; the next" + " operator action starts it",
                    workflowId,
                    null,
                    0,
                    null,
                    ui))
            : Optional.empty();
      }
      throw e;
    }
    WorkflowExecutionStatus status = d.getWorkflowExecutionInfo().getStatus();
    if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return mustRun
          ? Optional.of(
              new CampaignProblem(
                  workflowId
                      + " is "
                      + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "")
                      + "; the next operator action starts it"
                      + " again",
                  workflowId,
                  null,
                  0,
                  null,
                  ui))
          : Optional.empty();
    }
    if (d.hasPendingWorkflowTask() && d.getPendingWorkflowTask().getAttempt() > 1) {
      int attempt = d.getPendingWorkflowTask().getAttempt();
      String error = lastWorkflowTaskFailure(namespace, workflowId);
      return Optional.of(
          new CampaignProblem(
              "the workflow task of "
                  + workflowId
                  + " has failed "
                  + (attempt - 1)
                  + " times: "
                  + error,
              workflowId,
              null,
              attempt,
              error,
              ui));
    }
    Optional<CampaignProblem> unserved = unserved(workflowId, d, ui);
    if (unserved.isPresent()) {
      return unserved;
    }
    for (PendingActivityInfo a : d.getPendingActivitiesList()) {
      if (a.getAttempt() > FAILURES_REPORTED && a.hasLastFailure()) {
        return Optional.of(
            CampaignProblem.activity(
                workflowId,
                a.getActivityType().getName(),
                a.getAttempt(),
                a.getLastFailure().getMessage(),
                ui));
      }
    }
    return Optional.empty();
  }

  /**
   * A workflow task waits this long on its task queue before the read asks whether any worker polls
   * that queue: a task is normally picked up in milliseconds, and a worker that restarts polls
   * again within seconds.
   */
  static final Duration UNSERVED_AFTER = Duration.ofSeconds(10);

  /**
   * When the workflow's task has waited for {@link #UNSERVED_AFTER} and no worker polls its task
   * queue: which worker setting is missing (a PBX's queue, {@code <queue>/pbx-<name>}, is polled
   * only by workers whose {@code OUTDIAL_PBXS} names it).
   */
  private Optional<CampaignProblem> unserved(
      String workflowId, DescribeWorkflowExecutionResponse d, String ui) {
    if (!d.hasPendingWorkflowTask()) {
      return Optional.empty();
    }
    var task = d.getPendingWorkflowTask();
    if (task.getState() != PendingWorkflowTaskState.PENDING_WORKFLOW_TASK_STATE_SCHEDULED) {
      return Optional.empty();
    }
    var scheduled =
        task.hasOriginalScheduledTime() ? task.getOriginalScheduledTime() : task.getScheduledTime();
    if (Duration.between(
                java.time.Instant.ofEpochSecond(scheduled.getSeconds(), scheduled.getNanos()),
                clock.instant())
            .compareTo(UNSERVED_AFTER)
        < 0) {
      return Optional.empty();
    }
    String queue = d.getExecutionConfig().getTaskQueue().getName();
    if (!TaskQueuePollers.of(client, queue, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW).isEmpty()) {
      return Optional.empty();
    }
    int pbx = queue.lastIndexOf("/pbx-");
    String why =
        pbx >= 0
            ? "no worker serves PBX "
                + queue.substring(pbx + "/pbx-".length())
                + ": nobody polls task queue "
                + queue
                + " (start a worker whose OUTDIAL_PBXS names it)"
            : "no worker polls task queue " + queue + " (start a worker on it)";
    return Optional.of(new CampaignProblem(why, workflowId, null, 0, null, ui));
  }

  /** The message of the newest WorkflowTaskFailed event, from the end of the history. */
  private String lastWorkflowTaskFailure(String namespace, String workflowId) {
    var history =
        client
            .getWorkflowServiceStubs()
            .blockingStub()
            .getWorkflowExecutionHistoryReverse(
                GetWorkflowExecutionHistoryReverseRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .setMaximumPageSize(50)
                    .build())
            .getHistory();
    for (HistoryEvent e : history.getEventsList()) {
      if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        // The SDK wraps what the workflow code threw ("Failure handling event ..."): the cause
        // at the bottom is what an operator needs.
        Failure f = e.getWorkflowTaskFailedEventAttributes().getFailure();
        while (f.hasCause()) {
          f = f.getCause();
        }
        return f.getMessage();
      }
    }
    return "its last failure is not in the newest 50 events";
  }

  @Override
  public String workflowId(String campaignId) {
    return CampaignWorkflow.workflowId(campaignId);
  }

  @Override
  public String uiUrl(String campaignId) {
    return uiBase
        + "/namespaces/"
        + client.getOptions().getNamespace()
        + "/workflows/"
        + workflowId(campaignId);
  }

  /**
   * Runs one call to Temporal on the pool, waiting at most {@code timeout}; "cannot reach",
   * "refused" and "no answer in time" become {@link Unavailable}. Update failures are rethrown for
   * the caller to read.
   */
  private <T> T call(String what, Duration timeout, Callable<T> call) {
    Future<T> f;
    try {
      f = pool.submit(call);
    } catch (RejectedExecutionException e) {
      throw new Unavailable("too many Temporal calls queued; " + what + " not sent", e);
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new TimedOut(
          what
              + " got no answer within "
              + timeout.toMillis()
              + " ms (is"
              + " Temporal up, and a worker polling task queue "
              + taskQueue
              + "?); the action may"
              + " still be applied when the workflow next runs",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      throw new Unavailable(what + " interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WorkflowUpdateException u) {
        throw u;
      }
      // WorkflowServiceException, StatusRuntimeException (UNAVAILABLE, DEADLINE_EXCEEDED,
      // INVALID_ARGUMENT such as unregistered search attributes) and anything else.
      throw new Unavailable(what + " failed: " + rootMessage(cause), cause);
    }
  }

  /** No answer in time: Temporal may be away, or the workflow may be failing. */
  private static final class TimedOut extends Unavailable {
    TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String rootMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s) {
        String d = s.getStatus().getDescription();
        return s.getStatus().getCode() + (d == null ? "" : " " + d);
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  @Override
  public void stop() throws InterruptedException {
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }
}
