package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Rows.EntryRow;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** V3 (ASCII ids) on a database that already holds V2 data: nothing lost, keys still enforced. */
class MigrationIT {
  private static final String USER = ScratchDatabase.USER;
  private static final String PASSWORD = ScratchDatabase.PASSWORD;
  private static final int PORT = ScratchDatabase.PORT;

  @Test
  void asciiIdsKeepEveryRowAndEveryForeignKey() throws Exception {
    String db =
        "outdial_it_migrate_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    try (Connection c = ScratchDatabase.admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    String url = DbConfig.jdbcUrl("127.0.0.1", PORT, db);
    try {
      Flyway.configure()
          .dataSource(url, USER, PASSWORD)
          .locations("classpath:db/migration")
          .target("2")
          .load()
          .migrate();
      Database v2 = Database.over(Jdbi.create(url, USER, PASSWORD));
      String campaign = StoreIT.seedCampaign(v2, 20);
      String dlma = v2.campaigns().findCampaign(campaign).orElseThrow().dlmaId();
      Instant now = Instant.now();
      List<Reservation> reserved = StoreIT.reserveOnOldSchema(v2, campaign, "before-v3", 5, now);
      assertThat(reserved).hasSize(5);

      try (Database v3 = Database.connect(new DbConfig(url, USER, PASSWORD, 2, 5000))) {
        Database store = v3;
        assertThat(store.entries().entriesOf(dlma)).hasSize(20);
        assertThat(store.catalogue().findDlma(dlma.toUpperCase())).isPresent();
        // The reservation made before the migration is found again by its key.
        assertThat(store.attempts().reserveAttempts(campaign, "before-v3", 5, now))
            .containsExactlyInAnyOrderElementsOf(reserved);
        assertThat(store.attempts().reserveAttempts(campaign, "after-v3", 50, now)).hasSize(15);
        int keys =
            v3.jdbi()
                .withHandle(
                    h ->
                        h.createQuery(
                                "SELECT COUNT(*) FROM"
                                    + " information_schema.referential_constraints WHERE constraint_schema = :s")
                            .bind("s", db)
                            .mapTo(Integer.class)
                            .one());
        // The four of V1, made again by V3, V5's trunk_pbx and plan_trunk, and V10's
        // dnc_number_list and campaign_dnc_list_list.
        assertThat(keys).as("foreign keys").isEqualTo(8);
        String missing = UUID.randomUUID().toString();
        assertThatThrownBy(
                () ->
                    store
                        .entries()
                        .insertEntries(
                            List.of(
                                new EntryRow(
                                    UUID.randomUUID().toString(),
                                    missing,
                                    "orphan",
                                    null,
                                    List.of("1", "", "", "", "", "", "", ""),
                                    null,
                                    null,
                                    Map.of(),
                                    null,
                                    0,
                                    List.of(0, 0, 0, 0, 0, 0, 0, 0),
                                    null,
                                    null,
                                    null,
                                    null))))
            .hasMessageContaining("foreign key");
      }
    } finally {
      try (Connection c = ScratchDatabase.admin();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }
}
