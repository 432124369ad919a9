package io.outdial.store;

import com.mysql.cj.jdbc.JdbcStatement;
import io.outdial.store.EntryStore.EntryProducer;
import io.outdial.store.EntryStore.ImportFailed;
import io.outdial.store.Rows.EntryRow;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jdbi.v3.core.Handle;

/**
 * One bulk import of dial list entries, inside the caller's transaction (see {@link
 * EntryStore#importEntries}). The producer streams entries in; every batch of them is turned into
 * one statement, which a writer thread executes on the transaction's connection while the producer
 * reads and checks the next batch. At most a few batches exist at a time, so memory stays flat.
 *
 * <p>Three ways to write a batch, fastest first:
 *
 * <ul>
 *   <li>{@code LOAD DATA LOCAL INFILE} fed from memory (the batch as tab-separated text), on a
 *       connection opened with {@code allowLoadLocalInfile} when the server allows it ({@code
 *       local_infile}). About 1.6 times the rows per second of multi-row INSERTs on the server's
 *       side. With LOCAL the server turns data errors into warnings and skips duplicate keys, so
 *       every batch must come back with exactly its row count and no warning, or the import fails
 *       and is rolled back.
 *   <li>A multi-row INSERT with every value an escaped string literal (what Connector/J's
 *       rewriteBatchedStatements does too, without its per-value bookkeeping).
 *   <li>Bound parameters, for a session whose client character set is not utf8/utf8mb4 (where
 *       multi-byte escaping tricks are possible).
 * </ul>
 *
 * Literals and escapes follow the session's sql_mode (NO_BACKSLASH_ESCAPES or not).
 */
final class EntryImport {
  private static final int N = Rows.NUMBER_SLOTS;

  /** How batches are written. */
  enum Mode {
    LOAD_DATA,
    INSERT_LITERALS,
    INSERT_BOUND
  }

  private static final String COLUMNS =
      "id, dlma_id, name, detail, number1, number2, number3,"
          + " number4, number5, number6, number7, number8, email, ukey, variables, timezone,"
          + " created_at, updated_at";
  private static final String INSERT = "INSERT INTO dl_entry (" + COLUMNS + ") VALUES ";

  /** The columns of the LOAD DATA text, in order; the list and the times are set once. */
  private static final String LOAD_COLUMNS =
      "(id, name, detail, number1, number2, number3,"
          + " number4, number5, number6, number7, number8, email, ukey, variables, timezone)";

  private EntryImport() {}

  /**
   * Writes what {@code producer} produces into list {@code dlmaId} (already share-locked by the
   * caller) on {@code h}'s connection, inside its transaction; returns the rows written. {@code
   * loadLocalAllowed}: the connection was opened with allowLoadLocalInfile.
   */
  static <X extends Exception> long run(
      Handle h, String dlmaId, int batchSize, EntryProducer<X> producer, boolean loadLocalAllowed)
      throws X {
    Map<String, Object> session =
        h.createQuery(
                "SELECT @@SESSION.sql_mode AS mode,"
                    + " @@SESSION.character_set_client AS cs, @@GLOBAL.local_infile AS li")
            .mapToMap()
            .one();
    Mode mode =
        mode(
            String.valueOf(session.get("cs")),
            loadLocalAllowed && "1".equals(String.valueOf(session.get("li"))));
    boolean backslashEscapes =
        !String.valueOf(session.get("mode"))
            .toUpperCase(Locale.ROOT)
            .contains("NO_BACKSLASH_ESCAPES");
    return run(h, dlmaId, batchSize, producer, mode, backslashEscapes);
  }

  static Mode mode(String clientCharset, boolean loadLocal) {
    String cs = clientCharset.toLowerCase(Locale.ROOT);
    if (!(cs.equals("utf8mb4") || cs.equals("utf8") || cs.equals("utf8mb3"))) {
      return Mode.INSERT_BOUND;
    }
    return loadLocal ? Mode.LOAD_DATA : Mode.INSERT_LITERALS;
  }

