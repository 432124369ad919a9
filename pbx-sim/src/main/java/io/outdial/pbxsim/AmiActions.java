package io.outdial.pbxsim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the manager actions the way the recorded Asterisk did. Unknown actions get Asterisk's
 * {@code Invalid/unknown command}; actions before login get {@code Permission denied}. Every
 * response carries the ActionID the client sent, if any.
 */
final class AmiActions {

  private static final Logger log = LoggerFactory.getLogger(AmiActions.class);
  private static final DateTimeFormatter EVENT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
  private static final Set<String> ALLOWED_BEFORE_LOGIN = Set.of("login", "challenge", "logoff");

  /** Asterisk waits about a second before answering a failed login (the recordings show 1.0 s). */
  static final long FAILED_LOGIN_DELAY_MS = 1_000;

  private final PbxSimulator simulator;
  private final RecordedReplies replies;
  private final SecureRandom random = new SecureRandom();

  AmiActions(PbxSimulator simulator, RecordedReplies replies) {
    this.simulator = simulator;
    this.replies = replies;
  }

  void handle(AmiSession session, AmiMessage action) {
    String name = action.actionName();
    String actionId = action.actionId();
    if (name == null || name.isBlank()) {
      log.debug("session {}: message without Action: {}", session.id(), action);
      session.send(error(actionId, "Missing action in request"));
      return;
    }
    String command = name.trim().toLowerCase(Locale.ROOT);
    if (!session.authenticated() && !ALLOWED_BEFORE_LOGIN.contains(command)) {
      session.send(error(actionId, "Permission denied"));
      return;
    }
    try {
      switch (command) {
        case "challenge" -> challenge(session, action);
        case "login" -> login(session, action);
        case "logoff" -> {
          session.send(RecordedReplies.withActionId(replies.goodbye, actionId));
          session.closeAfterPendingOutput();
        }
        case "events" -> events(session, action);
        case "ping" ->
            session.send(
                RecordedReplies.withActionId(replies.ping, actionId)
                    .with("Timestamp", pingTimestamp()));
        case "coresettings" ->
            session.send(RecordedReplies.withActionId(replies.coreSettings, actionId));
        case "originate" -> simulator.originate(session, action);
        case "hangup" -> hangup(session, action);
        case "queuesummary" -> queueSummary(session, action);
        case "coreshowchannels" -> coreShowChannels(session, action);
        case "filter" -> filter(session, action);
        default -> session.send(error(actionId, "Invalid/unknown command"));
      }
    } catch (RuntimeException e) {
      // One bad action must not cost the client its connection, nor the server its life.
      log.error("session {}: action {} failed", session.id(), name, e);
      session.send(error(actionId, "Internal error"));
    }
  }

  AmiMessage error(String actionId, String message) {
    return RecordedReplies.withActionId(replies.authenticationFailed, actionId)
        .with("Message", message);
  }

  private void challenge(AmiSession session, AmiMessage action) {
    if (!"md5".equalsIgnoreCase(trimmed(action.get("AuthType")))) {
      session.send(error(action.actionId(), "Must specify AuthType"));
      return;
    }
    String challenge = Integer.toString(100_000_000 + random.nextInt(900_000_000));
    session.challenge(challenge);
    session.send(
        RecordedReplies.withActionId(replies.challenge, action.actionId())
            .with("Challenge", challenge));
  }

