package io.outdial.store;

import java.util.Map;

/**
 * Where the database is; the password comes from the environment, never from a file. {@code
 * loadLocal}: bulk imports may use LOAD DATA LOCAL on connections of their own (opened with
 * Connector/J's allowLoadLocalInfile); false keeps that option off every connection, and imports
 * use multi-row INSERTs.
 */
public record DbConfig(
    String jdbcUrl,
    String user,
    String password,
    int poolSize,
    long connectTimeoutMs,
    boolean loadLocal) {

  public DbConfig(
      String jdbcUrl, String user, String password, int poolSize, long connectTimeoutMs) {
    this(jdbcUrl, user, password, poolSize, connectTimeoutMs, true);
  }

  @Override
  public String toString() {
    return "DbConfig[jdbcUrl="
        + jdbcUrl
        + ", user="
        + user
        + ", password=***, loadLocal="
        + loadLocal
        + "]";
  }

  /**
   * Reads {@code OUTDIAL_DB_HOST}, {@code OUTDIAL_DB_PORT}, {@code OUTDIAL_DB_NAME}, {@code
   * OUTDIAL_DB_USER} and {@code OUTDIAL_DB_PASSWORD} (or a whole {@code OUTDIAL_DB_URL}), and
   * {@code OUTDIAL_DB_LOAD_LOCAL} ({@code true} by default; {@code false} turns LOAD DATA LOCAL off
   * for bulk imports).
   */
  public static DbConfig fromEnvironment(Map<String, String> env, int poolSize) {
    String url = env.get("OUTDIAL_DB_URL");
    if (url == null || url.isBlank()) {
      url =
          jdbcUrl(
              env.getOrDefault("OUTDIAL_DB_HOST", "127.0.0.1"),
              Integer.parseInt(env.getOrDefault("OUTDIAL_DB_PORT", "3306")),
              env.getOrDefault("OUTDIAL_DB_NAME", "outdial"));
    }
    return new DbConfig(
        url,
        env.getOrDefault("OUTDIAL_DB_USER", "outdial"),
        env.getOrDefault("OUTDIAL_DB_PASSWORD", "outdial"),
        poolSize,
        Long.parseLong(env.getOrDefault("OUTDIAL_DB_CONNECT_TIMEOUT_MS", "30000")),
        loadLocal(env.getOrDefault("OUTDIAL_DB_LOAD_LOCAL", "true")));
  }

  private static boolean loadLocal(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "on", "yes" -> true;
      case "false", "0", "off", "no" -> false;
      default ->
          throw new IllegalArgumentException(
              "OUTDIAL_DB_LOAD_LOCAL must be true or false, got '" + value + "'");
    };
  }

  public static String jdbcUrl(String host, int port, String database) {
    // rewriteBatchedStatements turns JDBI batches into multi-row inserts (bulk imports). The
    // others are HikariCP's advice for Connector/J: parse each statement's text once per
    // connection (cachePrepStmts), and skip the round trips that re-set autocommit and read
    // session settings the driver already knows (useLocalSessionState, elideSetAutoCommits,
    // cacheServerConfiguration). The worker runs about ten statements per call.
    return "jdbc:mysql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
        + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"
        + "&cachePrepStmts=true&prepStmtCacheSize=250&prepStmtCacheSqlLimit=2048"
        + "&useLocalSessionState=true&elideSetAutoCommits=true&cacheServerConfiguration=true"
        + "&cacheResultSetMetadata=true&maintainTimeStats=false";
  }
}
