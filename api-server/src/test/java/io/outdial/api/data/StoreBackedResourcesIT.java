package io.outdial.api.data;

import io.outdial.api.support.MariaDbDatabase;
import io.outdial.store.Database;
import io.outdial.store.DbConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real store, over a fresh MariaDB database, keeps the rules of {@link ResourceStore}. */
class StoreBackedResourcesIT extends ResourceStoreContract {
  @RegisterExtension
  static final MariaDbDatabase DB = new MariaDbDatabase();
  private static Database database;

  @BeforeAll
  static void connect() {
    database = Database.connect(new DbConfig(DbConfig.jdbcUrl(DB.host, DB.port, DB.name),
        DB.user, DB.password, 2, 5000));
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  ResourceStore store() {
    return new StoreBackedResources(database);
  }

  @Override
  void setStatus(String campaignId, int status) {
    database.campaigns().updateCampaignStatus(campaignId, status, null);
  }
}
