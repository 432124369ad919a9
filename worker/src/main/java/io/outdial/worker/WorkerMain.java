package io.outdial.worker;

import io.outdial.activities.CampaignActivitiesImpl;
import io.outdial.activities.DialActivitiesImpl;
import io.outdial.activities.Failures;
import io.outdial.activities.LaneActivitiesImpl;
import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.activities.ami.ServedPbxs;
import io.outdial.store.CampaignStore;
import io.outdial.store.Database;
import io.outdial.store.DbConfig;
import io.outdial.workflows.CampaignControl;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.CampaignWorkflowImpl;
import io.outdial.workflows.DialAttemptWorkflowImpl;
import io.outdial.workflows.DialLaneWorkflow;
import io.outdial.workflows.DialLaneWorkflowImpl;
import io.outdial.workflows.connection.TaskQueuePollers;
import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.event.ManagerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: the campaign and attempt workflows, their activities, and the one AMI
 * connection. Everything is configured from the environment (see README).
 */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    WorkerHealth health = serveHealth(env);
    WorkerMetrics metrics = new WorkerMetrics();
    if (health != null) {
      health.serveMetrics(metrics::scrape);
    }
    DbConfig dbConfig = DbConfig.fromEnvironment(env, 20);
    // TEMPORAL_* (address, namespace, TLS, API key): a bad one stops the worker here.
    TemporalConnection temporal = TemporalConnection.fromEnvironment(env);
    String taskQueue = env.getOrDefault("OUTDIAL_TASK_QUEUE", CampaignWorkflow.TASK_QUEUE);
    log.info(
        "starting worker: db {}, PBXs {}, temporal {}",
        dbConfig,
        env.getOrDefault("OUTDIAL_PBXS", CampaignStore.DEFAULT_PBX),
        temporal);

    Database db = Database.connect(dbConfig);
    db.attempts().onSettled(metrics::recorded);
    // One AMI connection, and one registry of its calls, per PBX this worker serves.
    List<PbxLink> links = new ArrayList<>();
    for (ServedPbxs.Served pbx : ServedPbxs.fromEnvironment(env, ServedPbxs.rowsOf(db))) {
      CallRegistry calls = new CallRegistry(db.attempts(), pbx.name());
      java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<ManagerEvent>>
          linkEvents = new java.util.concurrent.atomic.AtomicReference<>(e -> {});
      AmiClient ami =
          new AmiClient(
              pbx.ami(),
              e -> {
                linkEvents.get().accept(e);
                calls.onEvent(e);
              },
              CallRegistry.EVENTS);
      linkEvents.set(metrics.pbx(pbx.name(), ami, calls));
      calls.attach(ami);
      // Track attempts that were in flight when a previous worker died before events can arrive.
      calls.loadInFlight();
      ami.start();
      log.info("serving PBX {} at {}", pbx.name(), pbx.ami());
      links.add(new PbxLink(pbx.name(), calls, ami));
    }

    // The SDK's own metrics (polls, task latencies, ...) go to the worker's /metrics.
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            temporal.serviceStubsOptions().setMetricsScope(metrics.temporalScope()).build());
    WorkflowClient client = temporal.newClient(service);
    // Every activity's permanent failures (a value the database refuses, a value that cannot be
    // read) become non-retryable, so that no workflow retries them for ever.
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new Failures.Interceptor())
                .build());
    CampaignControl control = new CampaignControl(client, taskQueue);
    // The next campaign is started as the API starts one: one update-with-start, which also
    // starts its workflow when it does not run. A refusal (it is running already) is an answer.
    CampaignActivitiesImpl.CampaignStarter starter =
        (id, action) -> {
          String name = db.campaigns().findCampaign(id).map(c -> c.name()).orElse(id);
          return control.apply(id, name, CampaignControl.Action.START, action, action).result();
        };
    // The campaigns' queue, shared by every worker: campaign workflows and their database steps.
    Worker campaigns = factory.newWorker(taskQueue, workerOptions());
    campaigns.registerWorkflowImplementationTypes(
        CampaignWorkflowImpl.class, DialLaneWorkflowImpl.class, DialAttemptWorkflowImpl.class);
    PbxLink byDefault =
        links.stream()
            .filter(l -> l.name().equals(CampaignStore.DEFAULT_PBX))
            .findFirst()
            .orElse(null);
    if (byDefault != null) {
      // Campaigns, lanes and attempt workflows from before the change lane-per-pbx run their
      // call-bound steps here, on the default PBX.
      DialActivitiesImpl dial = new DialActivitiesImpl(db, byDefault.calls(), byDefault.ami());
      campaigns.registerActivitiesImplementations(
          new CampaignActivitiesImpl(db, byDefault.ami(), starter),
          dial,
          new LaneActivitiesImpl(
              db,
              byDefault.calls(),
              dial,
              q -> TaskQueuePollers.activityWorkers(client, q),
              campaignReports(client)));
    } else {
      campaigns.registerActivitiesImplementations(new CampaignActivitiesImpl(db, null, starter));
    }
    // Each PBX's queue: its lanes, their activities, and the campaigns' steps on that PBX.
    for (PbxLink link : links) {
      String queue = DialLaneWorkflow.pbxTaskQueue(taskQueue, link.name());
      Worker pbx = factory.newWorker(queue, workerOptions());
      pbx.registerWorkflowImplementationTypes(DialLaneWorkflowImpl.class);
      DialActivitiesImpl dial = new DialActivitiesImpl(db, link.calls(), link.ami());
      pbx.registerActivitiesImplementations(
          new CampaignActivitiesImpl(db, link.ami(), starter),
          dial,
          new LaneActivitiesImpl(
              db,
              link.calls(),
              dial,
              q -> TaskQueuePollers.activityWorkers(client, q),
              campaignReports(client)));
      log.info("PBX {}: its work comes on task queue {}", link.name(), queue);
      // The ends of calls of dialing lanes go to their lane by signal, many per signal.
      link.calls()
          .reportEndsTo(
              (laneWorkflowId, ended) -> {
                try {
                  client
                      .newUntypedWorkflowStub(laneWorkflowId)
                      .signal("CallsEnded", new DialLaneWorkflow.CallsEnded(ended));
                } catch (WorkflowNotFoundException e) {
                  log.warn(
                      "lane {} is gone: {} call ends not reported (their attempts stay in flight)",
                      laneWorkflowId,
                      ended.size());
                }
              });
    }
    factory.start();
    log.info("worker polling task queue {}", taskQueue);
    if (health != null) {
      addChecks(health, links, service, factory, db);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("worker shutting down");
                  if (health != null) {
                    health.close();
                  }
                  factory.shutdown();
                  for (PbxLink link : links) {
                    link.ami().close();
                    link.calls().close();
                  }
                  service.shutdown();
                  db.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  /**
   * The health check on OUTDIAL_WORKER_ADMIN_HOST:OUTDIAL_WORKER_ADMIN_PORT (127.0.0.1:8082; port
   * {@code off}: none), bound before anything else starts: a port that is not a number, or that is
   * taken, stops the worker at once.
   */
  static WorkerHealth serveHealth(Map<String, String> env) {
    String portText = env.getOrDefault("OUTDIAL_WORKER_ADMIN_PORT", "8082").trim();
    if (portText.equalsIgnoreCase("off")) {
      return null;
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "OUTDIAL_WORKER_ADMIN_PORT must be a port number or off, not '" + portText + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "OUTDIAL_WORKER_ADMIN_PORT must be between 0 and 65535, not " + port);
    }
    String host = env.getOrDefault("OUTDIAL_WORKER_ADMIN_HOST", "127.0.0.1");
    try {
      return new WorkerHealth(host, port);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "cannot serve the health check on "
              + host
              + ":"
              + port
              + " (OUTDIAL_WORKER_ADMIN_HOST, OUTDIAL_WORKER_ADMIN_PORT): "
              + e.getMessage(),
          e);
    }
  }

  /** Its checks: each PBX's AMI connection, Temporal (its pollers and the server), the database. */
  private static void addChecks(
      WorkerHealth health,
      List<PbxLink> links,
      WorkflowServiceStubs service,
      WorkerFactory factory,
      Database db) {
    for (PbxLink link : links) {
      health.add(
          "ami-" + link.name(),
          () -> {
            if (!link.ami().isConnected()) {
              throw new IllegalStateException(
                  "not connected to the AMI of PBX " + link.name() + " (reconnecting)");
            }
          });
    }
    health.add(
        "temporal",
        () -> {
          if (!factory.isStarted() || factory.isShutdown()) {
            throw new IllegalStateException("the worker's pollers are not running");
          }
          service
              .blockingStub()
              .withDeadlineAfter(WorkerHealth.CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .getSystemInfo(
                  io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
        });
    health.add(
        "database",
        () -> db.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));
  }

  /** A PBX this worker serves: its AMI connection and the registry of its calls. */
  private record PbxLink(String name, CallRegistry calls, AmiClient ami) {}

  /** A lane's reports to its campaign: the AttemptsFinished signal, through this client. */
  private static LaneActivitiesImpl.CampaignReports campaignReports(WorkflowClient client) {
    return (campaignWorkflowId, finished) -> {
      try {
        client.newUntypedWorkflowStub(campaignWorkflowId).signal("AttemptsFinished", finished);
        return true;
      } catch (WorkflowNotFoundException e) {
        return false;
      }
    };
  }

  private static WorkerOptions workerOptions() {
    return WorkerOptions.newBuilder()
        // Each call of an attempt run as its own workflow (campaigns from before dialing lanes)
        // holds one AwaitCallEnd activity while it waits for its hangup.
        .setMaxConcurrentActivityExecutionSize(1000)
        // A lane's workflow task replays a long history when it is not in the cache: on a busy
        // machine that takes more than the default second, and the task failed and replayed again
        // and again (seen in the dial bench).
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(10).toMillis())
        // A busy worker may take a few seconds to pick up the next task of a workflow it holds;
        // after the default 5 s the task went to the shared queue and was replayed from scratch.
        .setStickyQueueScheduleToStartTimeout(Duration.ofSeconds(15))
        .build();
  }
}
