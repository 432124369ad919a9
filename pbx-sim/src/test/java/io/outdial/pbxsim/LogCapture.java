package io.outdial.pbxsim;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what a logger (and its children) logs while open. */
final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    appender.start();
    logger.addAppender(appender);
  }

  /** Formatted messages that contain any of the fragments. */
  List<String> messagesContaining(String... fragments) {
    List<ILoggingEvent> logged;
    synchronized (appender) {
      // AppenderBase appends under this lock, so the copy is consistent.
      logged = List.copyOf(appender.list);
    }
    return logged.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(
            message ->
                message != null && java.util.Arrays.stream(fragments).anyMatch(message::contains))
        .toList();
  }

  /**
   * Turns a logger off until the returned handle is closed. For loggers whose complaints a test
   * provokes on purpose and has no use for.
   */
  static AutoCloseable silence(String loggerName) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    ch.qos.logback.classic.Level previous = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.OFF);
    return () -> logger.setLevel(previous);
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
