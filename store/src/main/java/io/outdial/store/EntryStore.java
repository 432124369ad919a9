package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.Guarded;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The entries of dial lists (one customer and up to 8 numbers each): single writes, reads and bulk
 * imports ({@link EntryImport}). A change to an entry that matters to dialing is refused while
 * campaigns using its list are not in STOP.
 */
public final class EntryStore {
  private static final int N = Rows.NUMBER_SLOTS;
  private final Jdbi jdbi;

  /** Connections for bulk imports, opened with allowLoadLocalInfile; null: imports use INSERTs. */
  private final Jdbi bulk;

  /**
   * {@code bulk}: where bulk imports get their connection, opened with Connector/J's
   * allowLoadLocalInfile (never the shared pool, whose connections run every other statement);
   * null: imports run on {@code jdbi} with INSERTs.
   */
  EntryStore(Jdbi jdbi, Jdbi bulk) {
    this.jdbi = jdbi;
    this.bulk = bulk;
  }

  /** Inserts new entries (server-kept fields at their start values) in one transaction. */
  public void insertEntries(List<EntryRow> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    jdbi.useTransaction(
        h -> {
          PreparedBatch b =
              h.prepareBatch(
                  """
          INSERT INTO dl_entry (id, dlma_id, name, detail, number1, number2, number3, number4,
            number5, number6, number7, number8, email, ukey, variables, timezone, created_at,
            updated_at)
          VALUES (:id, :dlmaId, :name, :detail, :n1, :n2, :n3, :n4, :n5, :n6, :n7, :n8, :email,
            :ukey, :variables, :timezone, :now, :now)""");
          for (EntryRow e : entries) {
            bindEntry(b, e, now).bind("dlmaId", e.dlmaId()).add();
          }
          b.execute();
        });
  }

