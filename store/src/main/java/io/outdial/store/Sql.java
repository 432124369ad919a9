package io.outdial.store;

import io.outdial.store.Rows.Guarded;
import io.outdial.workflows.CampaignStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * What every store shares: how times cross the driver, and the one shape of a guarded write.
 *
 * <p>Every guarded write runs in one transaction that first locks the row it changes (FOR UPDATE)
 * and the campaigns that could forbid the change (LOCK IN SHARE MODE), so a check and the write it
 * allows cannot be separated by another writer.
 */
final class Sql {
  private Sql() {}

  private static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  /**
   * Times are sent as UTC text: Connector/J reads MariaDB's version string as 5.5.5 and cuts the
   * fraction off typed timestamps, while text keeps the milliseconds.
   */
  static String ts(Instant i) {
    return i == null ? null : UTC_MILLIS.format(i);
  }

  static Instant instant(ResultSet rs, String col) throws SQLException {
    // DATETIME columns hold UTC; read them as local date-times so no zone is applied twice.
    LocalDateTime t = rs.getObject(col, LocalDateTime.class);
    return t == null ? null : t.toInstant(ZoneOffset.UTC);
  }

  static long num(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  /** A row of {@code table} that is not deleted, locked FOR UPDATE until commit. */
  static <T> Optional<T> lockLive(Handle h, String table, String id, RowMapper<T> mapper) {
    return h.createQuery(
            "SELECT * FROM " + table + " WHERE id = :id AND deleted_at IS NULL FOR UPDATE")
        .bind("id", id)
        .map(mapper)
        .findOne();
  }

  /** Whether a row of {@code table} exists and is not deleted; share-locks it until commit. */
  static boolean liveRow(Handle h, String table, String id) {
    return h.createQuery(
                "SELECT COUNT(*) FROM "
                    + table
                    + " WHERE id = :id AND deleted_at IS NULL LOCK IN SHARE MODE")
            .bind("id", id)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  /**
   * The campaigns (not deleted) whose status is not STOP and whose {@code column} is {@code id}.
   */
  static List<String> activeCampaignsWhere(Handle h, String column, String id) {
    return h.createQuery(
            "SELECT id FROM campaign WHERE "
                + column
                + " = :id AND deleted_at IS NULL"
                + " AND status <> :stop ORDER BY id LOCK IN SHARE MODE")
        .bind("id", id)
        .bind("stop", CampaignStatus.STOP.code())
        .mapTo(String.class)
        .list();
  }

  static void softDelete(Handle h, String table, String id) {
    Instant now = Instant.now();
    h.createUpdate("UPDATE " + table + " SET deleted_at = :now, updated_at = :now WHERE id = :id")
        .bind("id", id)
        .bind("now", ts(now))
        .execute();
  }

  /**
   * The guarded write, in one transaction: {@code lock} finds and locks the row (empty: not found);
   * when {@code refusable} says so of the old row, campaigns that are not in STOP and whose {@code
   * campaignColumn} is {@code usedId} refuse it; otherwise {@code write} runs.
   */
  static <T> Guarded guarded(
      Jdbi jdbi,
      Function<Handle, Optional<T>> lock,
      Predicate<T> refusable,
      String campaignColumn,
      String usedId,
      Consumer<Handle> write) {
    return jdbi.inTransaction(
        h -> {
          Optional<T> old = lock.apply(h);
          if (old.isEmpty()) {
            return Guarded.notFound();
          }
          if (refusable.test(old.get())) {
            List<String> active = activeCampaignsWhere(h, campaignColumn, usedId);
            if (!active.isEmpty()) {
              return Guarded.inUse(active);
            }
          }
          write.accept(h);
          return Guarded.done();
        });
  }

  /** A soft delete of a row that campaigns outside STOP refer to by {@code campaignColumn}. */
  static Guarded guardedDelete(Jdbi jdbi, String table, String id, String campaignColumn) {
    return guarded(
        jdbi,
        h -> lockLive(h, table, id, (rs, ctx) -> rs.getString("id")),
        old -> true,
        campaignColumn,
        id,
        h -> softDelete(h, table, id));
  }

  /** The row of {@code table} with this id unless it is deleted (a catalogue table's read). */
  static <T> Optional<T> findLive(Handle h, String table, String id, RowMapper<T> mapper) {
    return h.createQuery("SELECT * FROM " + table + " WHERE id = :id AND deleted_at IS NULL")
        .bind("id", id)
        .map(mapper)
        .findOne();
  }

  /** One page of the rows of {@code table} that are not deleted, oldest first. */
  static <T> List<T> livePage(Jdbi jdbi, String table, int offset, int limit, RowMapper<T> mapper) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM "
                        + table
                        + " WHERE deleted_at IS NULL"
                        + " ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(mapper)
                .list());
  }

  /**
   * Whether {@code e} comes of InnoDB rolling the transaction back to break a deadlock (error 1213,
   * SQLState 40001): the transaction left nothing behind and may simply run again.
   */
  static boolean isDeadlock(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == 1213 || "40001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code transaction}'s answer, running it again (at most {@code tries} runs in all) while it
   * fails by a deadlock: InnoDB rolled it back whole, so running it again is safe.
   */
  static <T> T retryDeadlocks(int tries, java.util.function.Supplier<T> transaction) {
    for (int run = 1; ; run++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (run >= tries || !isDeadlock(e)) {
          throw e;
        }
      }
    }
  }
}
