package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.CoreShowChannelsCompleteEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.InvalidPasswordEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.ParkedCallEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Serves each recording of a real Asterisk, byte for byte, to asterisk-java 3.42.2 and checks that
 * the library turns every recorded event into its event class with the recorded values. This pins
 * down what the simulator must reproduce, and that the recordings are what our client understands.
 */
class RecordedSessionParseTest {

  private static final String SECRET = "s3cret";
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** What one replay of a recording produced on the client side. */
  record Replay(
      AmiTranscript recording,
      List<AmiMessage> sentEvents,
      AsteriskJavaEvents events,
      AuthenticationFailedException loginFailure,
      List<AmiMessage> clientActions,
      List<String> parseProblems) {

    /** The recorded ChannelId of the n-th (0-based) Originate. */
    String channelId(int originate) {
      return recording.clientActions().stream()
          .map(AmiTranscript.ClientAction::action)
          .filter(action -> "Originate".equalsIgnoreCase(action.actionName()))
          .skip(originate)
          .findFirst()
          .orElseThrow()
          .get("ChannelId");
    }

    OriginateResponseEvent originateResponse(String channelId) {
      List<OriginateResponseEvent> responses =
          events.ofType(
              OriginateResponseEvent.class, event -> channelId.equals(event.getUniqueId()));
      assertThat(responses).as("OriginateResponse for %s", channelId).hasSize(1);
      return responses.get(0);
    }

    HangupEvent hangup(String uniqueid) {
      List<HangupEvent> hangups =
          events.ofType(HangupEvent.class, event -> uniqueid.equals(event.getUniqueId()));
      assertThat(hangups).as("Hangup of %s", uniqueid).hasSize(1);
      return hangups.get(0);
    }
  }

  static Stream<String> recordings() {
    return AmiTranscript.scenarioNames().stream();
  }

  @Test
  void everyRecordingIsOnTheClasspath() {
    assertThat(AmiTranscript.scenarioNames())
        .containsExactly(
            "answer",
            "answer-app",
            "asterisk-java-session",
            "badlogin",
            "badlogin-2nd-conn",
            "badlogin-observer",
            "badtech",
            "busy",
            "concurrent",
            "congestion",
            "coreshowchannels",
            "filter",
            "filter-legacy",
            "hangup-by-uniqueid",
            "hangup-midcall",
            "noanswer",
            "nonexistent-context",
            "nonexistent-dest-context",
            "park",
            "queuesummary",
            "reject",
            "unallocated");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void everyRecordedEventArrivesAsItsOwnEventClass(String scenario) throws Exception {
    String secret =
        scenario.startsWith("badlogin") && !scenario.equals("badlogin-observer") ? "wrong" : SECRET;
    Replay replay = replay(scenario, secret);

    List<String> expected = replay.sentEvents().stream().map(AmiMessage::eventName).toList();
    List<ManagerEvent> received = replay.events().fromServer();
    List<String> receivedNames = new ArrayList<>();
    for (ManagerEvent event : received) {
      String name = event.getClass().getSimpleName();
      receivedNames.add(
          name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name);
    }
    assertThat(receivedNames).as("event classes, in order").hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(receivedNames.get(i).toLowerCase(Locale.ROOT))
          .as("event #%d (%s)", i, expected.get(i))
          .isEqualTo(expected.get(i).toLowerCase(Locale.ROOT));
      assertThat(received.get(i).getClass())
          .as("event #%d is not a generic class", i)
          .isNotEqualTo(ManagerEvent.class);
    }
    assertThat(replay.parseProblems()).as("asterisk-java complaints").isEmpty();
    if (scenario.startsWith("badlogin") && !scenario.equals("badlogin-observer")) {
      assertThat(replay.loginFailure()).as("login with a wrong secret").isNotNull();
    } else {
      assertThat(replay.loginFailure()).isNull();
      assertThat(expected)
          .as("a logged-in session gets FullyBooted and SuccessfulAuth")
          .startsWith("FullyBooted", "SuccessfulAuth");
    }
  }

  @Test
  void asteriskJavaLogsInWithChallengeAndTheRecordedKey() throws Exception {
    Replay replay = replay("busy", SECRET);
    List<AmiMessage> actions = replay.clientActions();
    assertThat(actions)
        .extracting(AmiMessage::actionName)
        .startsWith("Challenge", "Login", "CoreSettings");
    AmiMessage recordedLogin =
        AmiTranscript.load("asterisk-java-session").clientActions().get(1).action();
    // The recorded challenge is served, so the key must be the one asterisk-java sent to the real
    // Asterisk.
    assertThat(actions.get(1).get("Key"))
        .isEqualTo(recordedLogin.get("Key"))
        .isEqualTo(AmiActions.md5Hex("147382127" + SECRET));
    assertThat(actions.get(1).get("AuthType")).isEqualToIgnoringCase("md5");
  }

