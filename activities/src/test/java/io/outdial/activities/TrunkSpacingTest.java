package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One worker's sends through a trunk with a rate: one at a time, each a gap after the last. */
class TrunkSpacingTest {
  @Test
  void sendsFromManyThreadsLeaveOneAtATimeAtLeastTheTrunksGapApart() throws Exception {
    // 20/s less 5%: 52.5 ms apart.
    TrunkGate.Spacing spacing = new TrunkGate.Spacing(20);
    List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 8; i++) {
      pool.submit(
          () -> {
            spacing.acquire();
            try {
              sentAt.add(System.nanoTime());
            } finally {
              spacing.release(true);
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    List<Long> sorted = new ArrayList<>(sentAt);
    Collections.sort(sorted);
    assertThat(sorted).hasSize(8);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i) - sorted.get(i - 1))
          .as("gap %d", i)
          .isGreaterThanOrEqualTo(52_500_000L);
    }
  }

  @Test
  void aCallNotSentLeavesNoGapBehindIt() {
    TrunkGate.Spacing spacing = new TrunkGate.Spacing(1);
    spacing.acquire();
    spacing.release(false);
    long before = System.nanoTime();
    spacing.acquire();
    spacing.release(true);
    assertThat(System.nanoTime() - before).isLessThan(500_000_000L);
  }
}
