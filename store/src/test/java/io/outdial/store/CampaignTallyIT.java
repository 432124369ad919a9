package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Rows.CampaignCounts;
import io.outdial.store.Rows.ResultRow;
import io.outdial.workflows.DialResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A campaign's tally of results by dial result (V7's campaign_tally, which its counts are read
 * from) equals its result rows: after batches and single settles, repeats, concurrent batches of
 * one campaign, and on a database migrated with results already in it.
 */
class CampaignTallyIT {
  private static final List<DialResult> OUTCOMES =
      List.of(
          DialResult.ANSWERED,
          DialResult.BUSY,
          DialResult.NO_ANSWER,
          DialResult.CONGESTION,
          DialResult.FAILED,
          DialResult.HANGUP,
          DialResult.RING);

  private static ScratchDatabase scratch;
  private static Database store;

  @BeforeAll
  static void createDatabase() throws SQLException {
    scratch = ScratchDatabase.create("outdial_it_tally", 8);
    store = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void batchesSinglesAndRepeatsAreCountedOnceEach() {
    String campaign = StoreIT.seedCampaign(store, 40);
    List<ResultRow> rows = sentResults(store, campaign, 40);
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    store.attempts().onSettled(settled -> settled.forEach(r -> told.add(r.attemptId())));
    assertThat(store.attempts().settleAll(rows.subList(0, 20), 0)).containsOnly(true);
    // The first twenty again beside ten new ones, and one settled on its own twice.
    assertThat(store.attempts().settleAll(rows.subList(0, 30), 0)).filteredOn(b -> b).hasSize(10);
    assertThat(store.attempts().settle(rows.get(30), 0)).isTrue();
    assertThat(store.attempts().settle(rows.get(30), 0)).isFalse();

    assertThat(store.results().tally(campaign)).isEqualTo(resultRowsByDialResult(store, campaign));
    CampaignCounts c = store.campaigns().campaignCounts(campaign);
    assertThat(c.dialed()).isEqualTo(31);
    assertThat(c.answered() + c.busy() + c.noAnswer() + c.congestion() + c.failed()).isEqualTo(31);
    assertThat(c.answered()).isEqualTo(count(rows.subList(0, 31), DialResult.ANSWERED));
    assertThat(c.busy()).isEqualTo(count(rows.subList(0, 31), DialResult.BUSY));
    assertThat(c.noAnswer()).isEqualTo(count(rows.subList(0, 31), DialResult.NO_ANSWER));
    assertThat(c.congestion()).isEqualTo(count(rows.subList(0, 31), DialResult.CONGESTION));
    assertThat(c.inFlight()).isEqualTo(9);
    // The listener (the worker's metrics) heard of each recorded result once.
    store.attempts().onSettled(settled -> {});
    assertThat(told)
        .containsExactlyInAnyOrderElementsOf(
            rows.subList(0, 31).stream().map(ResultRow::attemptId).toList());
  }

  @Test
  void concurrentBatchesOfOneCampaignAddUp() throws Exception {
    String campaign = StoreIT.seedCampaign(store, 400);
    List<ResultRow> rows = sentResults(store, campaign, 400);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Boolean>>> batches = new ArrayList<>();
      for (int i = 0; i < rows.size(); i += 10) {
        List<ResultRow> batch = rows.subList(i, i + 10);
        batches.add(pool.submit(() -> store.attempts().settleAll(batch, 0)));
      }
      for (Future<List<Boolean>> f : batches) {
        assertThat(f.get()).containsOnly(true);
      }
    } finally {
      pool.shutdown();
    }
    Map<Integer, Long> tally = store.results().tally(campaign);
    assertThat(tally).isEqualTo(resultRowsByDialResult(store, campaign));
    assertThat(tally.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(400);
  }

  @Test
  void theMigrationCountsTheResultsAlreadyRecorded() throws Exception {
    String db = "outdial_it_tally_v6_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = ScratchDatabase.admin();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    String url = DbConfig.jdbcUrl(ScratchDatabase.HOST, ScratchDatabase.PORT, db);
    try {
      Flyway.configure()
          .dataSource(url, ScratchDatabase.USER, ScratchDatabase.PASSWORD)
          .locations("classpath:db/migration")
          .target("6")
          .load()
          .migrate();
      Database v6 = Database.over(Jdbi.create(url, ScratchDatabase.USER, ScratchDatabase.PASSWORD));
      String campaign = StoreIT.seedCampaign(v6, 30);
      List<ResultRow> rows = sentResults(v6, campaign, 30);
      // As V6's store wrote them: attempt settled and result inserted, no tally.
      v6.jdbi()
          .useTransaction(
              h -> {
                for (ResultRow r : rows) {
                  h.createUpdate("UPDATE attempt SET state = 'SETTLED' WHERE id = :id")
                      .bind("id", r.attemptId())
                      .execute();
                  ResultStore.insert(h, r);
                }
              });
      try (Database v7 =
          Database.connect(
              new DbConfig(url, ScratchDatabase.USER, ScratchDatabase.PASSWORD, 2, 5000))) {
        assertThat(v7.results().tally(campaign))
            .isEqualTo(resultRowsByDialResult(v7, campaign))
            .isNotEmpty();
        assertThat(v7.campaigns().campaignCounts(campaign).dialed()).isEqualTo(30);
      }
    } finally {
      try (Connection c = ScratchDatabase.admin();
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  /** Reserves {@code n} attempts, marks them sent and makes a result for each, outcomes mixed. */
  private static List<ResultRow> sentResults(Database db, String campaign, int n) {
    Instant now = Instant.now();
    List<Reservation> reserved = StoreIT.reserveOnOldSchema(db, campaign, "tally", n, now);
    assertThat(reserved).hasSize(n);
    List<ResultRow> rows = new ArrayList<>();
    for (int i = 0; i < reserved.size(); i++) {
      Reservation r = reserved.get(i);
      db.attempts().markOriginateSent(r.attemptId(), "{}", now);
      rows.add(StoreIT.resultOf(r, campaign, OUTCOMES.get(i % OUTCOMES.size()).code(), now));
    }
    return rows;
  }

  private static long count(List<ResultRow> rows, DialResult d) {
    return rows.stream().filter(r -> r.resDial() == d.code()).count();
  }

  private static Map<Integer, Long> resultRowsByDialResult(Database db, String campaign) {
    Map<Integer, Long> m = new TreeMap<>();
    db.jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT res_dial, COUNT(*) AS n FROM result WHERE campaign_id = :c"
                            + " GROUP BY res_dial")
                    .bind("c", campaign)
                    .map((rs, ctx) -> Map.entry(rs.getInt("res_dial"), rs.getLong("n")))
                    .forEach(e -> m.put(e.getKey(), e.getValue())));
    return m;
  }
}
