package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Rows.CampaignRow;
import io.outdial.store.Rows.DestinationRow;
import io.outdial.store.Rows.DlmaRow;
import io.outdial.store.Rows.EntryRow;
import io.outdial.store.Rows.PlanRow;
import io.outdial.store.Rows.ResultRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's multi-step changes on a real MariaDB: reservation, at-most-once, settling. */
class StoreIT {
  private static ScratchDatabase scratch;
  private static Database database;
  private Database store;
  private String campaignId;

  @BeforeAll
  static void createDatabase() throws SQLException {
    scratch = ScratchDatabase.create("outdial_it_store", 8);
    database = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (scratch != null) {
      scratch.close();
    }
  }

  @BeforeEach
  void campaign() {
    store = database;
    campaignId = seedCampaign(store, 5);
  }

  /**
   * The result of a reserved attempt marked sent, with dial result {@code resDial} (hangup cause
   * 16), as the worker records one.
   */
  static ResultRow resultOf(Reservation r, String campaignId, int resDial, Instant now) {
    return new ResultRow(
        UUID.randomUUID().toString(),
        r.attemptId(),
        campaignId,
        r.entryId(),
        6,
        "[]",
        resDial,
        16,
        "Normal Clearing",
        null,
        null,
        r.number(),
        1,
        1,
        "{}",
        now,
        now,
        now);
  }

  /**
   * A plan, a queue destination, a list of {@code entries} entries (the first with a second number)
   * and a campaign in START on them; returns the campaign's id.
   */
  /**
   * Reserves {@code n} attempts on each entry's first number, oldest entries first, with plain SQL:
   * as the store did on schemas older than V10 (whose reservations look up do-not-call tables), for
   * tests that seed rows on an old schema and then migrate it.
   */
  static List<Reservation> reserveOnOldSchema(
      Database db, String campaign, String key, int n, Instant now) {
    return db.jdbi()
        .inTransaction(
            h -> {
              String dlma =
                  h.createQuery("SELECT dlma_id FROM campaign WHERE id = :c")
                      .bind("c", campaign)
                      .mapTo(String.class)
                      .one();
              List<Map<String, Object>> entries =
                  h.createQuery(
                          "SELECT id, number1, try_count1 FROM dl_entry WHERE dlma_id = :d"
                              + " AND status = 0 ORDER BY seq LIMIT :n")
                      .bind("d", dlma)
                      .bind("n", n)
                      .mapToMap()
                      .list();
              List<Reservation> out = new ArrayList<>();
              for (Map<String, Object> e : entries) {
                String id = UUID.randomUUID().toString();
                int tries = ((Number) e.get("try_count1")).intValue() + 1;
                h.createUpdate(
                        "INSERT INTO attempt (id, campaign_id, entry_id, reservation_key,"
                            + " number_index, number, try_count, state, created_at)"
                            + " VALUES (:id, :c, :e, :k, 1, :number, :tries, 'RESERVED', :now)")
                    .bind("id", id)
                    .bind("c", campaign)
                    .bind("e", e.get("id"))
                    .bind("k", key)
                    .bind("number", e.get("number1"))
                    .bind("tries", tries)
                    .bind("now", Sql.ts(now))
                    .execute();
                h.createUpdate(
                        "UPDATE dl_entry SET status = 2, try_count1 = try_count1 + 1,"
                            + " total_tries = total_tries + 1 WHERE id = :e")
                    .bind("e", e.get("id"))
                    .execute();
                out.add(
                    new Reservation(id, (String) e.get("id"), 1, (String) e.get("number1"), tries));
              }
              return out;
            });
  }

  static String seedCampaign(Database store, int entryCount) {
    String plan = UUID.randomUUID().toString();
    store
        .catalogue()
        .insertPlan(
            new PlanRow(
                plan,
                "p",
                null,
                0,
                30000,
                null,
                "Local/",
                "targets",
                60,
                List.of(2, 1, 1, 1, 1, 1, 1, 1),
                0,
                1,
                Map.of(),
                null,
                null,
                null,
                null));
    String dest = UUID.randomUUID().toString();
    store
        .catalogue()
        .insertDestination(
            new DestinationRow(dest, "d", null, 1, null, null, null, "Queue", "sales", Map.of()));
    String dlma = UUID.randomUUID().toString();
    store.catalogue().insertDlma(new DlmaRow(dlma, "l", null, Map.of()));
    List<EntryRow> entries = new ArrayList<>();
    for (int i = 0; i < entryCount; i++) {
      entries.add(
          new EntryRow(
              UUID.randomUUID().toString(),
              dlma,
              "c" + i,
              null,
              List.of("10" + i, i == 0 ? "20" + i : "", "", "", "", "", "", ""),
              null,
              null,
              Map.of(),
              null,
              0,
              List.of(0, 0, 0, 0, 0, 0, 0, 0),
              null,
              null,
              null,
              null));
    }
    store.entries().insertEntries(entries);
    String campaign = UUID.randomUUID().toString();
    store
        .campaigns()
        .insertCampaign(
            new CampaignRow(campaign, "c", null, plan, dest, dlma, "{}", null, 1, null));
    return campaign;
  }

