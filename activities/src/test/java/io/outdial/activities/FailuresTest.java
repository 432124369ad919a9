package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.time.DateTimeException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

/** Which activity failures are retried and which are permanent (issue #10). */
class FailuresTest {
  private static RuntimeException viaJdbi(SQLException e) {
    return new UnableToExecuteStatementException(e, null);
  }

  private static ApplicationFailure permanent(RuntimeException e) {
    RuntimeException out = Failures.classify(e);
    assertThat(out).as("classified %s", e).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure f = (ApplicationFailure) out;
    assertThat(f.isNonRetryable()).isTrue();
    return f;
  }

  @Test
  void valuesTheDatabaseRefusesArePermanent() {
    // What MariaDB answers for a status reason of 1,100 characters, through Connector/J.
    ApplicationFailure tooLong =
        permanent(
            viaJdbi(
                new SQLDataException(
                    "Data truncation: Data too long for column 'status_reason' at row 1",
                    "22001",
                    1406)));
    assertThat(tooLong.getType()).isEqualTo(Failures.DATA_REJECTED);
    assertThat(tooLong.getOriginalMessage())
        .isEqualTo(
            "the database refused the write: "
                + "Data truncation: Data too long for column 'status_reason' at row 1");
    assertThat(
            permanent(viaJdbi(new SQLException("Incorrect string value", "HY000", 1366))).getType())
        .isEqualTo(Failures.DATA_REJECTED);
    assertThat(
            permanent(
                    viaJdbi(
                        new SQLIntegrityConstraintViolationException(
                            "Cannot add or update a child row", "23000", 1452)))
                .getType())
        .isEqualTo(Failures.CONSTRAINT_VIOLATED);
  }

  @Test
  void badValuesInTheCodeArePermanent() {
    assertThat(permanent(new NumberFormatException("For input string: \"start\"")).getType())
        .isEqualTo(Failures.BAD_VALUE);
    assertThat(
            permanent(
                    new IllegalStateException(
                        "stored JSON is unreadable", new DateTimeException("Invalid date")))
                .getType())
        .isEqualTo(Failures.BAD_VALUE);
  }

  @Test
  void anOutageIsRetried() {
    RuntimeException[] transients = {
      viaJdbi(new SQLTransientConnectionException("Connection is not available", "08001")),
      viaJdbi(new SQLException("Communications link failure", "08S01", 0)),
      viaJdbi(new SQLException("Lock wait timeout exceeded", "HY000", 1205)),
      viaJdbi(new SQLException("Deadlock found", "40001", 1213)),
      new IllegalStateException("pool is closed"),
      new java.io.UncheckedIOException(new java.io.IOException("connection reset")),
    };
    for (RuntimeException e : transients) {
      assertThat(Failures.classify(e)).as("%s", e).isSameAs(e);
    }
  }

  @Test
  void anActivitysOwnDecisionIsKept() {
    ApplicationFailure retryable =
        ApplicationFailure.newFailure(
            "AMI is not connected", "AmiNotConnected", new NumberFormatException());
    assertThat(Failures.classify(retryable)).isSameAs(retryable);
  }
}
