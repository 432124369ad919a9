package io.outdial.api.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.outdial.workflows.connection.TemporalConnection;
import io.outdial.workflows.connection.TemporalConnection.Setting;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code temporal} block: where the Temporal frontend and its Web UI are, and how to reach it
 * (its {@code tls} block). There is deliberately no API key property: the key is read only from the
 * environment variable {@value #API_KEY_VARIABLE}, as the database password is.
 */
public class TemporalFactory {
  public static final String API_KEY_VARIABLE = "TEMPORAL_API_KEY";

  /** host:port of the frontend's gRPC endpoint. */
  @NotBlank
  @Pattern(regexp = "[^\\s:]+:[0-9]{1,5}", message = "must be host:port")
  private String address = "127.0.0.1:7233";

  @NotBlank private String namespace = "default";

  /** TLS and mTLS; every property unset is plain gRPC. */
  @Valid @NotNull private Tls tls = new Tls();

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

  @JsonProperty
  public Tls getTls() {
    return tls;
  }

  @JsonProperty
  public void setTls(Tls tls) {
    this.tls = tls;
  }

  /**
   * The connection this block describes, with the API key from the environment ({@code null}:
   * none). Reads and checks the TLS files: a bad setting throws, naming its config.yml key and the
   * variable config.yml reads it from.
   */
  public TemporalConnection connection(String apiKey) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    put(values, Setting.ADDRESS, address);
    put(values, Setting.NAMESPACE, namespace);
    put(values, Setting.TLS, tls.enabled);
    put(values, Setting.SERVER_CA_CERT, tls.serverCaCertPath);
    put(values, Setting.CLIENT_CERT, tls.clientCertPath);
    put(values, Setting.CLIENT_KEY, tls.clientKeyPath);
    put(values, Setting.SERVER_NAME, tls.serverName);
    put(values, Setting.API_KEY, apiKey);
    return TemporalConnection.of(values, TemporalFactory::nameOf);
  }

  /** What an operator sets: "temporal.tls.clientCertPath (TEMPORAL_TLS_CLIENT_CERT_PATH)". */
  static String nameOf(Setting setting) {
    String key =
        switch (setting) {
          case ADDRESS -> "address";
          case NAMESPACE -> "namespace";
          case TLS -> "tls.enabled";
          case SERVER_CA_CERT -> "tls.serverCaCertPath";
          case CLIENT_CERT -> "tls.clientCertPath";
          case CLIENT_KEY -> "tls.clientKeyPath";
          case SERVER_NAME -> "tls.serverName";
          case API_KEY -> null;
        };
    return key == null
        ? setting.variable()
        : "temporal." + key + " (" + setting.variable() + " in the shipped config.yml)";
  }

  private static void put(Map<Setting, String> values, Setting setting, String value) {
    if (value != null) {
      values.put(setting, value);
    }
  }

  /**
   * Service stubs that connect lazily, so the API starts (and reports Temporal unhealthy) while
   * Temporal is down, and reconnects by itself when it comes back.
   */
  public WorkflowServiceStubs buildServiceStubs(TemporalConnection connection) {
    java.time.Duration timeout = java.time.Duration.ofMillis(rpcTimeout.toMilliseconds());
    return WorkflowServiceStubs.newServiceStubs(
        connection
            .serviceStubsOptions()
            .setRpcTimeout(timeout)
            .setRpcRetryOptions(
                RpcRetryOptions.newBuilder().setExpiration(timeout).validateBuildWithDefaults())
            .build());
  }

  public WorkflowClient buildClient(TemporalConnection connection, WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(
        stubs, connection.clientOptions().setIdentity("outdial-api-server").build());
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

  /**
   * The {@code tls} block, read as the temporal CLI's variables (config.yml). A blank property is
   * unset; TLS is on when {@code enabled} is true, or unset and any other property or the API key
   * is set.
   */
  public static class Tls {
    /** true or false (also on/off, yes/no, 1/0); blank: on when anything below is set. */
    private String enabled;

    /** PEM file of the CA(s) the server's certificate is checked against; blank: the system's. */
    private String serverCaCertPath;

    /** PEM file of the client certificate for mTLS (with its chain). */
    private String clientCertPath;

    /** Unencrypted PKCS#8 PEM file of the client certificate's key. */
    private String clientKeyPath;

    /** The name the server's certificate must bear, when it is not the address's host. */
    private String serverName;

    @JsonProperty
    public String getEnabled() {
      return enabled;
    }

    @JsonProperty
    public void setEnabled(String enabled) {
      this.enabled = enabled;
    }

    @JsonProperty
    public String getServerCaCertPath() {
      return serverCaCertPath;
    }

    @JsonProperty
    public void setServerCaCertPath(String serverCaCertPath) {
      this.serverCaCertPath = serverCaCertPath;
    }

    @JsonProperty
    public String getClientCertPath() {
      return clientCertPath;
    }

    @JsonProperty
    public void setClientCertPath(String clientCertPath) {
      this.clientCertPath = clientCertPath;
    }

    @JsonProperty
    public String getClientKeyPath() {
      return clientKeyPath;
    }

    @JsonProperty
    public void setClientKeyPath(String clientKeyPath) {
      this.clientKeyPath = clientKeyPath;
    }

    @JsonProperty
    public String getServerName() {
      return serverName;
    }

    @JsonProperty
    public void setServerName(String serverName) {
      this.serverName = serverName;
    }
  }
}
