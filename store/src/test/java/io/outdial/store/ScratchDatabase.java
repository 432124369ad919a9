package io.outdial.store;

import static org.assertj.core.api.Assertions.fail;

import io.outdial.store.PbxStore.PbxRow;
import io.outdial.store.PbxStore.TrunkRow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A database of a test's own on the stack's MariaDB ({@code OUTDIAL_DB_PORT}, {@code
 * OUTDIAL_DB_USER}, {@code OUTDIAL_DB_PASSWORD}), migrated by Flyway when connected and dropped on
 * close. A MariaDB that cannot be reached fails the test with how to start it; it never skips. The
 * store's tests and (through the store's test jar) the activities' tests share it.
 */
public final class ScratchDatabase implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT =
      Integer.parseInt(System.getenv().getOrDefault("OUTDIAL_DB_PORT", "3306"));
  public static final String USER = System.getenv().getOrDefault("OUTDIAL_DB_USER", "outdial");
  public static final String PASSWORD =
      System.getenv().getOrDefault("OUTDIAL_DB_PASSWORD", "outdial");

  private final String name;
  private final Database database;

  private ScratchDatabase(String name, Database database) {
    this.name = name;
    this.database = database;
  }

  /** {@code <prefix>_<8 hex>}, created with the server's default character set. */
  public static ScratchDatabase create(String prefix, int poolSize) throws SQLException {
    return create(prefix, poolSize, "");
  }

  /** The same, with {@code options} after {@code CREATE DATABASE <name>} (a character set). */
  public static ScratchDatabase create(String prefix, int poolSize, String options)
      throws SQLException {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute(("CREATE DATABASE " + name + " " + options).strip());
    }
    return new ScratchDatabase(
        name,
        Database.connect(
            new DbConfig(DbConfig.jdbcUrl(HOST, PORT, name), USER, PASSWORD, poolSize, 5000)));
  }

  /** A connection to the server, in no database. */
  public static Connection admin() throws SQLException {
    try {
      return DriverManager.getConnection(
          "jdbc:mysql://" + HOST + ":" + PORT + "/?useSSL=false&allowPublicKeyRetrieval=true",
          USER,
          PASSWORD);
    } catch (SQLException e) {
      fail(
          "MariaDB is not reachable on "
              + HOST
              + ":"
              + PORT
              + " ("
              + e.getMessage()
              + "). Start it with `temporal-dev/mariadb.sh start`, or run the tests with"
              + " temporal-dev/test.sh.");
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public Database database() {
    return database;
  }

  /** A new PBX (its AMI on {@code amiPort}) with one trunk of these limits; answers its id. */
  public static String newTrunk(Database database, int amiPort, Integer channels, Double cps) {
    String trunk = UUID.randomUUID().toString();
    String pbx = UUID.randomUUID().toString();
    database
        .pbxs()
        .insert(
            new PbxRow(
                pbx,
                "pbx-" + pbx.substring(0, 8),
                null,
                HOST,
                amiPort,
                "dialer",
                "env:X",
                List.of(new TrunkRow(trunk, null, "carrier1", channels, cps))));
    return trunk;
  }

  /** Campaign {@code campaign}'s plan dials through trunk {@code trunk}. */
  public static void putOnTrunk(Database database, String campaign, String trunk) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "UPDATE plan p JOIN campaign c ON c.plan_id = p.id SET p.trunk_id = :t"
                            + " WHERE c.id = :c")
                    .bind("t", trunk)
                    .bind("c", campaign)
                    .execute());
  }

  @Override
  public void close() throws SQLException {
    database.close();
    try (Connection c = admin();
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    }
  }
}