  @Test
  void aReservationKeyReservesOnceHoweverOftenItIsRetried() {
    Instant now = Instant.now();
    List<Reservation> first = store.attempts().reserveAttempts(campaignId, "k1", 3, now);
    List<Reservation> again = store.attempts().reserveAttempts(campaignId, "k1", 3, now);
    assertThat(first).hasSize(3);
    assertThat(again).containsExactlyInAnyOrderElementsOf(first);
    assertThat(store.attempts().reserveAttempts(campaignId, "k2", 10, now)).hasSize(2);
    assertThat(store.attempts().reserveAttempts(campaignId, "k3", 10, now)).isEmpty();
    assertThat(store.attempts().listProgress(campaignId, now).inFlight()).isEqualTo(5);
  }

  @Test
  void concurrentReservationsNeverTakeTheSameEntry() throws Exception {
    List<Reservation> all = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String key = "concurrent-" + i;
      Thread t =
          new Thread(
              () ->
                  all.addAll(store.attempts().reserveAttempts(campaignId, key, 5, Instant.now())));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(all).hasSize(5);
    assertThat(all.stream().map(Reservation::entryId).distinct()).hasSize(5);
  }

  @Test
  void reservationsSideBySideThatDeadlockAreRunAgainAndNoneFails() throws Exception {
    // InnoDB deadlocks reservations side by side now and then (the fresh-clone CI saw one in the
    // test above): many rounds of 6 at once, each round on a list of its own.
    for (int round = 0; round < 15; round++) {
      String campaign = seedCampaign(store, 24);
      List<Reservation> all = Collections.synchronizedList(new ArrayList<>());
      List<Throwable> failed = Collections.synchronizedList(new ArrayList<>());
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String key = "round-" + round + "-" + i;
        Thread t =
            new Thread(
                () -> {
                  try {
                    all.addAll(store.attempts().reserveAttempts(campaign, key, 4, Instant.now()));
                  } catch (Throwable e) {
                    failed.add(e);
                  }
                });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(failed).as("round %d", round).isEmpty();
      assertThat(all).as("round %d", round).hasSize(24);
      assertThat(all.stream().map(Reservation::entryId).distinct()).hasSize(24);
    }
  }

  @Test
  void theOriginateIsMarkedSentOnlyOnce() {
    Reservation r = store.attempts().reserveAttempts(campaignId, "k", 1, Instant.now()).get(0);
    assertThat(store.attempts().markOriginateSent(r.attemptId(), "{}", Instant.now())).isTrue();
    assertThat(store.attempts().markOriginateSent(r.attemptId(), "{}", Instant.now())).isFalse();
    assertThat(store.attempts().attemptsInFlight(CampaignStore.DEFAULT_PBX))
        .extracting(Rows.AttemptRow::id)
        .contains(r.attemptId());
  }

  @Test
  void noOriginateIsMarkedOnceTheCampaignStoppedDialing() {
    Reservation r = store.attempts().reserveAttempts(campaignId, "k", 1, Instant.now()).get(0);
    store.campaigns().updateCampaignStatus(campaignId, 10, "stopped by test");
    assertThat(store.attempts().markOriginateSent(r.attemptId(), "{}", Instant.now())).isFalse();
    store.attempts().releaseAttempts(List.of(r.attemptId()));
    assertThat(store.attempts().findAttempt(r.attemptId())).isEmpty();
    EntryRow e = store.entries().findEntry(r.entryId()).orElseThrow();
    assertThat(e.tryCounts().get(0)).isZero();
    assertThat(e.status()).isZero();
  }

