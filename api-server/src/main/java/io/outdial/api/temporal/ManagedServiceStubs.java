package io.outdial.api.temporal;

import io.dropwizard.lifecycle.Managed;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Closes the gRPC channel to Temporal when the server stops. */
public final class ManagedServiceStubs implements Managed {
  private final WorkflowServiceStubs stubs;

  public ManagedServiceStubs(WorkflowServiceStubs stubs) {
    this.stubs = stubs;
  }

  @Override
  public void stop() throws InterruptedException {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }
}
