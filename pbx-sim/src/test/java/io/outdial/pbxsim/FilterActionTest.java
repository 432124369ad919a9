package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.AbstractManagerAction;
import org.asteriskjava.manager.action.FilterAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.HangupRequestEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Filter action over real connections: what a filtered session gets of a call, beside a session
 * without filters on the same simulator, and the answers to filters Asterisk refuses (their text is
 * filter.ami's, see RecordedFilterReplayTest).
 */
class FilterActionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String FORMAT_ERROR =
      "Filter was formatted incorrectly.  Check the syntax of the filter given.";
  private static final String COMPILE_ERROR =
      "Filter did not compile.  Check the syntax of the filter given.";
  private static PbxSimulator pbx;

  @BeforeAll
  static void startSimulator() throws Exception {
    pbx = PbxSimulator.start(PbxSimulatorConfig.builder().build());
  }

  @AfterAll
  static void stopSimulator() {
    pbx.close();
  }

  @Test
  void nameFiltersLetOnlyThoseEventsOfAnAnsweredCallThroughButNotTheActionsOwnEvents()
      throws Exception {
    try (RawAmiSession filtered = RawAmiSession.login(pbx.port(), "login")) {
      for (String name :
          List.of("OriginateResponse", "Newchannel", "Hangup", "DialBegin", "DialEnd")) {
        assertThat(filtered.request(filter("f-" + name, "name(" + name + ")", null)))
            .isEqualTo("Response: Success\r\nActionID: f-" + name + "\r\nMessage: Success\r\n\r\n");
      }
      try (RawAmiSession unfiltered = RawAmiSession.login(pbx.port(), "login-2")) {
        assertThat(pbx.awaitNoActiveCalls(WAIT))
            .as("CoreShowChannels lists only this call")
            .isTrue();
        String channelId = originate(filtered, "Local/answer@targets");
        awaitEvents(filtered, "Newchannel", channelId, 4);

        List<AmiMessage> listed = list(filtered, "CoreShowChannels", "list", null);
        assertThat(listed)
            .extracting(AmiMessage::eventName)
            .containsExactly(
                "CoreShowChannel",
                "CoreShowChannel",
                "CoreShowChannel",
                "CoreShowChannel",
                "CoreShowChannelsComplete");
        assertThat(list(filtered, "QueueSummary", "summary", "sales"))
            .extracting(AmiMessage::eventName)
            .containsExactly("QueueSummary", "QueueSummaryComplete");

        awaitEvents(filtered, "Hangup", channelId, 4);
        awaitEvents(unfiltered, "Hangup", channelId, 4);
        assertThat(callEvents(filtered, channelId))
            .containsExactlyEntriesOf(
                new TreeMap<>(
                    Map.of(
                        "DialBegin", 2,
                        "DialEnd", 2,
                        "Hangup", 4,
                        "Newchannel", 4,
                        "OriginateResponse", 1)));
        Map<String, Integer> everything = callEvents(unfiltered, channelId);
        assertThat(everything)
            .containsEntry("Newchannel", 4)
            .containsEntry("Hangup", 4)
            .containsKeys("Newexten", "VarSet", "Newstate", "QueueCallerJoin", "AgentConnect");
        assertThat(everything.values().stream().mapToInt(Integer::intValue).sum())
            .as("an unfiltered session's share of the call")
            .isGreaterThan(60);
        assertThat(filtered.events())
            .extracting(AmiMessage::eventName)
            .as("the second login's SuccessfulAuth is a filtered broadcast")
            .containsOnlyOnce("SuccessfulAuth");
      }
    }
  }

  @Test
  void refusedFiltersGetAsterisksAnswersAndChangeNothing() throws Exception {
    try (RawAmiSession session = RawAmiSession.login(pbx.port(), "login");
        RawAmiSession unfiltered = RawAmiSession.login(pbx.port(), "login-2")) {
      assertThat(session.request(filter("e1", "name(Hangup),method(regex)", null)))
          .isEqualTo(error("e1", FORMAT_ERROR));
      assertThat(session.request(filter("e2", "name(Hangup)", "Cause: 16")))
          .as("an advanced filter's default method, none, takes no pattern")
          .isEqualTo(error("e2", FORMAT_ERROR));
      assertThat(session.request(filter("e3", "foo(bar)", null)))
          .isEqualTo(error("e3", FORMAT_ERROR));
      assertThat(session.request(filter("e4", "action(drop),name(Hangup)", null)))
          .isEqualTo(error("e4", FORMAT_ERROR));
      assertThat(session.request(filter("e5", null, "!")))
          .as("a legacy filter needs a pattern")
          .isEqualTo(error("e5", FORMAT_ERROR));
      assertThat(session.request(filter("e6", "header(Cause),method(regex)", "(")))
          .isEqualTo(error("e6", COMPILE_ERROR));
      assertThat(session.request(filter("e7", null, "Event: (")))
          .isEqualTo(error("e7", COMPILE_ERROR));
      assertThat(
              session.request(
                  AmiMessage.of(
                      "Action",
                      "Filter",
                      "Operation",
                      "Remove",
                      "MatchCriteria",
                      "name(Hangup)",
                      "ActionID",
                      "e8")))
          .isEqualTo(error("e8", "Unknown operation"));
      assertThat(
              session.request(
                  AmiMessage.of(
                      "Action", "Filter", "MatchCriteria", "name(Hangup)", "ActionID", "e9")))
          .isEqualTo(error("e9", "Unknown operation"));

      int before = session.messages().size();
      session.send(AmiMessage.of("Action", "Filter", "Operation", "Remove"));
      assertThat(session.awaitMessage(before, message -> message.startsWith("Response:"), WAIT))
          .as("no ActionID sent, none answered")
          .isEqualTo("Response: Error\r\nMessage: Unknown operation\r\n\r\n");

      String channelId = originate(session, "Local/busy@targets");
      awaitEvents(session, "Hangup", channelId, 2);
      awaitEvents(unfiltered, "Hangup", channelId, 2);
      assertThat(callEvents(session, channelId))
          .as("no filter was added")
          .isEqualTo(callEvents(unfiltered, channelId));
    }
  }

  @Test
  void excludeFiltersDropOnlyWhatTheyMatch() throws Exception {
    try (RawAmiSession session = RawAmiSession.login(pbx.port(), "login");
        RawAmiSession unfiltered = RawAmiSession.login(pbx.port(), "login-2")) {
      assertThat(session.request(filter("x1", "action(exclude),name(VarSet)", null)))
          .startsWith("Response: Success");
      assertThat(session.request(filter("x2", "name(Newexten)", "!")))
          .as("a leading ! excludes when no action is given")
          .startsWith("Response: Success");
      String channelId = originate(session, "Local/busy@targets");
      awaitEvents(session, "Hangup", channelId, 2);
      awaitEvents(unfiltered, "Hangup", channelId, 2);

      Map<String, Integer> expected = callEvents(unfiltered, channelId);
      assertThat(expected).containsKeys("VarSet", "Newexten");
      expected.remove("VarSet");
      expected.remove("Newexten");
      assertThat(callEvents(session, channelId)).isEqualTo(expected);
    }
  }

  @Test
  void includeAndExcludeFiltersCombine() throws Exception {
    try (RawAmiSession session = RawAmiSession.login(pbx.port(), "login");
        RawAmiSession legacy = RawAmiSession.login(pbx.port(), "login-2")) {
      session.request(filter("i1", "name(Hangup)", null));
      session.request(
          filter("i2", "action(exclude),header(Channel),method(starts_with)", "Local/agent1@"));
      legacy.request(filter("l1", null, "Event: Hangup"));
      legacy.request(filter("l2", null, "!Channel: Local/agent1@"));
      String channelId = originate(session, "Local/answer@targets");
      List<AmiMessage> hangups = awaitEvents(session, "Hangup", channelId, 2);
      awaitEvents(legacy, "Hangup", channelId, 2);
      // The agent legs hang up at the same moment as the caller's.
      Thread.sleep(300);

      assertThat(callEvents(session, channelId)).containsExactlyEntriesOf(Map.of("Hangup", 2));
      assertThat(hangups)
          .extracting(hangup -> hangup.get("Uniqueid"))
          .containsExactlyInAnyOrder(channelId, channelId + ";2");
      assertThat(callEvents(legacy, channelId))
          .as("as filter-legacy.ami: 'Event: Hangup' is found in HangupRequest too")
          .containsExactlyEntriesOf(new TreeMap<>(Map.of("Hangup", 2, "HangupRequest", 1)));
    }
  }

  /** What the dialer would send: asterisk-java 3.42.2 has no MatchCriteria, so its own action. */
  public static final class MatchCriteriaFilterAction extends AbstractManagerAction {
    private static final long serialVersionUID = 1L;
    private final String matchCriteria;

    MatchCriteriaFilterAction(String matchCriteria) {
      this.matchCriteria = matchCriteria;
    }

    @Override
    public String getAction() {
      return "Filter";
    }

    public String getOperation() {
      return "Add";
    }

    public String getMatchCriteria() {
      return matchCriteria;
    }
  }

  @Test
  void anAsteriskJavaClientFiltersWithMatchCriteria() throws Exception {
    ManagerConnection connection =
        new ManagerConnectionFactory("127.0.0.1", pbx.port(), "dialer", "s3cret")
            .createManagerConnection();
    AsteriskJavaEvents events = new AsteriskJavaEvents();
    connection.addEventListener(events);
    connection.login();
    try {
      for (String name : List.of("OriginateResponse", "Newchannel", "Hangup")) {
        ManagerResponse response =
            connection.sendAction(new MatchCriteriaFilterAction("name(" + name + ")"), 5_000);
        assertThat(response.getResponse()).isEqualTo("Success");
        assertThat(response.getMessage()).isEqualTo("Success");
      }
      ManagerResponse legacy = connection.sendAction(new FilterAction("Event: Hangup"), 5_000);
      assertThat(legacy.getResponse())
          .as("asterisk-java's own legacy FilterAction")
          .isEqualTo("Success");
      ManagerResponse refused =
          connection.sendAction(new MatchCriteriaFilterAction("name(Hangup),method(regex)"), 5_000);
      assertThat(refused.getResponse()).isEqualTo("Error");
      assertThat(refused.getMessage()).isEqualTo(FORMAT_ERROR);

      String channelId = UUID.randomUUID().toString();
      ManagerResponse queued =
          connection.sendAction(
              PbxSimulatorTest.originate("Local/answer@targets", channelId, 20_000), 5_000);
      assertThat(queued.getMessage()).isEqualTo("Originate successfully queued");
      events.await(NewChannelEvent.class, event -> channelId.equals(event.getLinkedid()), 4, WAIT);
      ResponseEvents summary =
          connection.sendEventGeneratingAction(new QueueSummaryAction("sales"), 5_000);
      assertThat(summary.getEvents()).hasAtLeastOneElementOfType(QueueSummaryEvent.class);
      events.await(HangupEvent.class, event -> channelId.equals(event.getLinkedId()), 4, WAIT);
      Thread.sleep(200);

      List<String> classes =
          events.fromServer().stream()
              .map(event -> event.getClass().getSimpleName())
              .filter(name -> !name.equals("FullyBootedEvent"))
              .filter(name -> !name.equals("SuccessfulAuthEvent"))
              .distinct()
              .sorted()
              .toList();
      assertThat(classes)
          .containsExactly(
              "HangupEvent",
              "HangupRequestEvent",
              "NewChannelEvent",
              "OriginateResponseEvent",
              "QueueSummaryCompleteEvent",
              "QueueSummaryEvent");
      assertThat(events.ofType(OriginateResponseEvent.class)).hasSize(1);
      assertThat(events.ofType(HangupRequestEvent.class))
          .as("only through the legacy filter")
          .isNotEmpty();
    } finally {
      connection.logoff();
    }
  }

  private static AmiMessage filter(String actionId, String criteria, String pattern) {
    return AmiMessage.of(
        "Action",
        "Filter",
        "Operation",
        "Add",
        "MatchCriteria",
        criteria,
        "Filter",
        pattern,
        "ActionID",
        actionId);
  }

  private static String error(String actionId, String message) {
    return "Response: Error\r\nActionID: " + actionId + "\r\nMessage: " + message + "\r\n\r\n";
  }

  private static String originate(RawAmiSession session, String channel) throws Exception {
    String channelId = UUID.randomUUID().toString();
    String response =
        session.request(
            AmiMessage.of(
                "Action", "Originate",
                "ActionID", "orig-" + channelId,
                "Channel", channel,
                "Context", "agents",
                "Exten", "sales",
                "Priority", "1",
                "Timeout", "20000",
                "Variable", "a=b",
                "Async", "true",
                "ChannelId", channelId));
    assertThat(response).contains("Message: Originate successfully queued");
    return channelId;
  }

  /**
   * The broadcast events of one call that a session got: by Linkedid (DestLinkedid for the
   * originated leg's DialBegin and DialEnd, OriginateResponse by its Uniqueid).
   */
  private static List<AmiMessage> eventsOf(RawAmiSession session, String channelId) {
    return session.events().stream()
        .filter(
            event ->
                channelId.equals(event.get("Linkedid"))
                    || channelId.equals(event.get("DestLinkedid"))
                    || ("OriginateResponse".equals(event.eventName())
                        && channelId.equals(event.get("Uniqueid"))))
        .filter(event -> !event.has("ActionID") || "OriginateResponse".equals(event.eventName()))
        .toList();
  }

  private static Map<String, Integer> callEvents(RawAmiSession session, String channelId) {
    Map<String, Integer> counts = new TreeMap<>();
    eventsOf(session, channelId).forEach(event -> counts.merge(event.eventName(), 1, Integer::sum));
    return counts;
  }

  private static List<AmiMessage> awaitEvents(
      RawAmiSession session, String name, String channelId, int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<AmiMessage> matching =
          eventsOf(session, channelId).stream()
              .filter(event -> name.equals(event.eventName()))
              .toList();
      if (matching.size() >= count) {
        return matching;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected " + count + " " + name + " of " + channelId + ", got " + matching.size());
      }
      Thread.sleep(10);
    }
  }

  /** Sends a list action and returns the events that answered it (up to its Complete). */
  private static List<AmiMessage> list(
      RawAmiSession session, String action, String actionId, String queue) throws Exception {
    session.send(AmiMessage.of("Action", action, "ActionID", actionId, "Queue", queue));
    session.awaitMessage(message -> message.startsWith("Event: " + action + "Complete\r\n"), WAIT);
    return session.events().stream().filter(event -> actionId.equals(event.actionId())).toList();
  }
}
