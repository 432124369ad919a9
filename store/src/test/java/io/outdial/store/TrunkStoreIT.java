package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.TrunkStore.Answer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trunk's limits across campaigns on MariaDB ({@link TrunkStore#take}): channels, fair shares and
 * moments, and no channel handed out twice when many callers on several campaigns ask at once.
 */
class TrunkStoreIT {
  private static ScratchDatabase scratch;

  private static Database database;

  @BeforeAll
  static void createDatabase() throws Exception {
    scratch = ScratchDatabase.create("outdial_it_trunk", 16);
    database = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (scratch != null) {
      scratch.close();
    }
  }

  /** A PBX with one trunk of these limits; returns the trunk's id. */
  private static String trunk(Integer channels, Double cps) {
    return ScratchDatabase.newTrunk(database, 5038, channels, cps);
  }

  /** A campaign in START of {@code entries} entries whose plan dials through {@code trunk}. */
  private static String campaignOn(String trunk, int entries) {
    String campaign = StoreIT.seedCampaign(database, entries);
    ScratchDatabase.putOnTrunk(database, campaign, trunk);
    return campaign;
  }

  private static List<String> reserve(String campaign, int n) {
    return database
        .attempts()
        .reserveAttempts(campaign, UUID.randomUUID().toString(), n, Instant.now())
        .stream()
        .map(Reservation::attemptId)
        .toList();
  }

  private static Answer take(String trunk, String campaign, String attempt) {
    return database.trunks().take(trunk, attempt, campaign);
  }

  /** Marks it sent (a channel held until it is settled). */
  private static void send(String attempt) {
    assertThat(database.attempts().markOriginateSent(attempt, "{}", Instant.now())).isTrue();
  }

