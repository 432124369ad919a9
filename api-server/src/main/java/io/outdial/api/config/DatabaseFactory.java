package io.outdial.api.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.outdial.store.DbConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.TimeUnit;

/**
 * The {@code database} block. There is deliberately no password property: the password is read
 * only from the environment variable {@value #PASSWORD_VARIABLE}, so it is never in a file.
 */
public class DatabaseFactory {
  public static final String PASSWORD_VARIABLE = "OUTDIAL_DB_PASSWORD";

  @NotBlank
  private String host = "127.0.0.1";

  @Min(1)
  @Max(65535)
  private int port = 3306;

  /** Part of the JDBC URL, so only characters that need no escaping there. */
  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9_$]+")
  private String name = "outdial";

  @NotBlank
  private String user = "outdial";

  @Min(1)
  @Max(200)
  private int poolSize = 8;

  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration connectTimeout = Duration.seconds(10);

  @JsonProperty
  public String getHost() {
    return host;
  }

  @JsonProperty
  public void setHost(String host) {
    this.host = host;
  }

  @JsonProperty
  public int getPort() {
    return port;
  }

  @JsonProperty
  public void setPort(int port) {
    this.port = port;
  }

  @JsonProperty
  public String getName() {
    return name;
  }

  @JsonProperty
  public void setName(String name) {
    this.name = name;
  }

  @JsonProperty
  public String getUser() {
    return user;
  }

  @JsonProperty
  public void setUser(String user) {
    this.user = user;
  }

  @JsonProperty
  public int getPoolSize() {
    return poolSize;
  }

  @JsonProperty
  public void setPoolSize(int poolSize) {
    this.poolSize = poolSize;
  }

  @JsonProperty
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @JsonProperty
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** Where to connect, with the password taken from the environment. */
  public DbConfig build(String password) {
    return new DbConfig(DbConfig.jdbcUrl(host, port, name), user, password, poolSize,
        connectTimeout.toMilliseconds());
  }

  /** Where this block points, for messages; no password. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + name;
  }
}
