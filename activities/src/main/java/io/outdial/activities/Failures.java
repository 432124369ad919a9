package io.outdial.activities;

import com.fasterxml.jackson.core.JacksonException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.DateTimeException;
import java.util.Set;

/**
 * Sorts what an activity throws into transient failures, which Temporal retries (the database or
 * Asterisk is away, a lock timed out), and permanent ones, which no retry can mend (a value the
 * database refuses, a broken constraint, a value that cannot be read): those become non-retryable
 * {@link ApplicationFailure}s of the types below, which the workflows settle instead of waiting on
 * for ever. What it cannot place is left as it was (retried).
 *
 * <p>Installed on the worker as an interceptor ({@link Interceptor}), so that every activity,
 * present and future, is classified the same way.
 */
public final class Failures {
  private Failures() {}

  /** The database refused a value: too long, out of range, not valid in the column's type. */
  public static final String DATA_REJECTED = "DataRejected";

  /** The database refused a write that breaks a key or a foreign key. */
  public static final String CONSTRAINT_VIOLATED = "ConstraintViolated";

  /** A value the code cannot use: not a number, not a date, not valid JSON. */
  public static final String BAD_VALUE = "BadValue";

  /**
   * MariaDB/MySQL error codes that say a value does not fit, whatever SQLSTATE Connector/J maps
   * them to: 1406 data too long, 1264 out of range, 1265 data truncated, 1366 incorrect string
   * value, 1292 incorrect date/time value, 1048 column cannot be null, 1452/1451 foreign key, 1062
   * duplicate key.
   */
  private static final Set<Integer> DATA_CODES = Set.of(1406, 1264, 1265, 1366, 1292);

  private static final Set<Integer> CONSTRAINT_CODES = Set.of(1048, 1062, 1451, 1452);

  /** 1205 lock wait timeout, 1213 deadlock: a retry succeeds. */
  private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213);

  /**
   * {@code e} as it should leave the activity: a non-retryable ApplicationFailure when it is
   * permanent, else {@code e} itself.
   */
  public static RuntimeException classify(RuntimeException e) {
    if (e instanceof TemporalFailure) {
      return e; // the activity decided itself
    }
    String type = permanentType(e);
    if (type == null) {
      return e;
    }
    return ApplicationFailure.newNonRetryableFailureWithCause(describe(type, e), type, e);
  }

  /** The permanent failure type of {@code e}, or null when it is transient or unknown. */
  static String permanentType(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return sqlType(s); // the database's own word decides
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException
          || t instanceof DateTimeException
          || t instanceof ArithmeticException
          || t instanceof JacksonException) {
        return BAD_VALUE;
      }
    }
    return null;
  }

  private static String sqlType(SQLException s) {
    if (s instanceof SQLTransientException
        || s instanceof SQLRecoverableException
        || TRANSIENT_CODES.contains(s.getErrorCode())) {
      return null;
    }
    String state = s.getSQLState() == null ? "" : s.getSQLState();
    if (state.startsWith("08") || state.startsWith("40")) {
      return null; // connection lost, transaction rolled back
    }
    if (state.startsWith("22") || DATA_CODES.contains(s.getErrorCode())) {
      return DATA_REJECTED;
    }
    if (state.startsWith("23") || CONSTRAINT_CODES.contains(s.getErrorCode())) {
      return CONSTRAINT_VIOLATED;
    }
    return null;
  }

  private static String describe(String type, Throwable e) {
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      root = t;
      if (t instanceof SQLException) {
        break;
      }
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return (type.equals(BAD_VALUE) ? "bad value: " : "the database refused the write: ") + message;
  }

  /** Classifies what every activity of a worker throws. */
  public static final class Interceptor extends WorkerInterceptorBase {
    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
      return new ActivityInboundCallsInterceptorBase(next) {
        @Override
        public ActivityOutput execute(ActivityInput input) {
          try {
            return super.execute(input);
          } catch (RuntimeException e) {
            throw classify(e);
          }
        }
      };
    }
  }
}