  /** Ends its call: its channel is free. */
  private static void settle(String attempt) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE attempt SET state = 'SETTLED' WHERE id = :id")
                    .bind("id", attempt)
                    .execute());
  }

  @Test
  void aTrunkGivesAsManyChannelsAsItHasAndOneMoreOnlyWhenACallEnds() {
    String trunk = trunk(3, null);
    String a = campaignOn(trunk, 5);
    List<String> calls = reserve(a, 5);
    for (int i = 0; i < 3; i++) {
      assertThat(take(trunk, a, calls.get(i)).kind()).isEqualTo(Answer.Kind.GO);
    }
    Answer full = take(trunk, a, calls.get(3));
    assertThat(full.kind()).isEqualTo(Answer.Kind.WAIT);
    assertThat(full.why()).isEqualTo("trunk carrier1 has all of its 3 channels in use");
    // Asking again for a call already given a channel counts it once, not twice.
    assertThat(take(trunk, a, calls.get(2)).kind()).isEqualTo(Answer.Kind.GO);
    // Sent, the calls still hold their channels; one ends and frees its own.
    send(calls.get(0));
    send(calls.get(1));
    assertThat(take(trunk, a, calls.get(3)).kind()).isEqualTo(Answer.Kind.WAIT);
    settle(calls.get(0));
    assertThat(take(trunk, a, calls.get(3)).kind()).isEqualTo(Answer.Kind.GO);
    // A call no longer reserved is told so, and given nothing.
    assertThat(take(trunk, a, calls.get(0)).kind()).isEqualTo(Answer.Kind.NOT_RESERVED);
    // Full again; a call seen to end frees its channel before its result is recorded.
    assertThat(take(trunk, a, calls.get(4)).kind()).isEqualTo(Answer.Kind.WAIT);
    database.attempts().markCallsEnded(List.of(calls.get(1)));
    assertThat(take(trunk, a, calls.get(4)).kind()).isEqualTo(Answer.Kind.GO);
  }

  @Test
  void twoCampaignsOnAFullTrunkShareItAndACampaignAloneUsesItAll() {
    String trunk = trunk(4, null);
    String a = campaignOn(trunk, 8);
    String b = campaignOn(trunk, 8);
    List<String> aCalls = reserve(a, 6);
    // Alone (b has nothing waiting), a may take every channel.
    for (int i = 0; i < 3; i++) {
      assertThat(take(trunk, a, aCalls.get(i)).kind()).isEqualTo(Answer.Kind.GO);
    }
    List<String> bCalls = reserve(b, 6);
    // b now waits with none: a, over its share of 2, waits for it.
    Answer over = take(trunk, a, aCalls.get(3));
    assertThat(over.kind()).isEqualTo(Answer.Kind.WAIT);
    assertThat(over.why()).contains("fair share of trunk carrier1 (2 of 4 channels)");
    assertThat(take(trunk, b, bCalls.get(0)).kind()).isEqualTo(Answer.Kind.GO);
    // The trunk is full; a's calls end one by one, and b gets each until it holds its share.
    assertThat(take(trunk, b, bCalls.get(1)).kind()).isEqualTo(Answer.Kind.WAIT);
    settle(aCalls.get(0));
    assertThat(take(trunk, a, aCalls.get(3)).kind()).isEqualTo(Answer.Kind.WAIT);
    assertThat(take(trunk, b, bCalls.get(1)).kind()).isEqualTo(Answer.Kind.GO);
    settle(aCalls.get(1));
    // Now 1 of a's and 2 of b's: a is below its share, b is at it.
    assertThat(take(trunk, b, bCalls.get(2)).kind()).isEqualTo(Answer.Kind.WAIT);
    assertThat(take(trunk, a, aCalls.get(3)).kind()).isEqualTo(Answer.Kind.GO);
  }

  @Test
  void movingTheTrunksMomentsOnByItsRate() {
    String trunk = trunk(null, 10.0);
    String a = campaignOn(trunk, 4);
    List<String> calls = reserve(a, 4);
    List<Long> waits = new ArrayList<>();
    for (String call : calls) {
      Answer go = take(trunk, a, call);
      assertThat(go.kind()).isEqualTo(Answer.Kind.GO);
      waits.add(go.waitMs());
    }
    // 105 ms apart (10/s less 5%): each call is told to wait about that much longer.
    assertThat(waits.get(0)).isBetween(0L, 20L);
    for (int i = 1; i < waits.size(); i++) {
      assertThat(waits.get(i) - waits.get(i - 1)).as("gap %d", i).isBetween(90L, 106L);
    }
    List<Long> slots =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT trunk_slot_us FROM attempt WHERE campaign_id = :c ORDER BY"
                                + " trunk_slot_us")
                        .bind("c", a)
                        .mapTo(Long.class)
                        .list());
    for (int i = 1; i < slots.size(); i++) {
      assertThat(slots.get(i) - slots.get(i - 1)).isEqualTo(105_000L);
    }
  }

  @Test
  void whileAnotherCampaignWaitsACampaignHoldsAtMostTwoMomentsAhead() {
    String trunk = trunk(null, 2.0);
    String a = campaignOn(trunk, 4);
    String b = campaignOn(trunk, 4);
    List<String> aCalls = reserve(a, 4);
    List<String> bCalls = reserve(b, 1);
    // The first moment is now (come already); the next two are ahead.
    for (int i = 0; i < 3; i++) {
      assertThat(take(trunk, a, aCalls.get(i)).kind()).isEqualTo(Answer.Kind.GO);
    }
    Answer fourth = take(trunk, a, aCalls.get(3));
    assertThat(fourth.kind()).isEqualTo(Answer.Kind.WAIT);
    assertThat(fourth.why())
        .isEqualTo("campaign holds its turn of trunk carrier1's calls per second");
    // Told to ask again when its first moment ahead has come: about 525 ms.
    assertThat(fourth.waitMs()).isBetween(400L, 526L);
    Answer bFirst = take(trunk, b, bCalls.get(0));
    assertThat(bFirst.kind()).isEqualTo(Answer.Kind.GO);
    // b's moment comes after a's three: 3 x 525 ms from a's first.
    assertThat(bFirst.waitMs()).isBetween(1400L, 1576L);
  }

  @Test
  void manyCallersOnThreeCampaignsNeverHoldMoreChannelsThanTheTrunkHas() throws Exception {
    int channels = 5;
    String trunk = trunk(channels, null);
    List<String> campaigns =
        List.of(campaignOn(trunk, 30), campaignOn(trunk, 30), campaignOn(trunk, 30));
    Map<String, List<String>> calls = new ConcurrentHashMap<>();
    for (String c : campaigns) {
      calls.put(c, Collections.synchronizedList(new ArrayList<>(reserve(c, 30))));
    }
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<?>> running = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      String campaign = campaigns.get(k % 3);
      running.add(
          pool.submit(
              () -> {
                while (true) {
                  String call;
                  synchronized (calls.get(campaign)) {
                    if (calls.get(campaign).isEmpty()) {
                      return null;
                    }
                    call = calls.get(campaign).remove(0);
                  }
                  while (take(trunk, campaign, call).kind() != Answer.Kind.GO) {
                    Thread.sleep(5);
                  }
                  send(call);
                  int now = holding.incrementAndGet();
                  peak.accumulateAndGet(now, Math::max);
                  served.computeIfAbsent(campaign, x -> new AtomicInteger()).incrementAndGet();
                  Thread.sleep(20);
                  // Freed before it is settled: the count here never runs behind the trunk's.
                  holding.decrementAndGet();
                  settle(call);
                }
              }));
    }
    for (Future<?> f : running) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(peak.get()).isLessThanOrEqualTo(channels).isGreaterThanOrEqualTo(3);
    for (String c : campaigns) {
      assertThat(served.get(c).get()).as("calls of %s", c).isEqualTo(30);
    }
  }
}
