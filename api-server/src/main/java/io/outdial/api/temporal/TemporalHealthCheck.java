package io.outdial.api.temporal;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Healthy when the Temporal frontend answers and knows our namespace. */
public final class TemporalHealthCheck extends HealthCheck {
  private final WorkflowServiceStubs stubs;
  private final String namespace;
  private final String address;

  public TemporalHealthCheck(WorkflowServiceStubs stubs, String address, String namespace) {
    this.stubs = stubs;
    this.address = address;
    this.namespace = namespace;
  }

  @Override
  protected Result check() {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(3, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      return Result.healthy("namespace %s at %s", namespace, address);
    } catch (RuntimeException e) {
      return Result.unhealthy(
          "Temporal at %s (namespace %s) does not answer: %s", address, namespace, e.getMessage());
    }
  }
}