  static <X extends Exception> long run(
      Handle h,
      String dlmaId,
      int batchSize,
      EntryProducer<X> producer,
      Mode mode,
      boolean backslashEscapes)
      throws X {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    String now = Sql.ts(Instant.now());
    // The list row is share-locked by the caller, so it cannot go away: checking the foreign
    // key on every inserted row proves nothing more. Restored below (connections are pooled).
    h.execute("SET SESSION foreign_key_checks = 0");
    Writer writer = new Writer(h.getConnection(), mode, dlmaId, now, backslashEscapes);
    writer.start();
    boolean finished = false;
    try {
      Batch[] batch = {new Batch(batchSize)};
      producer.produce(
          e -> {
            batch[0].rows.add(e);
            if (batch[0].rows.size() == batchSize) {
              writer.submit(batch[0].build(mode, dlmaId, now, backslashEscapes));
              batch[0] = new Batch(batchSize);
            }
          });
      if (!batch[0].rows.isEmpty()) {
        writer.submit(batch[0].build(mode, dlmaId, now, backslashEscapes));
      }
      long written = writer.finish();
      finished = true;
      return written;
    } finally {
      if (!finished) {
        writer.abort();
      }
      h.execute("SET SESSION foreign_key_checks = 1");
    }
  }

  /** One batch: its rows until built, then the INSERT text or the LOAD DATA bytes. */
  private static final class Batch {
    final List<EntryRow> rows;
    int size;
    String sql;
    byte[] tsv;

    Batch(int capacity) {
      this.rows = new ArrayList<>(capacity);
    }

    /** Builds what the writer sends (and lets go of the rows, unless they are bound). */
    Batch build(Mode mode, String dlmaId, String now, boolean backslashEscapes) {
      size = rows.size();
      switch (mode) {
        case LOAD_DATA -> {
          tsv = tsv(rows);
          rows.clear();
        }
        case INSERT_LITERALS -> {
          sql = insert(rows, dlmaId, now, backslashEscapes);
          rows.clear();
        }
        case INSERT_BOUND -> {}
      }
      return this;
    }
  }

  private static String variables(EntryRow e) {
    return e.variables().isEmpty() ? "{}" : Json.write(e.variables());
  }

  /** The multi-row INSERT of {@code rows}, every value a literal. */
  static String insert(List<EntryRow> rows, String dlmaId, String now, boolean backslashEscapes) {
    StringBuilder sb = new StringBuilder(INSERT.length() + rows.size() * 256).append(INSERT);
    String common = literal(dlmaId, backslashEscapes);
    String at = literal(now, backslashEscapes);
    boolean first = true;
    for (EntryRow e : rows) {
      sb.append(first ? "(" : ",(");
      first = false;
      appendLiteral(sb, e.id(), backslashEscapes).append(',').append(common).append(',');
      appendLiteral(sb, e.name(), backslashEscapes).append(',');
      appendLiteral(sb, e.detail(), backslashEscapes).append(',');
      for (int i = 0; i < N; i++) {
        appendLiteral(sb, e.numbers().get(i), backslashEscapes).append(',');
      }
      appendLiteral(sb, e.email(), backslashEscapes).append(',');
      appendLiteral(sb, e.ukey(), backslashEscapes).append(',');
      appendLiteral(sb, variables(e), backslashEscapes).append(',');
      appendLiteral(sb, e.timezone(), backslashEscapes)
          .append(',')
          .append(at)
          .append(',')
          .append(at)
          .append(')');
    }
    return sb.toString();
  }

