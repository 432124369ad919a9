package io.outdial.api.support;

import static org.assertj.core.api.Assertions.fail;

import io.outdial.workflows.connection.TemporalConnection;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Temporal dev server for one test class: a client, and a worker running {@link
 * FakeCampaignWorkflowImpl} on a task queue of its own (so no real worker answers the tests'
 * workflows, and the tests answer no real campaign's). Workflows the tests start are terminated at
 * the end. An unreachable server fails the class with how to start it; it never skips.
 */
public final class TemporalDevServer implements BeforeAllCallback, AfterAllCallback {
  public final String address = System.getProperty("outdial.it.temporal.address", "127.0.0.1:7233");
  public final String taskQueue = "outdial-api-it-" + UUID.randomUUID();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private WorkerFactory factory;

  @Override
  public void beforeAll(ExtensionContext context) {
    String[] hostPort = address.split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
    } catch (IOException e) {
      fail(
          "The Temporal dev server is not reachable at "
              + address
              + " ("
              + e.getMessage()
              + "). Start it with temporal-dev/stack.sh up (it registers the search attributes"
              + " CampaignId and CampaignStatus).");
    }
    TemporalConnection temporal = TemporalConnection.plain(address, "default");
    stubs = temporal.newServiceStubs();
    client = temporal.newClient(stubs);
    factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(FakeCampaignWorkflowImpl.class);
    factory.start();
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  /** Remembers a workflow to terminate after the class. */
  public void cleanUp(String workflowId) {
    started.add(workflowId);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Every workflow on this class's task queue (the API under test started some too).
    try {
      client
          .listExecutions("TaskQueue = '" + taskQueue + "' AND ExecutionStatus = 'Running'")
          .forEach(e -> started.add(e.getExecution().getWorkflowId()));
    } catch (RuntimeException e) {
      // Visibility may lag or be unavailable; the ones remembered are terminated below.
    }
    for (String id : started) {
      try {
        WorkflowStub stub = client.newUntypedWorkflowStub(id);
        stub.terminate("api-server integration test done");
      } catch (RuntimeException e) {
        // Already closed: nothing to clean.
      }
    }
    if (factory != null) {
      factory.shutdownNow();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
  }
}
