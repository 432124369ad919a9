package io.outdial.store;

import static io.outdial.store.Sql.instant;
import static io.outdial.store.Sql.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Do-not-call lists (V10): their numbers, kept in the normal form of {@link PhoneNumbers} read in
 * the list's region, and the campaigns each non-global list applies to. {@link #blockingList} is
 * the check before a number is dialed.
 */
public final class DncStore {
  /** The rule of {@code campaign_held} that a number on a do-not-call list counts under. */
  public static final String RULE = "dnc";

  /** Numbers written per statement of an add. */
  static final int ADD_BATCH = 1000;

  /** Numbers one LOAD DATA statement of an add writes. */
  static final int LOAD_BATCH = 10_000;

  private final Jdbi jdbi;

  /** Connections opened with allowLoadLocalInfile (as the entries' imports have); null: none. */
  private final Jdbi bulk;

  DncStore(Jdbi jdbi, Jdbi bulk) {
    this.jdbi = jdbi;
    this.bulk = bulk;
  }

  /** A list; {@code region} is null or an ISO 3166 alpha-2 code; a global one holds everywhere. */
  public record DncListRow(
      String id,
      String name,
      String region,
      boolean global,
      long numbers,
      Instant createdAt,
      Instant updatedAt) {}

  /** A number on a list, as kept. */
  public record DncNumberRow(String number, Instant addedAt) {}

  /** The list that holds a campaign back from a number, and the number as it looked it up. */
  public record Hit(String listId, String listName, String normalised) {}

