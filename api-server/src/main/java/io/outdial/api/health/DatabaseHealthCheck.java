package io.outdial.api.health;

import com.codahale.metrics.health.HealthCheck;
import org.jdbi.v3.core.Jdbi;

/** Healthy when the database answers {@code SELECT 1}. */
public final class DatabaseHealthCheck extends HealthCheck {
  private final Jdbi jdbi;
  private final String where;

  public DatabaseHealthCheck(Jdbi jdbi, String where) {
    this.jdbi = jdbi;
    this.where = where;
  }

  @Override
  protected Result check() {
    try {
      int one = jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
      return one == 1 ? Result.healthy(where) : Result.unhealthy("SELECT 1 gave %s", one);
    } catch (RuntimeException e) {
      return Result.unhealthy("database %s does not answer: %s", where, e.getMessage());
    }
  }
}
