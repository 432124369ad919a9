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
 * The {@code database} block. There is deliberately no password property: the password is read only
 * from the environment variable {@value #PASSWORD_VARIABLE}, so it is never in a file. Jackson sets
 * the fields directly: nothing but {@link #build} and {@link #describe} reads them, so getters and
 * setters would only be ceremony.
 */
public class DatabaseFactory {
  public static final String PASSWORD_VARIABLE = "OUTDIAL_DB_PASSWORD";

  @NotBlank @JsonProperty private String host = "127.0.0.1";

  @Min(1)
  @Max(65535)
  @JsonProperty
  private int port = 3306;

  /** Part of the JDBC URL, so only characters that need no escaping there. */
  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9_$]+")
  @JsonProperty
  private String name = "outdial";

  @NotBlank @JsonProperty private String user = "outdial";

  @Min(1)
  @Max(200)
  @JsonProperty
  private int poolSize = 8;

  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @JsonProperty
  private Duration connectTimeout = Duration.seconds(10);

  /**
   * Whether bulk imports may use LOAD DATA LOCAL on connections of their own; false makes them use
   * multi-row INSERTs ({@code OUTDIAL_DB_LOAD_LOCAL} in the shipped config.yml).
   */
  @JsonProperty private boolean loadLocal = true;

  /** Where to connect, with the password taken from the environment. */
  public DbConfig build(String password) {
    return new DbConfig(
        DbConfig.jdbcUrl(host, port, name),
        user,
        password,
        poolSize,
        connectTimeout.toMilliseconds(),
        loadLocal);
  }

  /** Where this block points, for messages; no password. */
  public String describe() {
    return user + "@" + host + ":" + port + "/" + name;
  }
}
