package io.outdial.api.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/** The {@code temporal} block: where the Temporal frontend and its Web UI are. */
public class TemporalFactory {
  /** host:port of the frontend's gRPC endpoint. */
  @NotBlank
  @Pattern(regexp = "[^\\s:]+:[0-9]{1,5}", message = "must be host:port")
  private String address = "127.0.0.1:7233";

  @NotBlank private String namespace = "default";

  /** Task queue the workers poll; tests give each stack its own. */
  @NotBlank private String taskQueue = io.outdial.workflows.CampaignWorkflow.TASK_QUEUE;

  /** Base of the Web UI, for the links the API hands out. */
  @NotBlank
  @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
  private String uiUrl = "http://127.0.0.1:8233";

  /**
   * How long one call to Temporal may take, retries included, before the API answers 503: an
   * operator waiting on a start button should learn quickly that Temporal is away.
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration rpcTimeout = Duration.seconds(10);

  /**
   * How long creating a campaign waits for its workflow to start; when Temporal is away the
   * campaign is created anyway and its first operator action starts the workflow.
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration createTimeout = Duration.seconds(3);

  /**
   * How long an operator action waits for the workflow to complete its update before the API
   * answers 503 (Temporal or every worker away).
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration controlTimeout = Duration.seconds(10);

  @JsonProperty
  public Duration getCreateTimeout() {
    return createTimeout;
  }

  @JsonProperty
  public void setCreateTimeout(Duration createTimeout) {
    this.createTimeout = createTimeout;
  }

  @JsonProperty
  public Duration getControlTimeout() {
    return controlTimeout;
  }

  @JsonProperty
  public void setControlTimeout(Duration controlTimeout) {
    this.controlTimeout = controlTimeout;
  }

  @JsonProperty
  public String getAddress() {
    return address;
  }

  @JsonProperty
  public void setAddress(String address) {
    this.address = address;
  }

  @JsonProperty
  public String getNamespace() {
    return namespace;
  }

  @JsonProperty
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  @JsonProperty
  public String getUiUrl() {
    return uiUrl;
  }

  @JsonProperty
  public void setUiUrl(String uiUrl) {
    this.uiUrl = uiUrl;
  }

  @JsonProperty
  public Duration getRpcTimeout() {
    return rpcTimeout;
  }

  @JsonProperty
  public void setRpcTimeout(Duration rpcTimeout) {
    this.rpcTimeout = rpcTimeout;
  }

  /**
   * Service stubs that connect lazily, so the API starts (and reports Temporal unhealthy) while
   * Temporal is down, and reconnects by itself when it comes back.
   */
  public WorkflowServiceStubs buildServiceStubs() {
    java.time.Duration timeout = java.time.Duration.ofMillis(rpcTimeout.toMilliseconds());
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder()
            .setTarget(address)
            .setRpcTimeout(timeout)
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder().setExpiration(timeout).validateBuildWithDefaults())
            .build());
  }

  public WorkflowClient buildClient(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(namespace)
            .setIdentity("outdial-api-server")
            .build());
  }

  @JsonProperty
  public String getTaskQueue() {
    return taskQueue;
  }

  @JsonProperty
  public void setTaskQueue(String taskQueue) {
    this.taskQueue = taskQueue;
  }

  /** The Web UI base without a trailing slash. */
  public String uiBase() {
    return uiUrl.endsWith("/") ? uiUrl.substring(0, uiUrl.length() - 1) : uiUrl;
  }
}