  /** {@code rows} as LOAD DATA text: one line each, fields in {@link #LOAD_COLUMNS} order. */
  static byte[] tsv(List<EntryRow> rows) {
    StringBuilder sb = new StringBuilder(rows.size() * 160);
    for (EntryRow e : rows) {
      appendField(sb, e.id()).append('\t');
      appendField(sb, e.name()).append('\t');
      appendField(sb, e.detail()).append('\t');
      for (int i = 0; i < N; i++) {
        appendField(sb, e.numbers().get(i)).append('\t');
      }
      appendField(sb, e.email()).append('\t');
      appendField(sb, e.ukey()).append('\t');
      appendField(sb, variables(e)).append('\t');
      appendField(sb, e.timezone()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The LOAD DATA statement for the session's escaping of string literals. */
  static String loadStatement(String dlmaId, String now, boolean backslashEscapes) {
    String at = literal(now, backslashEscapes);
    // Tab-separated fields, lines ending in LF (the defaults), backslash the escape character.
    return "LOAD DATA LOCAL INFILE 'entries.tsv' INTO TABLE dl_entry CHARACTER SET utf8mb4"
        + " FIELDS ESCAPED BY "
        + literal("\\", backslashEscapes)
        + " "
        + LOAD_COLUMNS
        + " SET dlma_id = "
        + literal(dlmaId, backslashEscapes)
        + ", created_at = "
        + at
        + ", updated_at = "
        + at;
  }

  /**
   * A field of LOAD DATA text with backslash as the escape character: {@code \N} for NULL;
   * backslash, tab, LF, CR, NUL and Ctrl-Z escaped; everything else as it is.
   */
  static StringBuilder appendField(StringBuilder sb, String s) {
    if (s == null) {
      return sb.append("\\N");
    }
    int n = s.length();
    int i = 0;
    while (i < n && !fieldSpecial(s.charAt(i))) {
      i++;
    }
    if (i == n) {
      return sb.append(s);
    }
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\0' -> sb.append("\\0");
        case '\u001a' -> sb.append("\\Z");
        default -> sb.append(c);
      }
    }
    return sb;
  }

  private static boolean fieldSpecial(char c) {
    return c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\u001a';
  }

  static String literal(String s, boolean backslashEscapes) {
    return appendLiteral(new StringBuilder(), s, backslashEscapes).toString();
  }

  /**
   * A string as an SQL literal: NULL, or quoted with {@code '} doubled and, unless the session has
   * NO_BACKSLASH_ESCAPES, {@code \}, NUL, LF, CR and Ctrl-Z escaped with a backslash (as
   * Connector/J escapes them). A NUL cannot be written without backslash escapes: refused.
   */
  static StringBuilder appendLiteral(StringBuilder sb, String s, boolean backslashEscapes) {
    if (s == null) {
      return sb.append("NULL");
    }
    sb.append('\'');
    int n = s.length();
    int i = 0;
    while (i < n && !literalSpecial(s.charAt(i))) {
      i++;
    }
    sb.append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\'' -> sb.append("''");
        case '\\' -> sb.append(backslashEscapes ? "\\\\" : "\\");
        case '\0' -> {
          if (!backslashEscapes) {
            throw new IllegalArgumentException("a NUL character cannot be imported");
          }
          sb.append("\\0");
        }
        case '\n' -> sb.append(backslashEscapes ? "\\n" : "\n");
        case '\r' -> sb.append(backslashEscapes ? "\\r" : "\r");
        case '\u001a' -> sb.append(backslashEscapes ? "\\Z" : "\u001a");
        default -> sb.append(c);
      }
    }
    return sb.append('\'');
  }

  private static boolean literalSpecial(char c) {
    return c == '\'' || c == '\\' || c == '\0' || c == '\n' || c == '\r' || c == '\u001a';
  }

  /**
   * The writer thread: executes the batches handed to it, in order, on the import's connection
   * (only this thread uses it until {@link #finish} or {@link #abort} returns). At most two batches
   * wait in its queue, so a producer faster than the database waits rather than piling rows up.
   */
  private static final class Writer extends Thread {
    private static final Batch END = new Batch(0);
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
    private final Connection connection;
    private final Mode mode;
    private final String dlmaId;
    private final String now;
    private final String load;
    private volatile boolean aborted;
    private volatile RuntimeException failure;
    private long written;

    Writer(Connection connection, Mode mode, String dlmaId, String now, boolean backslashEscapes) {
      super("entry-import-writer");
      setDaemon(true);
      this.connection = connection;
      this.mode = mode;
      this.dlmaId = dlmaId;
      this.now = now;
      this.load = loadStatement(dlmaId, now, backslashEscapes);
    }

    @Override
    public void run() {
      try (Statement statement = connection.createStatement();
          PreparedStatement ps =
              mode == Mode.INSERT_BOUND
                  ? connection.prepareStatement(
                      INSERT + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  : null) {
        // Plain text: no JDBC escape syntax ({fn ...}) to look for.
        statement.setEscapeProcessing(false);
        while (true) {
          Batch batch = queue.take();
          if (batch == END) {
            return;
          }
          if (aborted || failure != null) {
            continue;
          }
          try {
            written +=
                switch (mode) {
                  case LOAD_DATA -> load(statement, batch);
                  case INSERT_LITERALS -> statement.executeUpdate(batch.sql);
                  case INSERT_BOUND -> bound(ps, batch);
                };
          } catch (SQLException ex) {
            failure = new ImportFailed(ex);
          } catch (RuntimeException ex) {
            failure = ex;
          }
        }
      } catch (SQLException ex) {
        failure = new ImportFailed(ex);
        drain();
      } catch (RuntimeException ex) {
        failure = ex;
        drain();
      } catch (InterruptedException ex) {
        failure = new IllegalStateException("bulk import writer interrupted", ex);
      }
    }

    /**
     * A batch through LOAD DATA LOCAL. The server reports data errors and skipped duplicates as
     * warnings there, not errors, so anything but exactly the batch's rows without a warning fails
     * the import.
     */
    private int load(Statement statement, Batch batch) throws SQLException {
      statement.clearWarnings();
      JdbcStatement local = statement.unwrap(JdbcStatement.class);
      local.setLocalInfileInputStream(new ByteArrayInputStream(batch.tsv));
      int n;
      try {
        n = statement.executeUpdate(load);
      } finally {
        local.setLocalInfileInputStream(null);
      }
      SQLWarning warning = statement.getWarnings();
      if (warning != null || n != batch.size) {
        throw new ImportFailed(
            new SQLException(
                "LOAD DATA wrote "
                    + n
                    + " of "
                    + batch.size
                    + " rows"
                    + (warning == null ? "" : ": " + warning.getMessage()),
                warning == null ? "HY000" : warning.getSQLState()));
      }
      return n;
    }

    /** A batch through bound parameters (sessions where literals are not used). */
    private int bound(PreparedStatement ps, Batch batch) throws SQLException {
      for (EntryRow e : batch.rows) {
        ps.setString(1, e.id());
        ps.setString(2, dlmaId);
        ps.setString(3, e.name());
        ps.setString(4, e.detail());
        for (int i = 0; i < N; i++) {
          ps.setString(5 + i, e.numbers().get(i));
        }
        ps.setString(13, e.email());
        ps.setString(14, e.ukey());
        ps.setString(15, variables(e));
        ps.setString(16, e.timezone());
        ps.setString(17, now);
        ps.setString(18, now);
        ps.addBatch();
      }
      ps.executeBatch();
      return batch.rows.size();
    }

    /** After a failure outside the loop: take batches until the end, so submit never blocks. */
    private void drain() {
      try {
        while (queue.take() != END) {
          // discarded: the import fails
        }
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    }

    void submit(Batch batch) {
      if (failure != null) {
        throw failure;
      }
      put(batch);
    }

    private void put(Batch batch) {
      try {
        queue.put(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort();
        throw new IllegalStateException("bulk import interrupted", e);
      }
    }

    /** Waits until every batch is written; rethrows a failure of the writer. */
    long finish() {
      put(END);
      joinQuietly();
      if (failure != null) {
        throw failure;
      }
      return written;
    }

    /** Stops without writing what is queued (the transaction is rolled back after). */
    void abort() {
      aborted = true;
      queue.clear();
      queue.offer(END);
      joinQuietly();
    }

    private void joinQuietly() {
      boolean interrupted = false;
      while (isAlive()) {
        try {
          join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
