package io.outdial.api.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database {@code outdial_it_<random>} on the real MariaDB for one test class, dropped
 * after it. A MariaDB that cannot be reached fails the class with how to start it; it never skips.
 */
public final class MariaDbDatabase implements BeforeAllCallback, AfterAllCallback {
  public final String host = System.getProperty("outdial.it.db.host", "127.0.0.1");
  public final int port = Integer.getInteger("outdial.it.db.port", 3306);
  public final String user = System.getProperty("outdial.it.db.user", "outdial");
  public final String password = System.getProperty("outdial.it.db.password", "outdial");
  public final String name =
      "outdial_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean created;

  @Override
  public void beforeAll(ExtensionContext context) {
    try (Connection c = connect("");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
      created = true;
    } catch (SQLException e) {
      throw new AssertionError(
          "MariaDB is not usable at "
              + host
              + ":"
              + port
              + " as user "
              + user
              + " ("
              + e.getMessage()
              + "). Start it with temporal-dev/mariadb.sh start (or"
              + " temporal-dev/stack.sh up); the user must be allowed to create databases named"
              + " outdial_it_*.",
          e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    if (created) {
      try (Connection c = connect("");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }

  /** A connection to the test database (or, with "", to the server). */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://"
            + host
            + ":"
            + port
            + "/"
            + database
            + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000",
        user,
        password);
  }

  public Connection connect() throws SQLException {
    return connect(name);
  }

  /** {@code SELECT COUNT(*)} with one string parameter. */
  public long count(String sql, String param) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
