package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.List;

/**
 * Responses and session events as the recordings show them, used as the shape of what the simulator
 * answers: field names, their order and the constant values come from the real Asterisk; only the
 * ActionID and the values that describe this session or this moment are set by the simulator.
 */
final class RecordedReplies {

  final AmiMessage loginAccepted;
  final AmiMessage fullyBooted;
  final AmiMessage successfulAuth;
  final AmiMessage authenticationFailed;
  final AmiMessage invalidPassword;
  final AmiMessage challenge;
  final AmiMessage coreSettings;
  final AmiMessage ping;
  final AmiMessage eventsOn;
  final AmiMessage goodbye;
  final AmiMessage originateQueued;
  final AmiMessage extensionDoesNotExist;
  final AmiMessage channelHungup;
  final AmiMessage noSuchChannel;
  final AmiMessage queueSummaryStart;
  final AmiMessage queueSummary;
  final AmiMessage queueSummaryComplete;
  final AmiMessage coreShowChannelsStart;
  final AmiMessage coreShowChannel;
  final AmiMessage coreShowChannelsComplete;
  final AmiMessage filterAdded;
  final AmiMessage filterFormatError;
  final AmiMessage filterCompileError;
  final AmiMessage filterUnknownOperation;

  private static volatile RecordedReplies instance;

  private RecordedReplies() {
    AmiTranscript busy = AmiTranscript.load("busy");
    List<AmiMessage> login = repliesTo(busy, "Login", 0);
    loginAccepted = login.get(0);
    fullyBooted = withEvent(login, "FullyBooted");
    successfulAuth = withEvent(login, "SuccessfulAuth");
    eventsOn = repliesTo(busy, "Events", 0).get(0);
    originateQueued = repliesTo(busy, "Originate", 0).get(0);
    goodbye = repliesTo(busy, "Logoff", 0).get(0);

    authenticationFailed = repliesTo(AmiTranscript.load("badlogin"), "Login", 0).get(0);
    invalidPassword =
        withEvent(
            repliesTo(AmiTranscript.load("badlogin-observer"), "Events", 0), "InvalidPassword");
    extensionDoesNotExist =
        repliesTo(AmiTranscript.load("nonexistent-dest-context"), "Originate", 0).get(0);

    AmiTranscript session = AmiTranscript.load("asterisk-java-session");
    challenge = repliesTo(session, "Challenge", 0).get(0);
    coreSettings = repliesTo(session, "CoreSettings", 0).get(0);
    ping = repliesTo(session, "Ping", 0).get(0);
    channelHungup = repliesTo(session, "Hangup", 0).get(0);
    noSuchChannel = repliesTo(session, "Hangup", 1).get(0);

    List<AmiMessage> summary = repliesTo(AmiTranscript.load("queuesummary"), "QueueSummary", 0);
    queueSummaryStart = summary.get(0);
    queueSummary = withEvent(summary, "QueueSummary");
    queueSummaryComplete = withEvent(summary, "QueueSummaryComplete");

    List<AmiMessage> channels =
        repliesTo(AmiTranscript.load("coreshowchannels"), "CoreShowChannels", 0);
    coreShowChannelsStart = channels.get(0);
    coreShowChannel = withEvent(channels, "CoreShowChannel");
    coreShowChannelsComplete = withEvent(channels, "CoreShowChannelsComplete");

    AmiTranscript filter = AmiTranscript.load("filter");
    filterAdded = replyTo(filter, "filter-name-hangup");
    filterFormatError = replyTo(filter, "filter-regex-without-pattern");
    filterCompileError = replyTo(filter, "filter-bad-regex");
    filterUnknownOperation = replyTo(filter, "filter-remove");
  }

  static RecordedReplies get() {
    RecordedReplies loaded = instance;
    if (loaded == null) {
      synchronized (RecordedReplies.class) {
        loaded = instance;
        if (loaded == null) {
          loaded = new RecordedReplies();
          instance = loaded;
        }
      }
    }
    return loaded;
  }

  /**
   * The recorded reply with the client's ActionID, or without the field when the client sent none.
   */
  static AmiMessage withActionId(AmiMessage recorded, String actionId) {
    return actionId == null ? recorded.without("ActionID") : recorded.with("ActionID", actionId);
  }

  /** The server messages that followed the n-th (0-based) client action of that name. */
  private static List<AmiMessage> repliesTo(
      AmiTranscript transcript, String actionName, int occurrence) {
    int index = -1;
    for (int i = 0; i <= occurrence; i++) {
      index = transcript.indexOfAction(actionName, index + 1);
      if (index < 0) {
        throw new IllegalStateException(
            transcript.scenario() + ": no " + actionName + " #" + occurrence);
      }
    }
    List<AmiMessage> replies = new ArrayList<>();
    List<AmiTranscript.Entry> entries = transcript.entries();
    for (int i = index + 1;
        i < entries.size() && entries.get(i) instanceof AmiTranscript.ServerMessage server;
        i++) {
      replies.add(server.message());
    }
    if (replies.isEmpty()) {
      throw new IllegalStateException(transcript.scenario() + ": " + actionName + " got no reply");
    }
    return replies;
  }

  /** The first server message that carries the ActionID of a recorded client action. */
  private static AmiMessage replyTo(AmiTranscript transcript, String actionId) {
    boolean sent = false;
    for (AmiTranscript.Entry entry : transcript.entries()) {
      if (entry instanceof AmiTranscript.ClientAction action) {
        sent |= actionId.equals(action.action().actionId());
      } else if (sent
          && entry instanceof AmiTranscript.ServerMessage server
          && actionId.equals(server.message().actionId())) {
        return server.message();
      }
    }
    throw new IllegalStateException(transcript.scenario() + ": no reply to " + actionId);
  }

  private static AmiMessage withEvent(List<AmiMessage> messages, String event) {
    return messages.stream()
        .filter(message -> event.equals(message.eventName()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no recorded " + event));
  }
}
