package io.outdial.activities.ami;

import io.outdial.activities.DaemonThreads;
import io.outdial.activities.PhoneMask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's one AMI connection (asterisk-java). Logs in until it succeeds, after which
 * asterisk-java reconnects by itself; pings so a silently dead link is noticed. Events are handed
 * to the consumer at once, on asterisk-java's reader thread: the consumer must not block.
 *
 * <p>Given the names of the events it needs, the client asks Asterisk on every login to send only
 * those ({@link EventFilterAction}): a real Asterisk 22 sent 84 events for an answered call to a
 * queue, of which the dialer reads 13 (pbx-sim's recording filter.ami), and asterisk-java builds
 * each one by reflection on its reader thread. Where Asterisk refuses the filter (no {@code system}
 * write permission) every event comes, as before, and the client says so in its log.
 */
public final class AmiClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AmiClient.class);
  static final long ACTION_TIMEOUT_MS = 10_000;

  private final AmiConfig config;
  private final ManagerConnection connection;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ami-keepalive"));
  private volatile boolean loggedIn;
  private volatile boolean closed;
  private final java.util.Set<String> eventNames;

  /** The filters of the current login: whether Asterisk accepted every one of them. */
  private volatile boolean filtered;

  /** A client that receives every event Asterisk sends. */
  public AmiClient(AmiConfig config, Consumer<ManagerEvent> events) {
    this(config, events, java.util.Set.of());
  }

  /**
   * A client that asks Asterisk for only the events named in {@code eventNames} (AMI names, e.g.
   * {@code Hangup}); an empty set asks for all.
   */
  public AmiClient(
      AmiConfig config, Consumer<ManagerEvent> events, java.util.Set<String> eventNames) {
    this.config = config;
    this.eventNames = java.util.Set.copyOf(eventNames);
    this.connection =
        new ManagerConnectionFactory(
                config.host(), config.port(), config.username(), config.secret())
            .createManagerConnection();
    this.connection.addEventListener(
        event -> {
          if (event instanceof org.asteriskjava.manager.event.DisconnectEvent) {
            filtered = false; // a session's filters end with it
          }
          if (event instanceof org.asteriskjava.manager.event.ConnectEvent
              && !this.eventNames.isEmpty()) {
            // Filters last as long as the session: every login (and reconnect) sets them again.
            // Never on the reader thread, which must go on reading their answers.
            scheduler.execute(this::applyFilters);
          }
          events.accept(event);
        });
  }

  /** Adds an include filter per event needed; any refusal leaves the session unfiltered. */
  private void applyFilters() {
    filtered = false;
    for (int i = 0; i < 50 && !closed && !isConnected(); i++) {
      sleep(100);
    }
    try {
      ManagerResponse settings =
          connection.sendAction(
              new org.asteriskjava.manager.action.CoreSettingsAction(), ACTION_TIMEOUT_MS);
      String version =
          settings instanceof org.asteriskjava.manager.response.CoreSettingsResponse cs
              ? cs.getAsteriskVersion()
              : null;
      if (!EventFilterAction.filtersByName(version)) {
        // An older Asterisk takes the filter as a regular expression over the event's text and
        // answers Success, but what it lets through is not the events named.
        log.warn(
            "Asterisk {} cannot filter events by name (18.26, 20.11, 21.6, 22.1 and later can):"
                + " every event will come, which costs the worker CPU",
            version);
        return;
      }
      for (String name : new java.util.TreeSet<>(eventNames)) {
        ManagerResponse r =
            connection.sendAction(EventFilterAction.include(name), ACTION_TIMEOUT_MS);
        if (r instanceof ManagerError err) {
          log.warn(
              "Asterisk refused the event filter for {} ({}): every event will come, which costs"
                  + " the worker CPU; give the manager user write = system",
              name,
              err.getMessage());
          return;
        }
      }
      filtered = true;
      log.info("AMI events filtered to {}", new java.util.TreeSet<>(eventNames));
    } catch (Exception e) {
      log.warn("AMI event filters not set: {}; every event will come", e.getMessage());
    }
  }

  /** Whether Asterisk accepted the event filters of the current login. */
  public boolean eventsFiltered() {
    return filtered;
  }

  /** Starts logging in in the background, retrying every two seconds until it succeeds. */
  public void start() {
    scheduler.execute(this::loginLoop);
    scheduler.scheduleWithFixedDelay(this::ping, 20, 20, TimeUnit.SECONDS);
  }

  private void loginLoop() {
    while (!closed && !loggedIn) {
      try {
        connection.login();
        loggedIn = true;
        log.info(
            "AMI connected to {}:{} ({})", config.host(), config.port(), connection.getVersion());
      } catch (Exception e) {
        log.warn(
            "AMI login to {}:{} failed: {}; retrying in 2 s",
            config.host(),
            config.port(),
            e.getMessage());
        sleep(2000);
      }
    }
  }

  private void ping() {
    if (isConnected()) {
      try {
        connection.sendAction(new PingAction(), 5000);
      } catch (Exception e) {
        log.warn("AMI ping failed: {}", e.getMessage());
      }
    }
  }

  /**
   * Whether actions can be sent now. The state alone decides: asterisk-java fires ConnectEvent (and
   * our reconcile) before {@code login()} has returned to us.
   */
  public boolean isConnected() {
    return connection.getState() == ManagerConnectionState.CONNECTED;
  }

  /**
   * Sends an async Originate and returns Asterisk's answer to the action itself ({@code Success}:
   * queued; {@link ManagerError}: refused). The call's progress comes as events.
   */
  public ManagerResponse originate(OriginateAction action)
      throws IOException, InterruptedException {
    try {
      log.info(
          "originate {} channel {}",
          action.getChannelId(),
          PhoneMask.maskDialString(action.getChannel()));
      ManagerResponse r = connection.sendAction(action, ACTION_TIMEOUT_MS);
      tellOriginated(r instanceof ManagerError ? Originate.REFUSED : Originate.ACCEPTED);
      return r;
    } catch (org.asteriskjava.manager.TimeoutException e) {
      tellOriginated(Originate.UNANSWERED);
      throw new IOException("no answer to Originate within " + ACTION_TIMEOUT_MS + " ms", e);
    } catch (IOException | IllegalStateException e) {
      tellOriginated(Originate.NOT_SENT);
      throw e;
    }
  }

  /** What came of an Originate this client was asked to send. */
  public enum Originate {
    /** Asterisk queued it (Response: Success): the call goes on by events. */
    ACCEPTED,
    /** Asterisk refused it (Response: Error). */
    REFUSED,
    /** Sent, and no answer came in time. */
    UNANSWERED,
    /** It could not be sent (the link is down). */
    NOT_SENT
  }

  private volatile java.util.function.Consumer<Originate> originateObserver = o -> {};

  /** Has {@code observer} told what came of each Originate (the worker's metrics count them). */
  public void observeOriginates(java.util.function.Consumer<Originate> observer) {
    this.originateObserver = observer;
  }

  private void tellOriginated(Originate o) {
    try {
      originateObserver.accept(o);
    } catch (RuntimeException e) {
      log.warn("the observer of originates failed: {}", e.toString());
    }
  }

  /** Asks Asterisk which channels are up (CoreShowChannels). */
  public List<LiveChannel> liveChannels() throws IOException {
    try {
      ResponseEvents events =
          connection.sendEventGeneratingAction(new CoreShowChannelsAction(), ACTION_TIMEOUT_MS);
      if (events.getResponse() instanceof ManagerError err) {
        throw new IOException("CoreShowChannels refused: " + err.getMessage());
      }
      List<LiveChannel> live = new ArrayList<>();
      for (ResponseEvent e : events.getEvents()) {
        if (e instanceof CoreShowChannelEvent c) {
          live.add(
              new LiveChannel(
                  c.getChannel(), c.getUniqueid(), c.getLinkedid(), c.getChannelState()));
        }
      }
      return live;
    } catch (org.asteriskjava.manager.TimeoutException e) {
      throw new IOException("no answer to CoreShowChannels within " + ACTION_TIMEOUT_MS + " ms", e);
    } catch (IllegalStateException e) {
      throw new IOException("AMI not connected: " + e.getMessage(), e);
    }
  }

  /** QueueSummary's Available for one queue; -1 when Asterisk does not know the queue. */
  public int queueAvailable(String queue) throws IOException {
    try {
      ResponseEvents events =
          connection.sendEventGeneratingAction(
              new org.asteriskjava.manager.action.QueueSummaryAction(queue), ACTION_TIMEOUT_MS);
      if (events.getResponse() instanceof ManagerError err) {
        throw new IOException("QueueSummary refused: " + err.getMessage());
      }
      for (ResponseEvent e : events.getEvents()) {
        if (e instanceof org.asteriskjava.manager.event.QueueSummaryEvent q
            && queue.equals(q.getQueue())) {
          return q.getAvailable() == null ? 0 : q.getAvailable();
        }
      }
      return -1;
    } catch (org.asteriskjava.manager.TimeoutException e) {
      throw new IOException("no answer to QueueSummary within " + ACTION_TIMEOUT_MS + " ms", e);
    } catch (IllegalStateException e) {
      throw new IOException("AMI not connected: " + e.getMessage(), e);
    }
  }

  /** Hangs up a channel by name or by uniqueid (the ChannelId we sent). */
  public ManagerResponse hangup(String channel) throws IOException {
    try {
      if (!isConnected()) {
        throw new IOException("AMI not connected");
      }
      return connection.sendAction(new HangupAction(channel), ACTION_TIMEOUT_MS);
    } catch (org.asteriskjava.manager.TimeoutException e) {
      throw new IOException("no answer to Hangup within " + ACTION_TIMEOUT_MS + " ms", e);
    }
  }

  /**
   * Hangs up many channels at once: every Hangup is sent before the first answer is awaited (one
   * round trip for all, not one each), and the answers are awaited for {@link #ACTION_TIMEOUT_MS}
   * in all. Answers how many Asterisk accepted; a channel it no longer has is refused, and counted
   * out.
   */
  public int hangupAll(List<String> channels) throws IOException, InterruptedException {
    if (!isConnected()) {
      throw new IOException("AMI not connected");
    }
    java.util.concurrent.CountDownLatch answered =
        new java.util.concurrent.CountDownLatch(channels.size());
    java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    for (String channel : channels) {
      try {
        connection.sendAction(
            new HangupAction(channel),
            response -> {
              if (!(response instanceof ManagerError)) {
                accepted.incrementAndGet();
              }
              answered.countDown();
            });
      } catch (IllegalStateException e) {
        throw new IOException("AMI not connected: " + e.getMessage(), e);
      }
    }
    if (!answered.await(ACTION_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      log.warn(
          "{} of {} Hangups had no answer within {} ms",
          answered.getCount(),
          channels.size(),
          ACTION_TIMEOUT_MS);
    }
    return accepted.get();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    if (loggedIn) {
      try {
        connection.logoff();
      } catch (Exception e) {
        log.debug("AMI logoff: {}", e.getMessage());
      }
    }
  }
}
