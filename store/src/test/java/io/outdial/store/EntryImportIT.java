package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.store.EntryImport.Mode;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk imports on MariaDB through each way of writing a batch (LOAD DATA LOCAL, INSERT with
 * literals, INSERT with bound parameters), with and without NO_BACKSLASH_ESCAPES: whatever the text
 * holds comes back exactly, and a batch the server takes only in part fails the whole import with
 * nothing written.
 */
class EntryImportIT {
  private static final String USER = ScratchDatabase.USER;
  private static final String PASSWORD = ScratchDatabase.PASSWORD;
  private static final int PORT = ScratchDatabase.PORT;
  private static ScratchDatabase scratch;

  /** Every character a field may need escaped, and what looks like an escape or NULL already. */
  private static final List<String> TEXTS =
      List.of(
          "O'Brien",
          "back\\slash",
          "\\N",
          "NULL",
          "tab\there",
          "line\nbreak",
          "cr\rhere",
          "ctrl-z \u001a",
          "nul \0 inside",
          "\\0 \\n \\Z",
          "'); DROP TABLE dl_entry; --",
          "quote\" \\\" end",
          "Zoë 😀 名前 \u202e",
          "",
          "  spaces  ");

  private static Database database;

  @BeforeAll
  static void createDatabase() throws Exception {
    scratch =
        ScratchDatabase.create(
            "outdial_it_import", 4, "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    database = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (scratch != null) {
      scratch.close();
    }
  }

  /** A connection like the store's import connections (allowLoadLocalInfile). */
  private static Jdbi bulk() {
    return Jdbi.create(
        DbConfig.jdbcUrl("127.0.0.1", PORT, scratch.name()) + "&allowLoadLocalInfile=true",
        USER,
        PASSWORD);
  }

  private static String list(Database store) {
    String dlma = UUID.randomUUID().toString();
    store.catalogue().insertDlma(new DlmaRow(dlma, "import", null, Map.of()));
    return dlma;
  }

  private static EntryRow row(
      String dlma,
      String name,
      String detail,
      String number,
      Map<String, String> variables,
      String timezone) {
    List<String> numbers = new ArrayList<>(Collections.nCopies(Rows.NUMBER_SLOTS, ""));
    numbers.set(0, number);
    return new EntryRow(
        UUID.randomUUID().toString(),
        dlma,
        name,
        detail,
        numbers,
        null,
        null,
        variables,
        timezone,
        EntryRow.STATUS_IDLE,
        Collections.nCopies(Rows.NUMBER_SLOTS, 0),
        null,
        null,
        null,
        null);
  }

  /** One entry per text, the text in name, detail and a variable; and one with nulls. */
  private static List<EntryRow> tricky(String dlma) {
    List<EntryRow> rows = new ArrayList<>();
    for (int i = 0; i < TEXTS.size(); i++) {
      Map<String, String> vars = new LinkedHashMap<>();
      vars.put("NOTE", TEXTS.get(i));
      rows.add(row(dlma, TEXTS.get(i), TEXTS.get(i), "100" + i, vars, "Europe/Paris"));
    }
    rows.add(row(dlma, null, null, "+33123", Map.of(), null));
    return rows;
  }

  private static long globalLoads(Handle h) {
    return h.createQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")
        .map((rs, ctx) -> rs.getLong(2))
        .one();
  }

