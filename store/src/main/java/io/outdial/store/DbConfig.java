package io.outdial.store;

import java.util.Map;

/** Where the database is; the password comes from the environment, never from a file. */
public record DbConfig(
    String jdbcUrl, String user, String password, int poolSize, long connectTimeoutMs) {

  @Override
  public String toString() {
    return "DbConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***]";
  }

  /**
   * Reads {@code OUTDIAL_DB_HOST}, {@code OUTDIAL_DB_PORT}, {@code OUTDIAL_DB_NAME}, {@code
   * OUTDIAL_DB_USER} and {@code OUTDIAL_DB_PASSWORD} (or a whole {@code OUTDIAL_DB_URL}).
   */
  public static DbConfig fromEnvironment(Map<String, String> env, int poolSize) {
    String url = env.get("OUTDIAL_DB_URL");
    if (url == null || url.isBlank()) {
      url = jdbcUrl(
          env.getOrDefault("OUTDIAL_DB_HOST", "127.0.0.1"),
          Integer.parseInt(env.getOrDefault("OUTDIAL_DB_PORT", "3306")),
          env.getOrDefault("OUTDIAL_DB_NAME", "outdial"));
    }
    return new DbConfig(
        url,
        env.getOrDefault("OUTDIAL_DB_USER", "outdial"),
        env.getOrDefault("OUTDIAL_DB_PASSWORD", "outdial"),
        poolSize,
        Long.parseLong(env.getOrDefault("OUTDIAL_DB_CONNECT_TIMEOUT_MS", "30000")));
  }

  public static String jdbcUrl(String host, int port, String database) {
    // rewriteBatchedStatements turns JDBI batches into multi-row inserts (bulk imports).
    return "jdbc:mysql://" + host + ":" + port + "/" + database
        + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
        + "&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";
  }
}
