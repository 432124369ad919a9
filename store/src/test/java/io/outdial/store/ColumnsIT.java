package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Column} against the migrated schema as MariaDB reports it: every constant's unit and size,
 * and no text column of the system's tables that is neither a constant nor one of the few that hold
 * only ids. A migration that adds or changes a text column without changing Column fails here, so
 * the API's limits cannot drift from the schema unnoticed.
 */
class ColumnsIT {
  private static ScratchDatabase scratch;

  /** The tables the system writes text into. */
  static final List<String> TABLES =
      List.of(
          "plan",
          "destination",
          "dlma",
          "dl_entry",
          "campaign",
          "attempt",
          "result",
          "pbx",
          "trunk",
          "campaign_event",
          "operator",
          "dnc_list",
          "dnc_number",
          "campaign_dnc_list",
          "campaign_held");

  /**
   * Text columns that hold only UUIDs the system generates (36 ASCII characters, checked by the API
   * before any lookup), so nothing a client says can be too long for them.
   */
  /** Binary columns of fixed size that hold digests the system computes (SHA-256: 32 bytes). */
  static final Set<String> DIGEST_COLUMNS = Set.of("operator.token_sha256");

  static final Set<String> ID_COLUMNS =
      Set.of(
          "plan.id",
          "destination.id",
          "dlma.id",
          "dl_entry.id",
          "dl_entry.dlma_id",
          "campaign.id",
          "campaign.plan_id",
          "campaign.destination_id",
          "campaign.dlma_id",
          "campaign.next_campaign_id",
          "attempt.id",
          "attempt.trunk_id",
          "attempt.campaign_id",
          "attempt.entry_id",
          "result.id",
          "result.attempt_id",
          "dnc_list.id",
          "dnc_number.list_id",
          "campaign_dnc_list.campaign_id",
          "campaign_dnc_list.list_id",
          "campaign_held.campaign_id",
          "result.campaign_id",
          "result.entry_id",
          "pbx.id",
          "trunk.id",
          "trunk.pbx_id",
          "plan.trunk_id",
          "campaign_event.campaign_id",
          "campaign_event.result_id");

  /** One text column as information_schema.COLUMNS describes it. */
  record Described(String dataType, long maxCharacters, long maxBytes, String charset) {}

  private static Database database;
  private static Map<String, Described> textColumns;

  @BeforeAll
  static void migrate() throws SQLException {
    scratch = ScratchDatabase.create("outdial_it_columns", 2);
    database = scratch.database();
    textColumns = new LinkedHashMap<>();
    database
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,
              CHARACTER_OCTET_LENGTH, CHARACTER_SET_NAME
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = :schema AND TABLE_NAME IN (<tables>)
              AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL
            ORDER BY TABLE_NAME, ORDINAL_POSITION""")
                    .bind("schema", scratch.name())
                    .bindList("tables", TABLES)
                    .map(
                        (rs, ctx) ->
                            Map.entry(
                                rs.getString(1) + "." + rs.getString(2),
                                new Described(
                                    rs.getString(3).toLowerCase(),
                                    rs.getLong(4),
                                    rs.getLong(5),
                                    rs.getString(6))))
                    .forEach(e -> textColumns.put(e.getKey(), e.getValue())));
  }

  @AfterAll
  static void drop() throws SQLException {
    if (scratch != null) {
      scratch.close();
    }
  }

  static String key(Column c) {
    return c.table + "." + c.column;
  }

  @Test
  void everyColumnConstantHasTheUnitAndSizeOfItsColumn() {
    assertThat(textColumns).as("text columns found").hasSizeGreaterThan(40);
    for (Column c : Column.values()) {
      Described d = textColumns.get(key(c));
      assertThat(d).as("%s is a text column of the schema (%s)", c, key(c)).isNotNull();
      switch (d.dataType()) {
        case "varchar", "char" -> {
          assertThat(c.unit)
              .as("%s: a %s counts characters", c, d.dataType())
              .isEqualTo(Column.Unit.CHARACTERS);
          assertThat(c.max).as("%s: CHARACTER_MAXIMUM_LENGTH", c).isEqualTo(d.maxCharacters());
        }
        case "text", "mediumtext" -> {
          assertThat(c.unit)
              .as("%s: a %s counts bytes", c, d.dataType())
              .isEqualTo(Column.Unit.BYTES);
          assertThat(c.max).as("%s: CHARACTER_OCTET_LENGTH", c).isEqualTo(d.maxBytes());
        }
        default ->
            throw new AssertionError(
                c
                    + " is a "
                    + d.dataType()
                    + ": say in Column how it counts, and here how to check it");
      }
      // Characters are code points only in utf8mb4 (utf8mb3 would refuse an emoji outright).
      assertThat(d.charset()).as("%s: character set", c).isEqualTo("utf8mb4");
    }
  }

  @Test
  void everyNumberColumnOfAnEntryHasTheSizeOfEntryNumber() {
    for (int i = 1; i <= Rows.NUMBER_SLOTS; i++) {
      Described d = textColumns.get("dl_entry.number" + i);
      assertThat(d).as("dl_entry.number%d", i).isNotNull();
      assertThat(d.dataType()).isEqualTo("varchar");
      assertThat(d.maxCharacters()).as("dl_entry.number%d", i).isEqualTo(Column.ENTRY_NUMBER.max);
    }
    // What an attempt and a result copy of the number fits as well.
    assertThat(Column.ATTEMPT_NUMBER.max).isEqualTo(Column.ENTRY_NUMBER.max);
    assertThat(Column.RESULT_NUMBER.max).isEqualTo(Column.ENTRY_NUMBER.max);
  }

  @Test
  void everyTextColumnIsAColumnConstantOrHoldsOnlyIds() {
    Set<String> known = new TreeSet<>(ID_COLUMNS);
    known.addAll(DIGEST_COLUMNS);
    for (Column c : Column.values()) {
      known.add(key(c));
    }
    for (int i = 2; i <= Rows.NUMBER_SLOTS; i++) {
      known.add("dl_entry.number" + i);
    }
    List<String> unknown = new ArrayList<>(textColumns.keySet());
    unknown.removeAll(known);
    assertThat(unknown)
        .as(
            "text columns neither in Column nor in ID_COLUMNS: add them to"
                + " Column (and check them in the API) or, if they hold only ids, to ID_COLUMNS")
        .isEmpty();
    for (String id : ID_COLUMNS) {
      Described d = textColumns.get(id);
      assertThat(d).as("%s exists", id).isNotNull();
      assertThat(d.dataType()).as(id).isEqualTo("char");
      assertThat(d.maxCharacters()).as(id).isEqualTo(36);
      assertThat(d.charset()).as(id).isEqualTo("ascii");
    }
    for (String digest : DIGEST_COLUMNS) {
      Described d = textColumns.get(digest);
      assertThat(d).as("%s exists", digest).isNotNull();
      assertThat(d.dataType()).as(digest).isEqualTo("binary");
      assertThat(d.maxBytes()).as(digest).isEqualTo(32);
    }
  }
}
