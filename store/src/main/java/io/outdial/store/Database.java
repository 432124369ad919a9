package io.outdial.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The one shared {@link Jdbi} of a process, over a small connection pool, with the schema
 * migrated by Flyway before first use.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Jdbi bulk;

  private Database(HikariDataSource dataSource, DbConfig config) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin());
    this.bulk = config.loadLocal() ? bulkImports(config) : null;
  }

  /**
   * Bulk imports get a connection of their own, opened for the import and closed after, with
   * Connector/J's allowLoadLocalInfile so that they can use LOAD DATA LOCAL fed from memory (see
   * EntryImport). Only these connections allow it: on them the driver would also answer a
   * server's request for a local file, so the shared pool, which runs everything else, does not.
   */
  private static Jdbi bulkImports(DbConfig config) {
    String url = config.jdbcUrl() + (config.jdbcUrl().contains("?") ? "&" : "?")
        + "allowLoadLocalInfile=true&connectTimeout=" + Math.max(250, config.connectTimeoutMs());
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", config.user());
    props.setProperty("password", config.password());
    return Jdbi.create(() -> java.sql.DriverManager.getConnection(url, props));
  }

  /** Connects, migrates the schema and returns the database. */
  public static Database connect(DbConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("outdial-db");
    // Fail fast at start-up with a clear message rather than hang when MariaDB is not there.
    hikari.setInitializationFailTimeout(config.connectTimeoutMs());
    hikari.setConnectionTimeout(Math.max(250, config.connectTimeoutMs()));
    HikariDataSource ds = new HikariDataSource(hikari);
    migrate(ds);
    return new Database(ds, config);
  }

  static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public Store store() {
    return new Store(jdbi, bulk);
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