  public void createList(DncListRow l) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                INSERT INTO dnc_list (id, name, region, is_global, created_at, updated_at)
                VALUES (:id, :name, :region, :global, :now, :now)""")
                .bind("id", l.id())
                .bind("name", l.name())
                .bind("region", l.region())
                .bind("global", l.global())
                .bind("now", ts(l.createdAt()))
                .execute());
  }

  /**
   * Changes a list's name and whether it is global; its region stays (its numbers were read in it).
   * False when there is no such list.
   */
  public boolean updateList(String id, String name, boolean global, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE dnc_list SET name = :name, is_global = :global, updated_at = :now"
                            + " WHERE id = :id")
                    .bind("id", id)
                    .bind("name", name)
                    .bind("global", global)
                    .bind("now", ts(now))
                    .execute())
        > 0;
  }

  /** Deletes the list, its numbers and its attachments; false when there was none. */
  public boolean deleteList(String id) {
    return jdbi.withHandle(
            h -> h.createUpdate("DELETE FROM dnc_list WHERE id = :id").bind("id", id).execute())
        > 0;
  }

  private static final String LIST_SELECT =
      "SELECT l.*, (SELECT COUNT(*) FROM dnc_number n WHERE n.list_id = l.id) AS numbers"
          + " FROM dnc_list l";

  public Optional<DncListRow> findList(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(LIST_SELECT + " WHERE l.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> list(rs))
                .findOne());
  }

  /** Lists, oldest first. */
  public List<DncListRow> lists(int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(LIST_SELECT + " ORDER BY l.created_at, l.id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> list(rs))
                .list());
  }

  /**
   * Adds numbers (already normalised) to a list, a batch at a time; a number it holds already is
   * left as it is. Answers how many were new.
   */
  public long addNumbers(String listId, List<String> normalised, Instant now) {
    Jdbi on = bulk != null ? bulk : jdbi;
    return on.inTransaction(
        h -> {
          // Adds to one list wait for each other (and for its delete).
          h.createQuery("SELECT id FROM dnc_list WHERE id = :l FOR UPDATE")
              .bind("l", listId)
              .mapTo(String.class)
              .findOne();
          Map<String, Object> session =
              h.createQuery(
                      "SELECT @@SESSION.sql_mode AS mode,"
                          + " @@SESSION.character_set_client AS cs, @@GLOBAL.local_infile AS li")
                  .mapToMap()
                  .one();
          boolean load =
              EntryImport.mode(
                      String.valueOf(session.get("cs")),
                      bulk != null && "1".equals(String.valueOf(session.get("li"))))
                  == EntryImport.Mode.LOAD_DATA;
          boolean backslashEscapes =
              !String.valueOf(session.get("mode"))
                  .toUpperCase(java.util.Locale.ROOT)
                  .contains("NO_BACKSLASH_ESCAPES");
          long added =
              load
                  ? loadNumbers(h, listId, normalised, ts(now), backslashEscapes)
                  : insertNumbers(h, listId, normalised, now);
          h.createUpdate("UPDATE dnc_list SET updated_at = :now WHERE id = :l")
              .bind("l", listId)
              .bind("now", ts(now))
              .execute();
          return added;
        });
  }

  /**
   * The numbers through LOAD DATA LOCAL (the entries' import path), {@link #LOAD_BATCH} a
   * statement; its count of rows is the count of new ones (a number listed already is skipped, as
   * IGNORE says, with a duplicate-key warning). Any other warning fails the add: the numbers were
   * checked to fit, so one would mean a number was changed on the way in.
   */
  private static long loadNumbers(
      org.jdbi.v3.core.Handle h,
      String listId,
      List<String> normalised,
      String now,
      boolean backslashEscapes) {
    String statement =
        "LOAD DATA LOCAL INFILE 'dnc.tsv' IGNORE INTO TABLE dnc_number CHARACTER SET utf8mb4"
            + " FIELDS ESCAPED BY "
            + EntryImport.literal("\\", backslashEscapes)
            + " (number) SET list_id = "
            + EntryImport.literal(listId, backslashEscapes)
            + ", added_at = "
            + EntryImport.literal(now, backslashEscapes);
    long added = 0;
    try (java.sql.Statement st = h.getConnection().createStatement()) {
      com.mysql.cj.jdbc.JdbcStatement local = st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class);
      for (int from = 0; from < normalised.size(); from += LOAD_BATCH) {
        StringBuilder tsv = new StringBuilder(LOAD_BATCH * 16);
        for (String n : normalised.subList(from, Math.min(normalised.size(), from + LOAD_BATCH))) {
          EntryImport.appendField(tsv, n).append('\n');
        }
        st.clearWarnings();
        local.setLocalInfileInputStream(
            new java.io.ByteArrayInputStream(
                tsv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
          added += st.executeUpdate(statement);
        } finally {
          local.setLocalInfileInputStream(null);
        }
        for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
          if (w.getErrorCode() != 1062) {
            throw new IllegalStateException(
                "LOAD DATA of do-not-call numbers warned: " + w.getMessage());
          }
        }
      }
    } catch (java.sql.SQLException e) {
      throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(e, null);
    }
    return added;
  }

  /** The numbers as multi-row INSERT IGNOREs; counts the list before and after (under its lock). */
  private static long insertNumbers(
      org.jdbi.v3.core.Handle h, String listId, List<String> normalised, Instant now) {
    long before = count(h, listId);
    for (int from = 0; from < normalised.size(); from += ADD_BATCH) {
      PreparedBatch b =
          h.prepareBatch(
              "INSERT IGNORE INTO dnc_number (list_id, number, added_at) VALUES (:l, :n, :now)");
      for (String n : normalised.subList(from, Math.min(normalised.size(), from + ADD_BATCH))) {
        b.bind("l", listId).bind("n", n).bind("now", ts(now)).add();
      }
      b.execute();
    }
    return count(h, listId) - before;
  }

  private static long count(org.jdbi.v3.core.Handle h, String listId) {
    return h.createQuery("SELECT COUNT(*) FROM dnc_number WHERE list_id = :l")
        .bind("l", listId)
        .mapTo(Long.class)
        .one();
  }

  /** Takes a number (normalised) off a list; false when the list did not hold it. */
  public boolean removeNumber(String listId, String normalised) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM dnc_number WHERE list_id = :l AND number = :n")
                    .bind("l", listId)
                    .bind("n", normalised)
                    .execute())
        > 0;
  }

  /** A list's numbers in their order (of the normal form), {@code limit} from {@code offset}. */
  public List<DncNumberRow> numbers(String listId, int offset, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT number, added_at FROM dnc_number WHERE list_id = :l"
                        + " ORDER BY number LIMIT :limit OFFSET :offset")
                .bind("l", listId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new DncNumberRow(rs.getString(1), instant(rs, "added_at")))
                .list());
  }

  /** Whether the list holds the number (normalised). */
  public Optional<DncNumberRow> findNumber(String listId, String normalised) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT number, added_at FROM dnc_number WHERE list_id = :l AND number = :n")
                .bind("l", listId)
                .bind("n", normalised)
                .map((rs, ctx) -> new DncNumberRow(rs.getString(1), instant(rs, "added_at")))
                .findOne());
  }

  /** Holds the campaign to the list as well (nothing changes when it is already). */
  public void attach(String campaignId, String listId) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT IGNORE INTO campaign_dnc_list (campaign_id, list_id) VALUES (:c, :l)")
                .bind("c", campaignId)
                .bind("l", listId)
                .execute());
  }

  /** False when the campaign was not attached to the list. */
  public boolean detach(String campaignId, String listId) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "DELETE FROM campaign_dnc_list WHERE campaign_id = :c AND list_id = :l")
                    .bind("c", campaignId)
                    .bind("l", listId)
                    .execute())
        > 0;
  }

  /** The campaigns a list is attached to, by id. */
  public List<String> campaignsOf(String listId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT campaign_id FROM campaign_dnc_list WHERE list_id = :l ORDER BY 1")
                .bind("l", listId)
                .mapTo(String.class)
                .list());
  }

  /** A list that applies to a campaign, with the region its numbers are read in. */
  public record Applying(String id, String name, String region) {}

  /** The lists that apply to a campaign: every global one and those attached to it. */
  public List<Applying> applying(String campaignId) {
    return jdbi.withHandle(h -> applying(h, campaignId));
  }

  /**
   * The first of {@code lists} that holds {@code number}, each list reading it in its own region;
   * empty when none does (or there is no list). One query per region the lists are in.
   */
  public Optional<Hit> blockingList(List<Applying> lists, String number) {
    if (lists.isEmpty() || number == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        jdbi.withHandle(h -> blocked(h, lists, List.of(number))).get(number));
  }

  /** {@link #applying(String)} on {@code h}, inside its transaction. */
  static List<Applying> applying(org.jdbi.v3.core.Handle h, String campaignId) {
    return h.createQuery(
            """
        SELECT id, name, region FROM dnc_list WHERE is_global = 1
          OR id IN (SELECT list_id FROM campaign_dnc_list WHERE campaign_id = :c)
        ORDER BY created_at, id""")
        .bind("c", campaignId)
        .map(
            (rs, ctx) ->
                new Applying(rs.getString("id"), rs.getString("name"), rs.getString("region")))
        .list();
  }

  /**
   * Which of {@code numbers} (as entries hold them) one of {@code lists} holds, on {@code h}: one
   * query per region the lists are in, whatever the count of numbers.
   */
  static Map<String, Hit> blocked(
      org.jdbi.v3.core.Handle h, List<Applying> lists, java.util.Collection<String> numbers) {
    Map<String, Hit> out = new LinkedHashMap<>();
    if (lists.isEmpty() || numbers.isEmpty()) {
      return out;
    }
    Map<String, List<Applying>> byRegion = new LinkedHashMap<>();
    for (Applying l : lists) {
      byRegion.computeIfAbsent(String.valueOf(l.region()), k -> new ArrayList<>()).add(l);
    }
    for (List<Applying> group : byRegion.values()) {
      String region = group.get(0).region();
      Map<String, List<String>> byForm = new LinkedHashMap<>();
      for (String n : numbers) {
        if (!out.containsKey(n)) {
          byForm.computeIfAbsent(PhoneNumbers.normalise(n, region), k -> new ArrayList<>()).add(n);
        }
      }
      if (byForm.isEmpty()) {
        continue;
      }
      Map<String, String> names = new LinkedHashMap<>();
      group.forEach(l -> names.put(l.id(), l.name()));
      h.createQuery(
              "SELECT list_id, number FROM dnc_number WHERE list_id IN (<ids>)"
                  + " AND number IN (<forms>)")
          .bindList("ids", List.copyOf(names.keySet()))
          .bindList("forms", List.copyOf(byForm.keySet()))
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
          .forEach(
              e -> {
                for (String n : byForm.getOrDefault(e.getValue(), List.of())) {
                  out.putIfAbsent(n, new Hit(e.getKey(), names.get(e.getKey()), e.getValue()));
                }
              });
    }
    return out;
  }

  /** How many of a campaign's attempts each rule held back (rule to count). */
  public Map<String, Long> held(String campaignId) {
    Map<String, Long> out = new java.util.TreeMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT rule, n FROM campaign_held WHERE campaign_id = :c")
                .bind("c", campaignId)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private static DncListRow list(ResultSet rs) throws SQLException {
    return new DncListRow(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("region"),
        rs.getBoolean("is_global"),
        rs.getLong("numbers"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }
}