  @Test
  void entriesInAClosedZoneAreNotPicked() throws SQLException {
    try (Connection c = ScratchDatabase.admin();
        Statement s = c.createStatement()) {
      s.execute(
          "UPDATE "
              + scratch.name()
              + ".dl_entry e JOIN "
              + scratch.name()
              + ".campaign k ON k.dlma_id = e.dlma_id"
              + " SET e.timezone = 'Asia/Tokyo' WHERE k.id = '"
              + campaignId
              + "' AND e.number1 = '100'");
    }
    assertThat(store.attempts().openEntryTimezones(campaignId)).containsExactly("Asia/Tokyo");
    List<Reservation> closed =
        store.attempts().reserveAttempts(campaignId, "z1", 10, Instant.now(), List.of());
    assertThat(closed).hasSize(4).extracting(Reservation::number).doesNotContain("100");
    List<Reservation> open =
        store
            .attempts()
            .reserveAttempts(campaignId, "z2", 10, Instant.now(), List.of("Asia/Tokyo"));
    assertThat(open).extracting(Reservation::number).containsExactly("100");
  }

  @Test
  void settlingWritesOneResultAndRetriesTheNextNumberAfterTheDelay() {
    Instant now = Instant.now();
    List<Reservation> rs = store.attempts().reserveAttempts(campaignId, "k", 5, now);
    Reservation first = rs.stream().filter(r -> r.number().equals("100")).findFirst().orElseThrow();
    assertThat(first.numberIndex()).isEqualTo(1);
    store.attempts().markOriginateSent(first.attemptId(), "{}", now);
    ResultRow row =
        new ResultRow(
            UUID.randomUUID().toString(),
            first.attemptId(),
            campaignId,
            first.entryId(),
            6,
            "[]",
            5,
            17,
            "User busy",
            null,
            "Local/100@targets-1;1",
            "100",
            1,
            1,
            "{}",
            now,
            now,
            now);
    assertThat(store.attempts().settle(row, 60)).isTrue();
    assertThat(store.attempts().settle(row, 60)).as("a second settle changes nothing").isFalse();
    assertThat(store.results().resultsOfCampaign(campaignId, 0, 100)).hasSize(1);

    EntryRow entry = store.entries().findEntry(first.entryId()).orElseThrow();
    assertThat(entry.resDial()).isEqualTo(5);
    assertThat(entry.tryCounts().get(0)).isEqualTo(1);
    // Not eligible before the retry delay, then number 1 again (max 2), then number 2.
    assertThat(store.attempts().reserveAttempts(campaignId, "k-early", 5, now.plusSeconds(30)))
        .isEmpty();
    AttemptStore.ListProgress p = store.attempts().listProgress(campaignId, now.plusSeconds(30));
    assertThat(p.waiting()).isEqualTo(1);
    assertThat(p.nextRetryAt()).isNotNull();
    List<Reservation> later =
        store.attempts().reserveAttempts(campaignId, "k-late", 5, now.plusSeconds(61));
    assertThat(later).hasSize(1);
    assertThat(later.get(0).numberIndex()).isEqualTo(1);
    assertThat(later.get(0).tryCount()).isEqualTo(2);
  }

  @Test
  void anAnsweredEntryIsNeverPickedAgain() {
    Instant now = Instant.now();
    Reservation r =
        store.attempts().reserveAttempts(campaignId, "k", 5, now).stream()
            .filter(x -> x.number().equals("100"))
            .findFirst()
            .orElseThrow();
    store.attempts().markOriginateSent(r.attemptId(), "{}", now);
    store
        .attempts()
        .settle(
            new ResultRow(
                UUID.randomUUID().toString(),
                r.attemptId(),
                campaignId,
                r.entryId(),
                6,
                "[]",
                4,
                16,
                "Normal Clearing",
                null,
                null,
                "100",
                1,
                1,
                "{}",
                now,
                now,
                now),
            0);
    List<Reservation> later =
        store.attempts().reserveAttempts(campaignId, "k2", 5, now.plusSeconds(5));
    assertThat(later).extracting(Reservation::entryId).doesNotContain(r.entryId());
  }

  @Test
  void aResultLinksToTheRunThatOriginatedItAndTheRunThatRecordedIt() {
    Instant now = Instant.now();
    List<Reservation> reserved = store.attempts().reserveAttempts(campaignId, "runs", 2, now);
    Reservation sent = reserved.get(0);
    Reservation before = reserved.get(1);
    String lane = "campaign-" + campaignId + "/lane-default-1";
    assertThat(
            store
                .attempts()
                .markOriginateSent(
                    sent.attemptId(), "{}", now, new Rows.WorkflowRun(lane, "run-that-sent")))
        .isTrue();
    // Marked as before the change: no run kept.
    store.attempts().markOriginateSent(before.attemptId(), "{}", now);
    for (Reservation r : reserved) {
      store
          .attempts()
          .settleAll(
              List.of(
                  new ResultRow(
                          UUID.randomUUID().toString(),
                          r.attemptId(),
                          campaignId,
                          r.entryId(),
                          6,
                          "[]",
                          4,
                          16,
                          "Normal Clearing",
                          null,
                          null,
                          r.number(),
                          1,
                          1,
                          "{}",
                          now,
                          now,
                          now)
                      .recordedBy("run-that-recorded")),
              0);
    }
    assertThat(store.results().findResultOfAttempt(sent.attemptId()).orElseThrow().runs())
        .isEqualTo(new Rows.Runs(lane, "run-that-sent", "run-that-recorded"));
    assertThat(store.results().findResultOfAttempt(before.attemptId()).orElseThrow().runs())
        .isEqualTo(new Rows.Runs(null, null, "run-that-recorded"));
  }

