package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The people who sign in (V9's operator): a name, a role and the SHA-256 digest of their token. The
 * token itself is never stored. Names are compared as the column's collation compares them (case
 * and accents aside), so "Ann" and "ann" are one operator.
 */
public final class OperatorStore {
  private final Jdbi jdbi;

  OperatorStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An operator's row; {@code role} is {@code viewer} or {@code supervisor}. */
  public record OperatorRow(
      String name, String role, byte[] tokenSha256, Instant createdAt, String createdBy) {}

  /** Adds the operator; false when its name (or, never in practice, its token) is taken. */
  public boolean create(OperatorRow o) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      """
                  INSERT INTO operator (name, role, token_sha256, created_at, created_by)
                  VALUES (:name, :role, :digest, :at, :by)""")
                  .bind("name", o.name())
                  .bind("role", o.role())
                  .bind("digest", o.tokenSha256())
                  .bind("at", ts(o.createdAt()))
                  .bind("by", o.createdBy())
                  .execute());
      return true;
    } catch (RuntimeException e) {
      if (PbxStore.isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }

  /** The operator whose token has this digest. */
  public Optional<OperatorRow> byTokenDigest(byte[] digest) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM operator WHERE token_sha256 = :d")
                .bind("d", digest)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  public Optional<OperatorRow> find(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM operator WHERE name = :n")
                .bind("n", name)
                .map((rs, ctx) -> row(rs))
                .findOne());
  }

  /** Operators by name, {@code limit} from {@code offset}. */
  public List<OperatorRow> list(int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM operator ORDER BY name LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> row(rs))
                .list());
  }

  /** Removes the operator (their token stops working); false when there was none. */
  public boolean delete(String name) {
    return jdbi.withHandle(
            h -> h.createUpdate("DELETE FROM operator WHERE name = :n").bind("n", name).execute())
        > 0;
  }

  private static OperatorRow row(ResultSet rs) throws SQLException {
    return new OperatorRow(
        rs.getString("name"),
        rs.getString("role"),
        rs.getBytes("token_sha256"),
        instant(rs, "created_at"),
        rs.getString("created_by"));
  }
}
