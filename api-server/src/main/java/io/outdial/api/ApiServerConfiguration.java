package io.outdial.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.outdial.api.config.DatabaseFactory;
import io.outdial.api.config.TemporalFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * {@code config.yml}: Dropwizard's server and logging blocks plus {@code database} and {@code
 * temporal}. Secrets (the API token, the database password) are not here: they are read from the
 * environment only.
 */
public class ApiServerConfiguration extends Configuration {
  @Valid @NotNull private DatabaseFactory database = new DatabaseFactory();

  @Valid @NotNull private TemporalFactory temporal = new TemporalFactory();

  @JsonProperty
  public DatabaseFactory getDatabase() {
    return database;
  }

  @JsonProperty
  public void setDatabase(DatabaseFactory database) {
    this.database = database;
  }

  @JsonProperty
  public TemporalFactory getTemporal() {
    return temporal;
  }

  @JsonProperty
  public void setTemporal(TemporalFactory temporal) {
    this.temporal = temporal;
  }
}
