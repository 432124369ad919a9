package io.outdial.worker;

import io.outdial.activities.CampaignActivitiesImpl;
import io.outdial.activities.DialActivitiesImpl;
import io.outdial.activities.Failures;
import io.outdial.activities.LaneActivitiesImpl;
import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.AmiConfig;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.store.Database;
import io.outdial.store.DbConfig;
import io.outdial.workflows.CampaignControl;
import io.outdial.workflows.CampaignWorkflow;
import io.outdial.workflows.CampaignWorkflowImpl;
import io.outdial.workflows.DialAttemptWorkflowImpl;
import io.outdial.workflows.DialLaneWorkflow;
import io.outdial.workflows.DialLaneWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
    DbConfig dbConfig = DbConfig.fromEnvironment(env, 20);
    AmiConfig amiConfig = AmiConfig.fromEnvironment(env);
    String temporalAddress = env.getOrDefault("TEMPORAL_ADDRESS", "127.0.0.1:7233");
    String namespace = env.getOrDefault("TEMPORAL_NAMESPACE", "default");
    String taskQueue = env.getOrDefault("OUTDIAL_TASK_QUEUE", CampaignWorkflow.TASK_QUEUE);
    log.info(
        "starting worker: db {}, ami {}, temporal {} namespace {}",
        dbConfig,
        amiConfig,
        temporalAddress,
        namespace);

    Database db = Database.connect(dbConfig);
    CallRegistry calls = new CallRegistry(db.attempts());
    AmiClient ami = new AmiClient(amiConfig, calls::onEvent, CallRegistry.EVENTS);
    calls.attach(ami);
    // Track attempts that were in flight when a previous worker died before events can arrive.
    calls.loadInFlight();
    ami.start();

    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    // Every activity's permanent failures (a value the database refuses, a value that cannot be
    // read) become non-retryable, so that no workflow retries them for ever.
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new Failures.Interceptor())
                .build());
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                // Each call of an attempt run as its own workflow (campaigns from before dialing
                // lanes)
                // holds one AwaitCallEnd activity while it waits for its hangup.
                .setMaxConcurrentActivityExecutionSize(1000)
                // A lane's workflow task replays a long history when it is not in the cache: on a
                // busy
                // machine that takes more than the default second, and the task failed and replayed
                // again and again (seen in the dial bench).
                .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(10).toMillis())
                // A busy worker may take a few seconds to pick up the next task of a workflow it
                // holds;
                // after the default 5 s the task went to the shared queue and was replayed from
                // scratch.
                .setStickyQueueScheduleToStartTimeout(Duration.ofSeconds(15))
                .build());
    worker.registerWorkflowImplementationTypes(
        CampaignWorkflowImpl.class, DialLaneWorkflowImpl.class, DialAttemptWorkflowImpl.class);
    CampaignControl control = new CampaignControl(client, taskQueue);
    // The next campaign is started as the API starts one: one update-with-start, which also
    // starts its workflow when it does not run. A refusal (it is running already) is an answer.
    CampaignActivitiesImpl.CampaignStarter starter =
        (id, action) -> {
          String name = db.campaigns().findCampaign(id).map(c -> c.name()).orElse(id);
          return control.apply(id, name, CampaignControl.Action.START, action, action).result();
        };
    DialActivitiesImpl dial = new DialActivitiesImpl(db, calls, ami);
    worker.registerActivitiesImplementations(
        new CampaignActivitiesImpl(db, ami, starter),
        dial,
        new LaneActivitiesImpl(db, calls, dial));
    factory.start();
    // The ends of calls of dialing lanes go to their lane by signal, many per signal.
    calls.reportEndsTo(
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
    log.info("worker polling task queue {}", taskQueue);

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("worker shutting down");
                  factory.shutdown();
                  ami.close();
                  calls.close();
                  service.shutdown();
                  db.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }
}
