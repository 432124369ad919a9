package io.outdial.api.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.store.Rows.CampaignCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a campaign read keeps: computed once per campaign per half max age, never older. */
class CampaignReadsTest {
  private final AtomicLong nanos = new AtomicLong(1);
  private final List<String> countsLoaded = new ArrayList<>();
  private final List<String> problemsLoaded = new ArrayList<>();
  private long dialed;

  private final CampaignReads reads =
      new CampaignReads(
          id -> {
            countsLoaded.add(id);
            return new CampaignCounts(0, dialed, 0, 0, 0, 0, dialed, 0);
          },
          id -> new io.outdial.store.CampaignStore.Pace(null, 0),
          id -> {
            problemsLoaded.add(id);
            return Optional.empty();
          },
          Runnable::run,
          nanos::get,
          Duration.ofSeconds(1));

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void readsWithinHalfTheMaxAgeShareOneComputation() {
    dialed = 5;
    for (int i = 0; i < 1000; i++) {
      assertThat(reads.counts("a").dialed()).isEqualTo(5);
      assertThat(reads.problem("a")).isEmpty();
    }
    advance(Duration.ofMillis(400));
    reads.counts("a");
    assertThat(countsLoaded).containsExactly("a");
    assertThat(problemsLoaded).containsExactly("a");
    // Another campaign is computed on its own.
    reads.counts("b");
    assertThat(countsLoaded).containsExactly("a", "b");
  }

  @Test
  void aReadPastHalfTheMaxAgeComputesAgainAndNoneSeesOlderThanTheMaxAge() {
    dialed = 5;
    reads.counts("a");
    dialed = 7;
    advance(Duration.ofMillis(600));
    // Refreshed past half the max age (in the background; this executor runs it at once).
    reads.counts("a");
    assertThat(reads.counts("a").dialed()).isEqualTo(7);
    assertThat(countsLoaded).hasSize(2);
    dialed = 9;
    // Not read for longer than the max age: the next read waits for a fresh computation.
    advance(Duration.ofSeconds(5));
    assertThat(reads.counts("a").dialed()).isEqualTo(9);
    assertThat(countsLoaded).hasSize(3);
  }

  @Test
  void anOperatorActionDropsWhatIsKept() {
    dialed = 5;
    reads.counts("a");
    reads.problem("a");
    dialed = 6;
    reads.changed("a");
    assertThat(reads.counts("a").dialed()).isEqualTo(6);
    reads.problem("a");
    assertThat(countsLoaded).hasSize(2);
    assertThat(problemsLoaded).hasSize(2);
  }

  @Test
  void aReadThatFindsTheStatusChangedDropsWhatIsKept() {
    dialed = 3;
    reads.counts("a");
    dialed = 5;
    reads.seen("a", 1);
    assertThat(reads.counts("a").dialed()).as("first status seen: computed again").isEqualTo(5);
    dialed = 200;
    reads.seen("a", 1);
    assertThat(reads.counts("a").dialed()).as("same status: kept").isEqualTo(5);
    reads.seen("a", 0);
    assertThat(reads.counts("a").dialed()).as("moved to STOP: computed again").isEqualTo(200);
    assertThat(countsLoaded).hasSize(3);
  }
}
