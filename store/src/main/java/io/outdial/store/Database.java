package io.outdial.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The one shared {@link Jdbi} of a process, over a small connection pool, with the schema migrated
 * by Flyway before first use, and the stores of each aggregate over it. The stores hold no state of
 * their own, so one of each serves the whole process.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final CatalogueStore catalogue;
  private final EntryStore entries;
  private final CampaignStore campaigns;
  private final AttemptStore attempts;
  private final ResultStore results;
  private final PbxStore pbxs;
  private final TrunkStore trunks;
  private final EventStore events;
  private final OperatorStore operators;
  private final DncStore dnc;

  private Database(HikariDataSource dataSource, DbConfig config) {
    this(dataSource, Jdbi.create(dataSource), config.loadLocal() ? bulkImports(config) : null);
  }

  private Database(HikariDataSource dataSource, Jdbi jdbi, Jdbi bulk) {
    this.dataSource = dataSource;
    this.jdbi = jdbi;
    this.catalogue = new CatalogueStore(jdbi);
    this.entries = new EntryStore(jdbi, bulk);
    this.campaigns = new CampaignStore(jdbi);
    this.attempts = new AttemptStore(jdbi);
    this.results = new ResultStore(jdbi);
    this.pbxs = new PbxStore(jdbi);
    this.trunks = new TrunkStore(jdbi);
    this.events = new EventStore(jdbi);
    this.operators = new OperatorStore(jdbi);
    this.dnc = new DncStore(jdbi, bulk);
  }

  /**
   * The stores over a {@link Jdbi} this class did not open (a test's own connection, say); bulk
   * imports then run on it with INSERTs, and {@link #close} closes nothing.
   */
  public static Database over(Jdbi jdbi) {
    return new Database(null, jdbi, null);
  }

  /**
   * Bulk imports get a connection of their own, opened for the import and closed after, with
   * Connector/J's allowLoadLocalInfile so that they can use LOAD DATA LOCAL fed from memory (see
   * EntryImport). Only these connections allow it: on them the driver would also answer a server's
   * request for a local file, so the shared pool, which runs everything else, does not.
   */
  private static Jdbi bulkImports(DbConfig config) {
    String url =
        config.jdbcUrl()
            + (config.jdbcUrl().contains("?") ? "&" : "?")
            + "allowLoadLocalInfile=true&connectTimeout="
            + Math.max(250, config.connectTimeoutMs());
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

  /**
   * Brings the schema of {@code ds} up to date; {@link #connect} does it for its own pool. For
   * tests that open a pool of their own and use the stores through {@link #over}.
   */
  public static void migrate(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** The campaigns' events: results recorded and status changes, in order. */
  public EventStore events() {
    return events;
  }

  /** Do-not-call lists and their numbers. */
  public DncStore dnc() {
    return dnc;
  }

  /** The people who sign in, with their roles. */
  public OperatorStore operators() {
    return operators;
  }

  /** Plans, destinations and dial lists. */
  public CatalogueStore catalogue() {
    return catalogue;
  }

  /** The entries of dial lists, and their bulk imports. */
  public EntryStore entries() {
    return entries;
  }

  public CampaignStore campaigns() {
    return campaigns;
  }

  /** Dial attempts from reservation to settling. */
  public AttemptStore attempts() {
    return attempts;
  }

  public ResultStore results() {
    return results;
  }

  /** PBXs and their trunks. */
  public PbxStore pbxs() {
    return pbxs;
  }

  /** Trunk limits across campaigns: a channel and a moment for each call on a limited trunk. */
  public TrunkStore trunks() {
    return trunks;
  }

  @Override
  public void close() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
