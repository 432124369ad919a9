package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.EventStore.EventRow;
import io.outdial.store.Rows.ResultRow;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The campaigns' events (V8): one per result recorded and per change of status, in seq order, none
 * for a step that runs again.
 */
class EventStoreIT {
  private static ScratchDatabase scratch;
  private static Database store;

  @BeforeAll
  static void createDatabase() throws SQLException {
    scratch = ScratchDatabase.create("outdial_it_events", 4);
    store = scratch.database();
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (scratch != null) {
      scratch.close();
    }
  }

  @Test
  void resultsAndStatusChangesAreEventsInOrderOnceEach() {
    String campaign = StoreIT.seedCampaign(store, 6);
    // Seeded in START; stopped first, so that the START below is a move to START.
    store.campaigns().updateCampaignStatus(campaign, 0, "seeded");
    assertThat(store.campaigns().pace(campaign, Instant.now()).startedAt()).isNull();
    long before = store.events().lastSeq();
    Instant now = Instant.now();
    List<Reservation> reserved = store.attempts().reserveAttempts(campaign, "ev", 6, now);
    List<ResultRow> rows = new ArrayList<>();
    for (Reservation r : reserved) {
      store.attempts().markOriginateSent(r.attemptId(), "{}", now);
      rows.add(StoreIT.resultOf(r, campaign, 4, now));
    }
    store.campaigns().updateCampaignStatus(campaign, 1, "started by alice");
    store.campaigns().updateCampaignStatus(campaign, 1, "started by alice"); // again: no event
    store.attempts().settleAll(rows.subList(0, 4), 0);
    store.attempts().settleAll(rows.subList(0, 4), 0); // again: no event
    store.attempts().settle(rows.get(4), 0);
    store.campaigns().updateCampaignStatus(campaign, 0, "dial list finished");

    // Its pace: when it moved to START, and its results of the last minute.
    CampaignStore.Pace pace = store.campaigns().pace(campaign, Instant.now());
    assertThat(pace.startedAt()).isNotNull().isBeforeOrEqualTo(Instant.now());
    assertThat(pace.resultsLastMinute()).isEqualTo(5);
    assertThat(store.campaigns().pace(campaign, Instant.now().plusSeconds(120)).resultsLastMinute())
        .isZero();
    List<EventRow> events = store.events().eventsAfter(before, 100);
    assertThat(events)
        .extracting(EventRow::kind)
        .containsExactly("status", "result", "result", "result", "result", "result", "status");
    assertThat(events).extracting(EventRow::campaignId).containsOnly(campaign);
    assertThat(events).extracting(EventRow::seq).isSorted().doesNotHaveDuplicates();
    assertThat(events.subList(1, 6))
        .extracting(e -> e.result().id())
        .containsExactlyElementsOf(rows.subList(0, 5).stream().map(ResultRow::id).toList());
    assertThat(events.get(1).result().resDial()).isEqualTo(4);
    assertThat(events.get(0).status()).isEqualTo(1);
    assertThat(events.get(0).reason()).isEqualTo("started by alice");
    assertThat(events.get(0).result()).isNull();
    assertThat(events.get(6).reason()).isEqualTo("dial list finished");
    // Read in pages, and after the last one.
    assertThat(store.events().eventsAfter(before, 2)).hasSize(2);
    assertThat(store.events().eventsAfter(events.get(6).seq(), 100)).isEmpty();
    assertThat(store.events().lastSeq()).isEqualTo(events.get(6).seq());
    assertThat(store.events().seqStep()).isPositive();
    // Kept until the retention has passed.
    assertThat(store.events().purgeBefore(now.minusSeconds(60), 1000)).isZero();
    assertThat(store.events().purgeBefore(Instant.now().plusSeconds(1), 1000))
        .isGreaterThanOrEqualTo(7);
    assertThat(store.events().eventsAfter(before, 100)).isEmpty();
  }
}
