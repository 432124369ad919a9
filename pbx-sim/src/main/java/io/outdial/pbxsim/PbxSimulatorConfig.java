package io.outdial.pbxsim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of a {@link PbxSimulator}. Build with {@link #builder()}; every field has a default that
 * matches the recorded PBX.
 *
 * @param port TCP port of the manager interface; 0 picks a free one ({@link PbxSimulator#port()})
 * @param bindAddress address to listen on, default {@code 127.0.0.1}
 * @param username manager user, default {@code dialer}
 * @param secret its secret, default {@code s3cret}
 * @param rules outcome per called number, see {@link OutcomeRules}
 * @param originateLog file that gets one line per Originate received, or null
 * @param shuffleSeed seed for reordering OriginateResponse within what the recordings show; null =
 *     recorded order
 * @param timeScale factor applied to every call delay (1 = recorded speed, 0.1 = ten times faster)
 * @param capacity most calls with live channels at once; 0 = unlimited. Beyond it an Originate
 *     fails like a bad technology (OriginateResponse Failure, Reason 0, no channels)
 * @param queues queues QueueSummary reports, by name
 * @param contexts dialplan contexts that exist; an Originate to another Context is refused ({@code
 *     Extension does not exist.}) and a Local channel into another context fails
 */
public record PbxSimulatorConfig(
    int port,
    String bindAddress,
    String username,
    String secret,
    OutcomeRules rules,
    Path originateLog,
    Long shuffleSeed,
    double timeScale,
    int capacity,
    Map<String, QueueConfig> queues,
    Set<String> contexts) {

  public static final int DEFAULT_AMI_PORT = 5038;

  /** The contexts of the recorded PBX's extensions.conf, plus Asterisk's {@code default}. */
  public static final Set<String> RECORDED_CONTEXTS =
      Set.of("targets", "agents", "agentsim", "parkedcallstimeout", "default");

  public PbxSimulatorConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a positive number: " + timeScale);
    }
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + capacity);
    }
    requireText(bindAddress, "bindAddress");
    requireText(username, "username");
    if (secret == null) {
      throw new IllegalArgumentException("secret missing");
    }
    rules = rules == null ? OutcomeRules.NONE : rules;
    queues = Map.copyOf(queues);
    contexts = Set.copyOf(contexts);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " missing");
    }
  }

  public static PbxSimulatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the CLI's environment variables: {@code PBXSIM_PORT} (5038), {@code PBXSIM_BIND_ADDRESS},
   * {@code PBXSIM_USERNAME}, {@code PBXSIM_SECRET}, {@code PBXSIM_RULES}, {@code
   * PBXSIM_ORIGINATE_LOG}, {@code PBXSIM_CAPACITY}, {@code PBXSIM_SHUFFLE_SEED}, {@code
   * PBXSIM_TIME_SCALE}, {@code PBXSIM_QUEUES} ({@code name:loggedIn:available;...}) and {@code
   * PBXSIM_CONTEXTS} (comma-separated, added to the recorded ones).
   */
  public static PbxSimulatorConfig fromEnvironment(Map<String, String> env) {
    Builder builder = builder().port(DEFAULT_AMI_PORT);
    String value;
    if ((value = nonBlank(env, "PBXSIM_PORT")) != null) {
      builder.port(parseInt("PBXSIM_PORT", value));
    }
    if ((value = nonBlank(env, "PBXSIM_BIND_ADDRESS")) != null) {
      builder.bindAddress(value);
    }
    if ((value = nonBlank(env, "PBXSIM_USERNAME")) != null) {
      builder.username(value);
    }
    if ((value = env.get("PBXSIM_SECRET")) != null && !value.isEmpty()) {
      builder.secret(value);
    }
    if ((value = nonBlank(env, "PBXSIM_RULES")) != null) {
      builder.rules(value);
    }
    if ((value = nonBlank(env, "PBXSIM_ORIGINATE_LOG")) != null) {
      builder.originateLog(Path.of(value));
    }
    if ((value = nonBlank(env, "PBXSIM_CAPACITY")) != null) {
      builder.capacity(parseInt("PBXSIM_CAPACITY", value));
    }
    if ((value = nonBlank(env, "PBXSIM_SHUFFLE_SEED")) != null) {
      try {
        builder.shuffleSeed(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("PBXSIM_SHUFFLE_SEED is not a number: " + value);
      }
    }
    if ((value = nonBlank(env, "PBXSIM_TIME_SCALE")) != null) {
      try {
        builder.timeScale(Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("PBXSIM_TIME_SCALE is not a number: " + value);
      }
    }
    if ((value = nonBlank(env, "PBXSIM_QUEUES")) != null) {
      builder.queues(parseQueues(value));
    }
    if ((value = nonBlank(env, "PBXSIM_CONTEXTS")) != null) {
      for (String context : value.split("[,;\\s]+")) {
        if (!context.isBlank()) {
          builder.addContext(context.trim());
        }
      }
    }
    return builder.build();
  }

  /** Parses {@code name:loggedIn:available} entries separated by {@code ;} or {@code ,}. */
  public static List<QueueConfig> parseQueues(String text) {
    List<QueueConfig> queues = new ArrayList<>();
    for (String entry : text.split("[;,]")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] parts = trimmed.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "queue '" + trimmed + "' is not name:loggedIn:available");
      }
      queues.add(
          new QueueConfig(
              parts[0].trim(),
              parseInt("queue " + parts[0], parts[1].trim()),
              parseInt("queue " + parts[0], parts[2].trim())));
    }
    return queues;
  }

  private static String nonBlank(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static int parseInt(String what, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " is not a number: " + value);
    }
  }

  /** Builder with the recorded PBX's defaults. */
  public static final class Builder {
    private int port;
    private String bindAddress = "127.0.0.1";
    private String username = "dialer";
    private String secret = "s3cret";
    private OutcomeRules rules = OutcomeRules.NONE;
    private Path originateLog;
    private Long shuffleSeed;
    private double timeScale = 1.0;
    private int capacity;
    private final Map<String, QueueConfig> queues = new LinkedHashMap<>();
    private final Set<String> contexts = new LinkedHashSet<>(RECORDED_CONTEXTS);

    private Builder() {
      QueueConfig sales = QueueConfig.defaultSales();
      queues.put(sales.name(), sales);
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder username(String username) {
      this.username = username;
      return this;
    }

    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    public Builder rules(OutcomeRules rules) {
      this.rules = rules;
      return this;
    }

    /** Parses the rule syntax of {@link OutcomeRules}. */
    public Builder rules(String rules) {
      this.rules = OutcomeRules.parse(rules);
      return this;
    }

    public Builder originateLog(Path originateLog) {
      this.originateLog = originateLog;
      return this;
    }

    public Builder shuffleSeed(Long shuffleSeed) {
      this.shuffleSeed = shuffleSeed;
      return this;
    }

    public Builder timeScale(double timeScale) {
      this.timeScale = timeScale;
      return this;
    }

    public Builder capacity(int capacity) {
      this.capacity = capacity;
      return this;
    }

    /** Adds or replaces one queue. */
    public Builder queue(String name, int loggedIn, int available) {
      queues.put(name, new QueueConfig(name, loggedIn, available));
      return this;
    }

    /** Replaces all queues. */
    public Builder queues(Collection<QueueConfig> replacement) {
      queues.clear();
      replacement.forEach(queue -> queues.put(queue.name(), queue));
      return this;
    }

    /** Adds a dialplan context to the recorded ones. */
    public Builder addContext(String context) {
      contexts.add(context.toLowerCase(Locale.ROOT));
      return this;
    }

    public PbxSimulatorConfig build() {
      return new PbxSimulatorConfig(
          port,
          bindAddress,
          username,
          secret,
          rules,
          originateLog,
          shuffleSeed,
          timeScale,
          capacity,
          queues,
          contexts);
    }
  }
}
