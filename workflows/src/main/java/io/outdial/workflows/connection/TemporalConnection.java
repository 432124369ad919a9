package io.outdial.workflows.connection;

import io.grpc.Metadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How a process reaches Temporal: the frontend's address, the namespace, and for a secured cluster
 * or Temporal Cloud TLS (a CA to verify the server by, a client certificate and key for mTLS, a
 * server name) and an API key. The worker reads it from the environment ({@link #fromEnvironment}),
 * the api-server from its config.yml and environment ({@link #of}); both build their service stubs
 * and client from it, so the two cannot connect differently. Everything is checked, and the files
 * read, when it is made: a bad setting fails the process at start with a message naming the
 * setting. The API key and the key file's content are secrets: no message and no {@link
 * #toString()} holds them.
 */
public final class TemporalConnection {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  /**
   * Temporal Cloud routes a request with an API key by this header. The SDK's {@link
   * WorkflowClient} adds it to its own calls; calls made on the stubs directly (the api-server's
   * health check and history reads) have it only from here.
   */
  private static final Metadata.Key<String> NAMESPACE_HEADER =
      Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The settings, with the environment variable the worker reads each from: the names the temporal
   * CLI (v1.5) and the SDKs' environment configuration read, so one environment serves the CLI and
   * outdial alike.
   */
  public enum Setting {
    ADDRESS("TEMPORAL_ADDRESS", null),
    NAMESPACE("TEMPORAL_NAMESPACE", null),
    /** true or false; unset is on when any setting below is set. */
    TLS("TEMPORAL_TLS", null),
    /** PEM file of the CA(s) that signed the server's certificate; unset: the system's. */
    SERVER_CA_CERT("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "TEMPORAL_TLS_CA"),
    /** PEM file of the client certificate (mTLS), with its chain. */
    CLIENT_CERT("TEMPORAL_TLS_CLIENT_CERT_PATH", "TEMPORAL_TLS_CERT"),
    /** PKCS#8 PEM file of the client certificate's key. */
    CLIENT_KEY("TEMPORAL_TLS_CLIENT_KEY_PATH", "TEMPORAL_TLS_KEY"),
    /** The name the server's certificate must have, when it is not the address's host. */
    SERVER_NAME("TEMPORAL_TLS_SERVER_NAME", null),
    /** A Temporal Cloud API key, sent as {@code authorization: Bearer <key>}. */
    API_KEY("TEMPORAL_API_KEY", null);

    private final String variable;
    private final String olderVariable;

    Setting(String variable, String olderVariable) {
      this.variable = variable;
      this.olderVariable = olderVariable;
    }

    /** The environment variable this setting is read from. */
    public String variable() {
      return variable;
    }
  }

  private final String address;
  private final String namespace;
  private final ClientTls tls;
  private final String serverName;
  private final String apiKey;

  private TemporalConnection(
      String address, String namespace, ClientTls tls, String serverName, String apiKey) {
    this.address = address;
    this.namespace = namespace;
    this.tls = tls;
    this.serverName = serverName;
    this.apiKey = apiKey;
  }

  /** Plain gRPC to a server that needs no TLS: the local dev server of the tests and benches. */
  public static TemporalConnection plain(String address, String namespace) {
    return of(
        Map.of(Setting.ADDRESS, address, Setting.NAMESPACE, namespace, Setting.TLS, "false"),
        Setting::variable);
  }

  /** Reads the {@link Setting}s from their environment variables. */
  public static TemporalConnection fromEnvironment(Map<String, String> env) {
    rejectOlderNames(env);
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = env.get(setting.variable);
      if (value != null) {
        values.put(setting, value);
      }
    }
    return of(values, Setting::variable);
  }

  /**
   * The temporal CLI also reads TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY and TEMPORAL_TLS_CA, names from
   * before its environment configuration. outdial reads only the newer names; one of the older set
   * alone would otherwise leave TLS or mTLS silently off.
   */
  public static void rejectOlderNames(Map<String, String> env) {
    for (Setting setting : Setting.values()) {
      if (setting.olderVariable != null
          && isSet(env.get(setting.olderVariable))
          && !isSet(env.get(setting.variable))) {
        throw new IllegalArgumentException(
            setting.olderVariable
                + " is set, an older temporal CLI name that outdial does not read: set "
                + setting.variable
                + " instead");
      }
    }
  }

  /**
   * From the values of the settings (a missing or blank value is unset); {@code name} says what
   * each setting is called where the operator sets it, for the messages.
   */
  public static TemporalConnection of(Map<Setting, String> values, Function<Setting, String> name) {
    String address = valueOr(values, Setting.ADDRESS, DEFAULT_ADDRESS);
    if (address.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          name.apply(Setting.ADDRESS) + " must be host:port, got '" + address + "'");
    }
    String namespace = valueOr(values, Setting.NAMESPACE, DEFAULT_NAMESPACE);
    Boolean tlsFlag = flag(values.get(Setting.TLS), name.apply(Setting.TLS));
    List<Setting> tlsSettings = new ArrayList<>();
    for (Setting setting :
        List.of(
            Setting.SERVER_CA_CERT,
            Setting.CLIENT_CERT,
            Setting.CLIENT_KEY,
            Setting.SERVER_NAME,
            Setting.API_KEY)) {
      if (isSet(values.get(setting))) {
        tlsSettings.add(setting);
      }
    }
    if (Boolean.FALSE.equals(tlsFlag) && !tlsSettings.isEmpty()) {
      throw new IllegalArgumentException(
          name.apply(Setting.TLS)
              + " is false, but "
              + tlsSettings.stream().map(name).collect(Collectors.joining(", "))
              + (tlsSettings.size() == 1 ? " is" : " are")
              + " set"
              + (tlsSettings.contains(Setting.API_KEY)
                  ? ": an API key is never sent without TLS"
                  : ", which only TLS uses")
              + "; unset one or the other");
    }
    String apiKey = value(values, Setting.API_KEY);
    ClientTls tls = null;
    if (Boolean.TRUE.equals(tlsFlag) || !tlsSettings.isEmpty()) {
      tls =
          ClientTls.load(
              path(values, Setting.SERVER_CA_CERT, name),
              path(values, Setting.CLIENT_CERT, name),
              path(values, Setting.CLIENT_KEY, name),
              name);
    }
    return new TemporalConnection(
        address, namespace, tls, value(values, Setting.SERVER_NAME), apiKey);
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public boolean tls() {
    return tls != null;
  }

  public boolean hasApiKey() {
    return apiKey != null;
  }

  /**
   * Options for the service stubs: the target, the TLS context, the server name and the API key
   * with its namespace header. Callers add their own (timeouts, retries) before {@code build()},
   * but no channel initializer: theirs would replace the one that sets the server name.
   */
  public WorkflowServiceStubsOptions.Builder serviceStubsOptions() {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(address);
    if (tls != null) {
      options.setSslContext(tls.sslContext());
      if (serverName != null) {
        // The authority is what grpc-java sends as SNI and checks the server's certificate
        // against.
        String authority = serverName;
        options.setChannelInitializer(channel -> channel.overrideAuthority(authority));
      }
    }
    if (apiKey != null) {
      String key = apiKey;
      options.addApiKey(() -> key);
      Metadata header = new Metadata();
      header.put(NAMESPACE_HEADER, namespace);
      options.addGrpcMetadataProvider(() -> header);
    }
    return options;
  }

  /** Stubs with {@link #serviceStubsOptions()} as they are; they connect lazily. */
  public WorkflowServiceStubs newServiceStubs() {
    return WorkflowServiceStubs.newServiceStubs(serviceStubsOptions().build());
  }

  /** Client options with the namespace; callers add their own (an identity). */
  public WorkflowClientOptions.Builder clientOptions() {
    return WorkflowClientOptions.newBuilder().setNamespace(namespace);
  }

  public WorkflowClient newClient(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(stubs, clientOptions().build());
  }

  /** Where and how, for logs; says whether there is an API key, never which. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(address).append(" namespace ").append(namespace);
    if (tls == null) {
      return s.append(", plain gRPC").toString();
    }
    s.append(", ").append(tls);
    if (serverName != null) {
      s.append(", server name ").append(serverName);
    }
    if (apiKey != null) {
      s.append(", API key set");
    }
    return s.toString();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String value(Map<Setting, String> values, Setting setting) {
    String value = values.get(setting);
    return isSet(value) ? value.trim() : null;
  }

  private static String valueOr(Map<Setting, String> values, Setting setting, String otherwise) {
    String value = value(values, setting);
    return value == null ? otherwise : value;
  }

  private static Path path(
      Map<Setting, String> values, Setting setting, Function<Setting, String> name) {
    String value = value(values, setting);
    if (value == null) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          name.apply(setting) + " is not a file path: " + e.getMessage(), e);
    }
  }

  private static Boolean flag(String value, String name) {
    if (!isSet(value)) {
      return null;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "on", "yes" -> true;
      case "false", "0", "off", "no" -> false;
      default ->
          throw new IllegalArgumentException(
              name + " must be true or false, got '" + value.trim() + "'");
    };
  }
}
