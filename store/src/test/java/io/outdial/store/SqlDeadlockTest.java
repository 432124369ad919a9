package io.outdial.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqlDeadlockTest {
  /** As JDBI hands on Connector/J's answer to a batch InnoDB rolled back. */
  private static RuntimeException deadlock() {
    return new IllegalStateException(
        "UnableToExecuteStatementException",
        new BatchUpdateException(
            "Deadlock found when trying to get lock; try restarting transaction",
            "40001",
            1213,
            new int[0]));
  }

  @Test
  void aDeadlockAnywhereInTheCausesIsOneAndOtherFailuresAreNot() {
    assertThat(Sql.isDeadlock(deadlock())).isTrue();
    assertThat(Sql.isDeadlock(new SQLException("Lock wait timeout exceeded", "HY000", 1205)))
        .isFalse();
    assertThat(Sql.isDeadlock(new RuntimeException("Data too long for column"))).isFalse();
  }

  @Test
  void aTransactionThatDeadlockedRunsAgainUntilItGoesThrough() {
    AtomicInteger runs = new AtomicInteger();
    String answer =
        Sql.retryDeadlocks(
            5,
            () -> {
              if (runs.incrementAndGet() < 3) {
                throw deadlock();
              }
              return "reserved";
            });
    assertThat(answer).isEqualTo("reserved");
    assertThat(runs).hasValue(3);
  }

  @Test
  void itGivesUpAfterItsTriesAndNeverRunsAgainOnAnyOtherFailure() {
    AtomicInteger runs = new AtomicInteger();
    assertThatThrownBy(
            () ->
                Sql.retryDeadlocks(
                    3,
                    () -> {
                      runs.incrementAndGet();
                      throw deadlock();
                    }))
        .hasRootCauseInstanceOf(BatchUpdateException.class);
    assertThat(runs).hasValue(3);
    runs.set(0);
    assertThatThrownBy(
            () ->
                Sql.retryDeadlocks(
                    3,
                    () -> {
                      runs.incrementAndGet();
                      throw new IllegalArgumentException("Data too long");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(runs).hasValue(1);
  }
}
