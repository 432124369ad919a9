package io.outdial.pbxsim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.asteriskjava.manager.ManagerEventListener;
import org.asteriskjava.manager.event.BridgeEvent;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * Collects what an asterisk-java connection's listener receives. {@link #fromServer()} leaves out
 * what the library makes up itself: Connect/Disconnect, and the legacy DialEvent and BridgeEvent it
 * emits beside DialBegin and BridgeEnter (see asterisk-java-notes.md).
 */
final class AsteriskJavaEvents implements ManagerEventListener {

  private final List<ManagerEvent> received = new CopyOnWriteArrayList<>();

  @Override
  public void onManagerEvent(ManagerEvent event) {
    received.add(event);
  }

  List<ManagerEvent> all() {
    return List.copyOf(received);
  }

  /** The events that stand for a message the server sent. */
  List<ManagerEvent> fromServer() {
    List<ManagerEvent> events = new ArrayList<>();
    for (ManagerEvent event : received) {
      if (!isMadeUpByTheLibrary(event)) {
        events.add(event);
      }
    }
    return events;
  }

  static boolean isMadeUpByTheLibrary(ManagerEvent event) {
    Class<?> type = event.getClass();
    return event instanceof ConnectEvent
        || event instanceof DisconnectEvent
        || type == DialEvent.class
        || type == BridgeEvent.class;
  }

  <T extends ManagerEvent> List<T> ofType(Class<T> type) {
    return received.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends ManagerEvent> List<T> ofType(Class<T> type, Predicate<T> filter) {
    return ofType(type).stream().filter(filter).toList();
  }

  /** Waits until at least {@code count} events match; returns them. Fails the test on timeout. */
  <T extends ManagerEvent> List<T> await(
      Class<T> type, Predicate<T> filter, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<T> matching = ofType(type, filter);
      if (matching.size() >= count) {
        return matching;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "expected "
                + count
                + " "
                + type.getSimpleName()
                + " within "
                + timeout
                + " but got "
                + matching.size()
                + "; all events: "
                + names(received));
      }
      Thread.sleep(10);
    }
  }

  /** Waits until {@link #fromServer()} holds at least {@code count} events. */
  List<ManagerEvent> awaitFromServer(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ManagerEvent> events = fromServer();
      if (events.size() >= count || System.nanoTime() - deadline > 0) {
        return events;
      }
      Thread.sleep(10);
    }
  }

  static List<String> names(List<? extends ManagerEvent> events) {
    return events.stream().map(event -> event.getClass().getSimpleName()).toList();
  }
}
