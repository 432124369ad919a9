package io.outdial.api.data;

import io.dropwizard.lifecycle.Managed;
import io.outdial.store.Database;

/** Closes the connection pool when the server stops. */
public final class ManagedDatabase implements Managed {
  private final Database database;

  public ManagedDatabase(Database database) {
    this.database = database;
  }

  @Override
  public void stop() {
    database.close();
  }
}