  @Test
  void busy() throws Exception {
    Replay replay = replay("busy", SECRET);
    String channelId = replay.channelId(0);
    OriginateResponseEvent response = replay.originateResponse(channelId);
    assertThat(response.getResponse()).isEqualTo("Failure");
    assertThat(response.getReason()).isEqualTo(5);
    assertThat(response.getChannel()).isEqualTo("Local/busy@targets");
    assertThat(replay.hangup(channelId).getCause()).isZero();
    assertThat(replay.hangup(channelId).getCauseTxt()).as("'Unknown' becomes null").isNull();
    assertThat(replay.hangup(channelId + ";2").getCause()).isEqualTo(17);
    assertThat(replay.hangup(channelId + ";2").getCauseTxt()).isEqualTo("User busy");
    assertThat(replay.events().ofType(DialEndEvent.class))
        .singleElement()
        .satisfies(dialEnd -> assertThat(dialEnd.getDialStatus()).isEqualTo("BUSY"));
  }

  @Test
  void congestion() throws Exception {
    Replay replay = replay("congestion", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isEqualTo(8);
    assertThat(replay.hangup(channelId).getCause()).isZero();
    assertThat(replay.hangup(channelId + ";2").getCause()).isEqualTo(34);
  }

  @Test
  void noanswer() throws Exception {
    Replay replay = replay("noanswer", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isEqualTo(3);
    assertThat(replay.hangup(channelId).getCause()).isEqualTo(19);
    assertThat(replay.hangup(channelId + ";2").getCause()).isEqualTo(19);
    assertThat(replay.events().ofType(DialEndEvent.class)).isEmpty();
    assertThat(replay.events().ofType(DialBeginEvent.class)).hasSize(1);
  }

  @Test
  void unallocated() throws Exception {
    Replay replay = replay("unallocated", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isZero();
    assertThat(replay.hangup(channelId).getCause()).isEqualTo(1);
    assertThat(replay.hangup(channelId + ";2").getCause()).isEqualTo(1);
  }

  @Test
  void reject() throws Exception {
    Replay replay = replay("reject", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isZero();
    assertThat(replay.hangup(channelId).getCause()).isEqualTo(21);
    assertThat(replay.hangup(channelId + ";2").getCause()).isEqualTo(21);
  }

  @Test
  void answer() throws Exception {
    Replay replay = replay("answer", SECRET);
    String channelId = replay.channelId(0);
    OriginateResponseEvent response = replay.originateResponse(channelId);
    assertThat(response.getResponse()).isEqualTo("Success");
    assertThat(response.getReason()).isEqualTo(4);
    List<HangupEvent> hangups = replay.events().ofType(HangupEvent.class);
    assertThat(hangups)
        .hasSize(4)
        .allSatisfy(
            hangup -> {
              assertThat(hangup.getCause()).isEqualTo(16);
              assertThat(hangup.getLinkedId())
                  .as("every leg's Linkedid is the ChannelId")
                  .isEqualTo(channelId);
            });
    assertThat(replay.events().ofType(NewChannelEvent.class))
        .extracting(NewChannelEvent::getUniqueId)
        .contains(channelId, channelId + ";2");
  }

  @Test
  void answerWithApplication() throws Exception {
    Replay replay = replay("answer-app", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isEqualTo(4);
    assertThat(replay.hangup(channelId).getCause()).isZero();
  }

  @Test
  void badTechnologyGivesOnlyOriginateResponse() throws Exception {
    Replay replay = replay("badtech", SECRET);
    String channelId = replay.channelId(0);
    OriginateResponseEvent response = replay.originateResponse(channelId);
    assertThat(response.getReason()).isZero();
    assertThat(response.getChannel()).isEqualTo("Foo/123");
    assertThat(replay.sentEvents())
        .extracting(AmiMessage::eventName)
        .containsExactly("FullyBooted", "SuccessfulAuth", "OriginateResponse");
  }

  @Test
  void localChannelIntoAMissingContextFailsWithReasonZero() throws Exception {
    Replay replay = replay("nonexistent-context", SECRET);
    String channelId = replay.channelId(0);
    assertThat(replay.originateResponse(channelId).getReason()).isZero();
    assertThat(replay.hangup(channelId).getCause()).isZero();
    assertThat(replay.events().ofType(DialBeginEvent.class)).isEmpty();
  }

  @Test
  void concurrentCallsAreToldApartByUniqueid() throws Exception {
    Replay replay = replay("concurrent", SECRET);
    assertThat(replay.originateResponse(replay.channelId(0)).getReason()).isEqualTo(4);
    assertThat(replay.originateResponse(replay.channelId(1)).getReason()).isEqualTo(5);
  }

  @Test
  void hangupActionsEndEveryLegWithCause16() throws Exception {
    for (String scenario : List.of("hangup-midcall", "hangup-by-uniqueid")) {
      Replay replay = replay(scenario, SECRET);
      assertThat(replay.events().ofType(HangupEvent.class))
          .as(scenario)
          .hasSize(4)
          .allSatisfy(hangup -> assertThat(hangup.getCause()).isEqualTo(16));
    }
  }

  @Test
  void queueSummary() throws Exception {
    Replay replay = replay("queuesummary", SECRET);
    assertThat(replay.events().ofType(QueueSummaryEvent.class))
        .singleElement()
        .satisfies(
            summary -> {
              assertThat(summary.getQueue()).isEqualTo("sales");
              assertThat(summary.getLoggedIn()).isEqualTo(1);
              assertThat(summary.getAvailable()).isEqualTo(1);
            });
  }

  @Test
  void coreShowChannels() throws Exception {
    Replay replay = replay("coreshowchannels", SECRET);
    String channelId = replay.channelId(0);
    List<CoreShowChannelEvent> channels = replay.events().ofType(CoreShowChannelEvent.class);
    assertThat(channels)
        .hasSize(4)
        .allSatisfy(channel -> assertThat(channel.getLinkedid()).isEqualTo(channelId));
    assertThat(channels)
        .extracting(CoreShowChannelEvent::getUniqueid)
        .containsExactlyInAnyOrder(channelId, channelId + ";2", "1795838994.42", "1795838994.43");
    assertThat(channels)
        .extracting(CoreShowChannelEvent::getChannel)
        .contains("Local/answer-long@targets-00000014;1", "Local/answer-long@targets-00000014;2");
    assertThat(replay.events().ofType(CoreShowChannelsCompleteEvent.class))
        .singleElement()
        .satisfies(complete -> assertThat(complete.getListitems()).isEqualTo(4));
  }

  @Test
  void parkedCall() throws Exception {
    Replay replay = replay("park", SECRET);
    assertThat(replay.events().ofType(ParkedCallEvent.class)).hasSize(1);
  }

  @Test
  void otherSessionsHearOfAFailedLogin() throws Exception {
    Replay replay = replay("badlogin-observer", SECRET);
    assertThat(replay.events().ofType(InvalidPasswordEvent.class))
        .singleElement()
        .satisfies(event -> assertThat(event.getAccountId()).isEqualTo("dialer"));
  }

  @Test
  void wrongSecretIsRefused() throws Exception {
    assertThatThrownBy(
            () -> {
              Replay replay = replay("badlogin", "wrong");
              throw replay.loginFailure();
            })
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void theWholeAsteriskJavaSessionParses() throws Exception {
    Replay replay = replay("asterisk-java-session", SECRET);
    List<Integer> reasons = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      reasons.add(replay.originateResponse(replay.channelId(i)).getReason());
    }
    assertThat(reasons).containsExactly(4, 5, 8, 3, 0, 0, 0, 4, 5, 8, 3, 0, 0, 0, 4);
    assertThat(replay.events().ofType(QueueSummaryEvent.class)).isNotEmpty();
    assertThat(replay.events().ofType(CoreShowChannelEvent.class)).hasSize(4);
  }

  private static Replay replay(String scenario, String secret) throws Exception {
    AmiTranscript recording = AmiTranscript.load(scenario);
    // The recordings hold responses to actions this client never sent; asterisk-java logs an
    // error for each (it cannot match their ActionID) and a warning when its event pump stops.
    // Neither concerns parsing, which is what EventBuilderImpl and EventAttributesHelper report.
    try (AutoCloseable unmatchedResponses =
            LogCapture.silence("org.asteriskjava.manager.internal.ManagerConnectionImpl");
        AutoCloseable pumpStopped =
            LogCapture.silence("org.asteriskjava.manager.internal.AsyncEventPump");
        LogCapture asteriskJavaLog = new LogCapture("org.asteriskjava");
        RecordedAsteriskServer server = new RecordedAsteriskServer(recording)) {
      ManagerConnection connection =
          new ManagerConnectionFactory("127.0.0.1", server.port(), "dialer", secret)
              .createManagerConnection();
      AsteriskJavaEvents events = new AsteriskJavaEvents();
      connection.addEventListener(events);
      AuthenticationFailedException loginFailure = null;
      try {
        connection.login();
      } catch (AuthenticationFailedException e) {
        loginFailure = e;
      }
      server.streamed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      List<AmiMessage> sent = List.copyOf(server.sentEvents());
      events.awaitFromServer(sent.size(), WAIT);
      if (loginFailure == null) {
        connection.logoff();
      }
      server.finished().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      List<String> problems =
          asteriskJavaLog.messagesContaining(
              "No event class registered",
              "Unable to set property",
              "Unable to create new instance",
              "Unable to get constructor");
      return new Replay(
          recording, sent, events, loginFailure, List.copyOf(server.actionsReceived()), problems);
    }
  }
}