  @Test
  void settlingABatchTwiceWritesEachResultOnceAndSaysWhichWereNew() {
    Instant now = Instant.now();
    List<Reservation> reserved = store.attempts().reserveAttempts(campaignId, "twice", 3, now);
    List<ResultRow> rows = new ArrayList<>();
    for (Reservation r : reserved) {
      store.attempts().markOriginateSent(r.attemptId(), "{}", now);
      rows.add(
          new ResultRow(
              UUID.randomUUID().toString(),
              r.attemptId(),
              campaignId,
              r.entryId(),
              6,
              "[]",
              4,
              16,
              "Normal Clearing",
              null,
              null,
              r.number(),
              1,
              1,
              "{}",
              now,
              now,
              now));
    }
    assertThat(store.attempts().settleAll(rows.subList(0, 1), 0)).containsExactly(true);
    // The first again, beside two new ones and a duplicate of one of them in the same batch.
    List<ResultRow> again = new ArrayList<>(rows);
    again.add(rows.get(2));
    assertThat(store.attempts().settleAll(again, 0)).containsExactly(false, true, true, false);
    for (Reservation r : reserved) {
      assertThat(store.results().findResultOfAttempt(r.attemptId())).isPresent();
    }
    assertThat(store.results().resultsOfCampaign(campaignId, 0, 100))
        .extracting(ResultRow::attemptId)
        .filteredOn(id -> reserved.stream().anyMatch(r -> r.attemptId().equals(id)))
        .hasSize(3);
  }

  @Test
  void aNumberOnADoNotCallListIsHeldBackWhenItIsReservedAndTheNextNumberTakenInstead() {
    String campaign = seedCampaign(store, 3); // entry 0: 100 then 200; entry 1: 101; entry 2: 102
    String list = UUID.randomUUID().toString();
    Instant now = Instant.now();
    store.dnc().createList(new DncStore.DncListRow(list, "complaints", null, true, 0, now, now));
    try {
      store.dnc().addNumbers(list, List.of("100", "101"), now);
      List<Reservation> reserved = store.attempts().reserveAttempts(campaign, "dnc-1", 3, now);
      assertThat(reserved).extracting(Reservation::number).containsExactlyInAnyOrder("200", "102");
      assertThat(reserved)
          .filteredOn(r -> r.number().equals("200"))
          .singleElement()
          .satisfies(r -> assertThat(r.numberIndex()).isEqualTo(2));
      // The held-back numbers have their results, and are not handed out again by a retry.
      List<java.util.Map<String, Object>> held =
          store
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT r.number, r.dialing_status, r.detail, a.state FROM result r"
                                  + " JOIN attempt a ON a.id = r.attempt_id"
                                  + " WHERE r.campaign_id = :c ORDER BY r.number")
                          .bind("c", campaign)
                          .mapToMap()
                          .list());
      assertThat(held).extracting(m -> m.get("number")).containsExactly("100", "101");
      assertThat(held)
          .allSatisfy(
              m -> {
                assertThat(((Number) m.get("dialing_status")).intValue()).isEqualTo(10);
                assertThat(m.get("detail"))
                    .isEqualTo("not dialed: the number is on the do-not-call list complaints");
                assertThat(m.get("state")).isEqualTo("SETTLED");
              });
      assertThat(store.attempts().reserveAttempts(campaign, "dnc-1", 3, now))
          .containsExactlyInAnyOrderElementsOf(reserved);
      assertThat(store.campaigns().campaignCounts(campaign).heldBackDnc()).isEqualTo(2);
      // Nothing else is left: 100 has no tries left, 101's entry no number.
      assertThat(store.attempts().reserveAttempts(campaign, "dnc-2", 3, now)).isEmpty();
    } finally {
      store.dnc().deleteList(list);
    }
  }
}