  /** An entry by id, deleted or not (an attempt in flight still needs its entry). */
  public Optional<EntryRow> findEntry(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM dl_entry WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> entry(rs))
                .findOne());
  }

  /** The entries of these ids that exist, by id, in one query (a dialing lane's batch). */
  public Map<String, EntryRow> findEntries(java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h
                .createQuery("SELECT * FROM dl_entry WHERE id IN (<ids>)")
                .bindList("ids", List.copyOf(new java.util.LinkedHashSet<>(ids)))
                .map((rs, ctx) -> entry(rs))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(EntryRow::id, e -> e)));
  }

  /** Every entry of a list (not deleted) in the order they were added. */
  public List<EntryRow> entriesOf(String dlmaId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM dl_entry WHERE dlma_id = :d AND deleted_at IS NULL ORDER BY seq")
                .bind("d", dlmaId)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** A page of a list's entries (not deleted) in the order they were added. */
  public List<EntryRow> listEntries(String dlmaId, int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM dl_entry WHERE dlma_id = :d"
                        + " AND deleted_at IS NULL ORDER BY seq LIMIT :limit OFFSET :offset")
                .bind("d", dlmaId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> entry(rs))
                .list());
  }

  /** An entry of a list, when neither is deleted. */
  public Optional<EntryRow> findEntry(String dlmaId, String entryId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT e.* FROM dl_entry e JOIN dlma d"
                        + " ON d.id = e.dlma_id WHERE e.id = :id AND e.dlma_id = :d"
                        + " AND e.deleted_at IS NULL AND d.deleted_at IS NULL")
                .bind("id", entryId)
                .bind("d", dlmaId)
                .map((rs, ctx) -> entry(rs))
                .findOne());
  }

  /**
   * Replaces the fields a client sets on an entry (name, detail, numbers, email, ukey, variables,
   * timezone); the server-kept ones (status, try counts, results) stay.
   */
  public Guarded updateEntry(EntryRow e, BiPredicate<EntryRow, EntryRow> changesDialing) {
    return Sql.guarded(
        jdbi,
        h -> lockEntry(h, e.dlmaId(), e.id()),
        old -> changesDialing.test(old, e),
        "dlma_id",
        e.dlmaId(),
        h ->
            bindEntry(
                    h.createUpdate(
                        """
            UPDATE dl_entry SET name = :name, detail = :detail, number1 = :n1, number2 = :n2,
              number3 = :n3, number4 = :n4, number5 = :n5, number6 = :n6, number7 = :n7,
              number8 = :n8, email = :email, ukey = :ukey, variables = :variables,
              timezone = :timezone, updated_at = :now
            WHERE id = :id"""),
                    e,
                    Instant.now())
                .execute());
  }

  /** Soft-deletes an entry unless campaigns using its list are not in STOP. */
  public Guarded deleteEntry(String dlmaId, String entryId) {
    return Sql.guarded(
        jdbi,
        h -> lockEntry(h, dlmaId, entryId),
        old -> true,
        "dlma_id",
        dlmaId,
        h -> Sql.softDelete(h, "dl_entry", entryId));
  }

  /** The entry locked FOR UPDATE, its list share-locked; empty when either is deleted. */
  private static Optional<EntryRow> lockEntry(Handle h, String dlmaId, String entryId) {
    if (!Sql.liveRow(h, "dlma", dlmaId)) {
      return Optional.empty();
    }
    return h.createQuery(
            "SELECT * FROM dl_entry WHERE id = :id AND dlma_id = :d"
                + " AND deleted_at IS NULL FOR UPDATE")
        .bind("id", entryId)
        .bind("d", dlmaId)
        .map((rs, ctx) -> entry(rs))
        .findOne();
  }

  /** The client-set fields bound by the names the INSERT and the UPDATE share. */
  private static <S extends SqlStatement<S>> S bindEntry(S s, EntryRow e, Instant now) {
    s.bind("id", e.id())
        .bind("name", e.name())
        .bind("detail", e.detail())
        .bind("email", e.email())
        .bind("ukey", e.ukey())
        .bind("variables", Json.write(e.variables()))
        .bind("timezone", e.timezone())
        .bind("now", ts(now));
    for (int i = 0; i < N; i++) {
      s.bind("n" + (i + 1), e.numbers().get(i));
    }
    return s;
  }

  static EntryRow entry(ResultSet rs) throws SQLException {
    List<String> numbers = new ArrayList<>(N);
    List<Integer> tries = new ArrayList<>(N);
    for (int i = 1; i <= N; i++) {
      numbers.add(rs.getString("number" + i));
      tries.add(rs.getInt("try_count" + i));
    }
    return new EntryRow(
        rs.getString("id"),
        rs.getString("dlma_id"),
        rs.getString("name"),
        rs.getString("detail"),
        List.copyOf(numbers),
        rs.getString("email"),
        rs.getString("ukey"),
        Json.readVariables(rs.getString("variables")),
        rs.getString("timezone"),
        rs.getInt("status"),
        List.copyOf(tries),
        (Integer) rs.getObject("res_dial", Integer.class),
        (Integer) rs.getObject("res_hangup", Integer.class),
        instant(rs, "last_dial_at"),
        instant(rs, "last_hangup_at"));
  }

  // ---- bulk imports ------------------------------------------------------------------------

  /** Where a bulk import puts its entries; see {@link #importEntries}. */
  public interface EntrySink {
    /** Queues one new entry (server-kept fields at their start values); batches are flushed. */
    void add(EntryRow entry);
  }

  /** Produces the entries of a bulk import; throwing aborts the import and writes nothing. */
  @FunctionalInterface
  public interface EntryProducer<X extends Exception> {
    void produce(EntrySink sink) throws X;
  }

  /**
   * A bulk import in ONE transaction: {@code producer} streams entries into the sink, which writes
   * them in batches of {@code batchSize} while the producer reads and checks the next ones (see
   * {@link EntryImport}); memory stays flat whatever the size. When the producer throws, everything
   * is rolled back and the exception propagates. The list is share-locked for the whole import, so
   * it cannot be deleted meanwhile. The import runs on a connection of its own that may use LOAD
   * DATA LOCAL when this store was given one.
   *
   * @return the number of entries written, or -1 when the list does not exist (nothing written)
   */
  public <X extends Exception> long importEntries(
      String dlmaId, int batchSize, EntryProducer<X> producer) throws X {
    Jdbi on = bulk != null ? bulk : jdbi;
    return on.<Long, X>inTransaction(
        h -> {
          if (!Sql.liveRow(h, "dlma", dlmaId)) {
            return -1L;
          }
          return EntryImport.run(h, dlmaId, batchSize, producer, bulk != null);
        });
  }

  /** The database refused a batch of a bulk import (the import is rolled back). */
  public static final class ImportFailed extends RuntimeException {
    ImportFailed(SQLException cause) {
      super("bulk import failed: " + cause.getMessage(), cause);
    }
  }
}