  private void login(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    if (session.authenticated()) {
      session.send(
          RecordedReplies.withActionId(replies.loginAccepted, actionId)
              .with("Message", "Already authenticated"));
      return;
    }
    String username = trimmed(action.get("Username"));
    PbxSimulatorConfig config = simulator.config();
    boolean secretMatches;
    if ("md5".equalsIgnoreCase(trimmed(action.get("AuthType")))) {
      String challenge = session.challenge();
      String key = trimmed(action.get("Key"));
      secretMatches =
          challenge != null
              && key != null
              && md5Hex(challenge + config.secret()).equalsIgnoreCase(key);
    } else {
      secretMatches = config.secret().equals(action.get("Secret"));
    }
    if (config.username().equals(username) && secretMatches) {
      session.authenticated(true);
      if ("off".equalsIgnoreCase(trimmed(action.get("Events")))) {
        session.eventsOn(false);
      }
      log.info(
          "session {} ({}) logged in as {}", session.id(), session.remoteAddressText(), username);
      session.send(RecordedReplies.withActionId(replies.loginAccepted, actionId));
      String uptime = Long.toString(simulator.uptimeSeconds());
      session.send(replies.fullyBooted.with("Uptime", uptime).with("LastReload", uptime));
      String now = EVENT_TIME.format(Instant.now());
      simulator.broadcast(
          replies
              .successfulAuth
              .with("EventTV", now)
              .with("AccountID", username)
              .with("SessionID", session.sessionIdText())
              .with("LocalAddress", session.localAddressText())
              .with("RemoteAddress", session.remoteAddressText())
              .with("SessionTV", EVENT_TIME.format(session.connectedAt())));
      return;
    }
    log.warn(
        "session {} ({}): login as {} failed", session.id(), session.remoteAddressText(), username);
    simulator.broadcast(
        replies
            .invalidPassword
            .with("EventTV", EVENT_TIME.format(Instant.now()))
            .with("AccountID", username == null ? "" : username)
            .with("SessionID", session.sessionIdText())
            .with("LocalAddress", session.localAddressText())
            .with("RemoteAddress", session.remoteAddressText()));
    try {
      Thread.sleep(FAILED_LOGIN_DELAY_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.send(RecordedReplies.withActionId(replies.authenticationFailed, actionId));
    session.closeAfterPendingOutput();
  }

  private void events(AmiSession session, AmiMessage action) {
    boolean on = !"off".equalsIgnoreCase(trimmed(action.get("EventMask")));
    session.eventsOn(on);
    session.send(
        RecordedReplies.withActionId(replies.eventsOn, action.actionId())
            .with("Events", on ? "On" : "Off"));
  }

  private void hangup(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    String channel = trimmed(action.get("Channel"));
    if (channel == null || channel.isEmpty()) {
      session.send(error(actionId, "No channel specified"));
      return;
    }
    LiveChannel leg = simulator.channels().find(channel);
    if (leg == null) {
      session.send(RecordedReplies.withActionId(replies.noSuchChannel, actionId));
      return;
    }
    // The response goes out before the hangup's events, as recorded.
    session.send(RecordedReplies.withActionId(replies.channelHungup, actionId));
    log.debug("hangup of call {} requested by session {}", leg.call().channelId(), session.id());
    leg.call().hangup();
  }

  private void queueSummary(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    String wanted = trimmed(action.get("Queue"));
    session.send(RecordedReplies.withActionId(replies.queueSummaryStart, actionId));
    int items = 0;
    for (QueueConfig queue : simulator.queues()) {
      if (wanted != null && !wanted.isEmpty() && !wanted.equals(queue.name())) {
        continue;
      }
      items++;
      session.send(
          RecordedReplies.withActionId(replies.queueSummary, actionId)
              .with("Queue", queue.name())
              .with("LoggedIn", Integer.toString(queue.loggedIn()))
              .with("Available", Integer.toString(simulator.availableMembers(queue))));
    }
    session.send(
        RecordedReplies.withActionId(replies.queueSummaryComplete, actionId)
            .with("ListItems", Integer.toString(items)));
  }

  private void coreShowChannels(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    session.send(RecordedReplies.withActionId(replies.coreShowChannelsStart, actionId));
    List<LiveChannel> legs = simulator.channels().all();
    for (LiveChannel leg : legs) {
      session.send(leg.toCoreShowChannel(replies.coreShowChannel, actionId));
    }
    session.send(
        RecordedReplies.withActionId(replies.coreShowChannelsComplete, actionId)
            .with("ListItems", Integer.toString(legs.size())));
  }

  /**
   * The Filter action, as main/manager.c's action_filter: only {@code Operation: Add} (any case)
   * exists; the filter applies to the events broadcast after it, for this session only.
   */
  private void filter(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    String operation = action.get("Operation");
    if (operation == null || !operation.equalsIgnoreCase("Add")) {
      session.send(RecordedReplies.withActionId(replies.filterUnknownOperation, actionId));
      return;
    }
    EventFilter filter;
    try {
      filter = EventFilter.fromAction(action.get("MatchCriteria"), action.get("Filter"));
    } catch (EventFilter.RefusedException refused) {
      log.debug("session {}: filter refused: {}", session.id(), refused.getMessage());
      AmiMessage reply =
          refused.refusal() == EventFilter.Refusal.COMPILE_FAIL
              ? replies.filterCompileError
              : replies.filterFormatError;
      session.send(RecordedReplies.withActionId(reply, actionId));
      return;
    }
    session.addFilter(filter);
    log.debug("session {}: filter added: {}", session.id(), filter);
    session.send(RecordedReplies.withActionId(replies.filterAdded, actionId));
  }

  private static String pingTimestamp() {
    Instant now = Instant.now();
    return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1_000);
  }

  static String md5Hex(String text) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no MD5", e);
    }
  }

  private static String trimmed(String value) {
    return value == null ? null : value.trim();
  }
}