  private void importsExactly(Mode mode, boolean noBackslashEscapes) {
    Database store = database;
    String dlma = list(store);
    List<EntryRow> rows = tricky(dlma);
    long written =
        bulk()
            .inTransaction(
                h -> {
                  if (noBackslashEscapes) {
                    h.execute(
                        "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
                  }
                  long loadsBefore = globalLoads(h);
                  // A batch size of 4: several batches, the last one short.
                  long n =
                      EntryImport.run(
                          h, dlma, 4, sink -> rows.forEach(sink::add), mode, !noBackslashEscapes);
                  long loads = globalLoads(h) - loadsBefore;
                  if (mode == Mode.LOAD_DATA) {
                    assertThat(loads).as("LOAD DATA statements").isGreaterThanOrEqualTo(4);
                  }
                  return n;
                });
    assertThat(written).isEqualTo(rows.size());
    Map<String, EntryRow> stored =
        store.entries().entriesOf(dlma).stream().collect(Collectors.toMap(EntryRow::id, e -> e));
    assertThat(stored).hasSize(rows.size());
    for (EntryRow sent : rows) {
      EntryRow back = stored.get(sent.id());
      assertThat(back).as("entry %s", sent.name()).isNotNull();
      assertThat(back.name()).isEqualTo(sent.name());
      assertThat(back.detail()).isEqualTo(sent.detail());
      assertThat(back.numbers()).isEqualTo(sent.numbers());
      assertThat(back.variables()).isEqualTo(sent.variables());
      assertThat(back.timezone()).isEqualTo(sent.timezone());
      assertThat(back.dlmaId()).isEqualTo(dlma);
      assertThat(back.email()).isNull();
    }
  }

  @Test
  void loadDataKeepsEveryTextExactly() {
    importsExactly(Mode.LOAD_DATA, false);
  }

  @Test
  void loadDataKeepsEveryTextExactlyWithoutBackslashEscapes() {
    importsExactly(Mode.LOAD_DATA, true);
  }

  @Test
  void insertLiteralsKeepEveryTextExactly() {
    importsExactly(Mode.INSERT_LITERALS, false);
  }

  @Test
  void boundInsertsKeepEveryTextExactly() {
    importsExactly(Mode.INSERT_BOUND, false);
  }

  @Test
  void insertLiteralsWithoutBackslashEscapesRefuseNulAndWriteNothing() {
    Database store = database;
    String dlma = list(store);
    List<EntryRow> rows = tricky(dlma);
    assertThatThrownBy(
            () ->
                bulk()
                    .useTransaction(
                        h -> {
                          h.execute(
                              "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')");
                          EntryImport.run(
                              h,
                              dlma,
                              4,
                              sink -> rows.forEach(sink::add),
                              Mode.INSERT_LITERALS,
                              false);
                        }))
        .hasMessageContaining("NUL");
    assertThat(store.entries().entriesOf(dlma)).isEmpty();
  }

  @Test
  void theStoreImportsThroughLoadDataAndCommits() throws Exception {
    Database store = database;
    String dlma = list(store);
    long before = database.jdbi().withHandle(EntryImportIT::globalLoads);
    List<EntryRow> rows = entries(dlma, 2_500, e -> e);
    long written = store.entries().importEntries(dlma, 1_000, sink -> rows.forEach(sink::add));
    assertThat(written).isEqualTo(2_500);
    assertThat(database.jdbi().withHandle(EntryImportIT::globalLoads) - before)
        .as("LOAD DATA statements")
        .isGreaterThanOrEqualTo(3);
    assertThat(store.entries().entriesOf(dlma))
        .extracting(EntryRow::name)
        .containsExactlyElementsOf(rows.stream().map(EntryRow::name).toList());
    // A list that does not exist: nothing written.
    assertThat(
            store
                .entries()
                .importEntries(UUID.randomUUID().toString(), 10, sink -> sink.add(rows.get(0))))
        .isEqualTo(-1);
  }

  @Test
  void withLoadLocalOffTheStoreImportsThroughInserts() throws Exception {
    try (Database inserts =
        Database.connect(
            new DbConfig(
                DbConfig.jdbcUrl("127.0.0.1", PORT, scratch.name()),
                USER,
                PASSWORD,
                2,
                5000,
                false))) {
      Database store = inserts;
      String dlma = list(store);
      long before = inserts.jdbi().withHandle(EntryImportIT::globalLoads);
      List<EntryRow> rows = tricky(dlma);
      assertThat(store.entries().importEntries(dlma, 4, sink -> rows.forEach(sink::add)))
          .isEqualTo(rows.size());
      assertThat(inserts.jdbi().withHandle(EntryImportIT::globalLoads) - before)
          .as("LOAD DATA statements")
          .isZero();
      assertThat(store.entries().entriesOf(dlma))
          .extracting(EntryRow::name)
          .containsExactlyInAnyOrderElementsOf(rows.stream().map(EntryRow::name).toList());
    }
  }

  /** {@code count} entries named "c0".."c{count-1}" on a new list, {@code change} applied. */
  private static List<EntryRow> entries(
      String dlma, int count, java.util.function.UnaryOperator<EntryRow> change) {
    List<EntryRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(change.apply(row(dlma, "c" + i, null, "1" + i, Map.of(), null)));
    }
    return rows;
  }

  /** Imports {@code rows} in batches of 1,000 and expects ImportFailed and nothing written. */
  private static void failsWhole(Database store, String dlma, List<EntryRow> rows, String message) {
    assertThatThrownBy(
            () -> store.entries().importEntries(dlma, 1_000, sink -> rows.forEach(sink::add)))
        .isInstanceOf(EntryStore.ImportFailed.class)
        .hasMessageContaining(message);
    assertThat(store.entries().entriesOf(dlma)).isEmpty();
  }

  @Test
  void aTooLongValueFailsTheWholeImport() {
    // LOAD DATA LOCAL makes data errors warnings (the value would be cut): refused instead.
    Database store = database;
    String dlma = list(store);
    failsWhole(
        store,
        dlma,
        entries(
            dlma,
            2_500,
            e ->
                e.name().equals("c2100")
                    ? row(dlma, "x".repeat(300), null, "1", Map.of(), null)
                    : e),
        "name");
  }

  @Test
  void aDuplicateIdFailsTheWholeImport() {
    // LOAD DATA LOCAL skips a row with a duplicate key, with a warning: refused instead.
    Database store = database;
    String dlma = list(store);
    List<EntryRow> rows = entries(dlma, 1_500, e -> e);
    rows.add(rows.get(1_200));
    failsWhole(store, dlma, rows, "Duplicate");
  }

  @Test
  void aProducerThatThrowsWritesNothing() {
    Database store = database;
    String dlma = list(store);
    List<EntryRow> rows = entries(dlma, 1_000, e -> e);
    assertThatThrownBy(
            () ->
                store
                    .entries()
                    .importEntries(
                        dlma,
                        100,
                        sink -> {
                          rows.forEach(sink::add);
                          throw new IllegalStateException("bad row 1001");
                        }))
        .hasMessage("bad row 1001");
    assertThat(store.entries().entriesOf(dlma)).isEmpty();
  }

  @Test
  void idsAreAsciiAndStillCaseInsensitive() throws Exception {
    Database store = database;
    String dlma = list(store);
    assertThat(store.catalogue().findDlma(dlma.toUpperCase())).isPresent();
    try (Connection c = ScratchDatabase.admin();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM information_schema.columns"
                    + " WHERE table_schema = '"
                    + scratch.name()
                    + "' AND data_type = 'char'"
                    + " AND character_maximum_length = 36 AND collation_name <> 'ascii_general_ci'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("id columns not ascii_general_ci").isZero();
    }
  }
}
