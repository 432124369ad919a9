package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.ResponseEvents;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.PingAction;
import org.asteriskjava.manager.action.QueueSummaryAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.event.QueueSummaryEvent;
import org.asteriskjava.manager.event.VarSetEvent;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator in-process, driven by asterisk-java exactly as the dialer drives a real Asterisk:
 * every outcome must produce what the recordings show (see RecordedSessionParseTest).
 */
class PbxSimulatorTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static PbxSimulator pbx;

  @BeforeAll
  static void startSimulator() throws IOException {
    pbx = PbxSimulator.start(PbxSimulatorConfig.builder().build());
  }

  @AfterAll
  static void stopSimulator() {
    pbx.close();
  }

  /** An asterisk-java connection with its event collector. */
  record Client(ManagerConnection connection, AsteriskJavaEvents events) implements AutoCloseable {
    @Override
    public void close() {
      if (connection.getState() == ManagerConnectionState.CONNECTED) {
        connection.logoff();
      }
    }
  }

  static Client connect(PbxSimulator simulator, String secret) throws Exception {
    ManagerConnection connection =
        new ManagerConnectionFactory("127.0.0.1", simulator.port(), "dialer", secret)
            .createManagerConnection();
    AsteriskJavaEvents events = new AsteriskJavaEvents();
    connection.addEventListener(events);
    connection.login();
    return new Client(connection, events);
  }

  static OriginateAction originate(String channel, String channelId, long timeoutMs) {
    OriginateAction action = new OriginateAction();
    action.setChannel(channel);
    action.setContext("agents");
    action.setExten("sales");
    action.setPriority(1);
    action.setTimeout(timeoutMs);
    action.setCallerId("\"ACME Test\" <5551234>");
    action.setVariable("a", "b");
    action.setAsync(true);
    action.setChannelId(channelId);
    action.setActionId("orig-" + channelId);
    return action;
  }

  /**
   * Sends an Originate as the dialer does (sendAction, not sendEventGeneratingAction) and checks it
   * was queued.
   */
  static String originateQueued(Client client, String channel, long timeoutMs) throws Exception {
    String channelId = UUID.randomUUID().toString();
    ManagerResponse response =
        client.connection().sendAction(originate(channel, channelId, timeoutMs), WAIT.toMillis());
    assertThat(response.getResponse()).as("originate %s", channel).isEqualTo("Success");
    assertThat(response.getMessage()).isEqualTo("Originate successfully queued");
    return channelId;
  }

  static OriginateResponseEvent awaitOriginateResponse(
      Client client, String channelId, Duration timeout) throws InterruptedException {
    return client
        .events()
        .await(
            OriginateResponseEvent.class,
            event -> channelId.equals(event.getUniqueId()),
            1,
            timeout)
        .get(0);
  }

  static HangupEvent awaitHangup(Client client, String uniqueid, Duration timeout)
      throws InterruptedException {
    return client
        .events()
        .await(HangupEvent.class, event -> uniqueid.equals(event.getUniqueId()), 1, timeout)
        .get(0);
  }

  @Test
  void everyOutcomeEndsAsTheRecordingsShow() throws Exception {
    try (Client client = connect(pbx, "s3cret")) {
      long sentAt = System.nanoTime();
      String busy = originateQueued(client, "Local/busy@targets", 20_000);
      String congestion = originateQueued(client, "Local/congestion@targets", 20_000);
      String unallocated = originateQueued(client, "Local/unallocated@targets", 20_000);
      String reject = originateQueued(client, "Local/reject@targets", 20_000);
      String noanswer = originateQueued(client, "Local/noanswer@targets", 1_000);
      String answer = originateQueued(client, "Local/answer@targets", 20_000);
      String badTechnology = originateQueued(client, "Foo/123", 20_000);
      String missingContext = originateQueued(client, "Local/answer@nosuchcontext", 20_000);

      OriginateResponseEvent busyResponse = awaitOriginateResponse(client, busy, WAIT);
      assertThat(busyResponse.getResponse()).isEqualTo("Failure");
      assertThat(busyResponse.getReason()).isEqualTo(5);
      assertThat(busyResponse.getChannel())
          .as("a failure names the dial string")
          .isEqualTo("Local/busy@targets");
      assertThat(busyResponse.getActionId()).isEqualTo("orig-" + busy);
      assertThat(awaitHangup(client, busy, WAIT).getCause()).isZero();
      assertThat(awaitHangup(client, busy, WAIT).getCauseTxt()).isNull();
      assertThat(awaitHangup(client, busy + ";2", WAIT).getCause()).isEqualTo(17);
      assertThat(awaitHangup(client, busy + ";2", WAIT).getCauseTxt()).isEqualTo("User busy");

      assertThat(awaitOriginateResponse(client, congestion, WAIT).getReason()).isEqualTo(8);
      assertThat(awaitHangup(client, congestion, WAIT).getCause()).isZero();
      assertThat(awaitHangup(client, congestion + ";2", WAIT).getCause()).isEqualTo(34);

      assertThat(awaitOriginateResponse(client, unallocated, WAIT).getReason()).isZero();
      assertThat(awaitHangup(client, unallocated, WAIT).getCause()).isEqualTo(1);
      assertThat(awaitHangup(client, unallocated + ";2", WAIT).getCause()).isEqualTo(1);

      assertThat(awaitOriginateResponse(client, reject, WAIT).getReason()).isZero();
      assertThat(awaitHangup(client, reject, WAIT).getCause()).isEqualTo(21);
      assertThat(awaitHangup(client, reject + ";2", WAIT).getCause()).isEqualTo(21);

      OriginateResponseEvent badTechnologyResponse =
          awaitOriginateResponse(client, badTechnology, WAIT);
      assertThat(badTechnologyResponse.getReason()).isZero();
      assertThat(badTechnologyResponse.getChannel()).isEqualTo("Foo/123");

      assertThat(awaitOriginateResponse(client, missingContext, WAIT).getReason()).isZero();
      assertThat(awaitHangup(client, missingContext, WAIT).getCause()).isZero();

      OriginateResponseEvent noanswerResponse = awaitOriginateResponse(client, noanswer, WAIT);
      assertThat(Duration.ofNanos(System.nanoTime() - sentAt))
          .as("no answer comes at the Timeout")
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
      assertThat(noanswerResponse.getReason()).isEqualTo(3);
      assertThat(awaitHangup(client, noanswer, WAIT).getCause()).isEqualTo(19);
      assertThat(awaitHangup(client, noanswer + ";2", WAIT).getCause()).isEqualTo(19);

      OriginateResponseEvent answerResponse = awaitOriginateResponse(client, answer, WAIT);
      assertThat(answerResponse.getResponse()).isEqualTo("Success");
      assertThat(answerResponse.getReason()).isEqualTo(4);
      assertThat(answerResponse.getChannel()).startsWith("Local/answer@targets-").endsWith(";1");
      List<HangupEvent> answerHangups =
          client
              .events()
              .await(HangupEvent.class, event -> answer.equals(event.getLinkedId()), 4, WAIT);
      assertThat(answerHangups)
          .hasSize(4)
          .allSatisfy(hangup -> assertThat(hangup.getCause()).isEqualTo(16));
      assertThat(answerHangups)
          .extracting(HangupEvent::getUniqueId)
          .contains(answer, answer + ";2");

      assertThat(
              client
                  .events()
                  .ofType(DialEndEvent.class, event -> noanswer.equals(event.getDestUniqueId())))
          .as("a no-answer has no DialEnd")
          .isEmpty();
      assertThat(
              client
                  .events()
                  .ofType(
                      NewChannelEvent.class, event -> badTechnology.equals(event.getLinkedid())))
          .as("a bad technology creates no channel")
          .isEmpty();
      assertThat(
              client
                  .events()
                  .ofType(HangupEvent.class, event -> badTechnology.equals(event.getLinkedId())))
          .isEmpty();
      assertThat(
              client
                  .events()
                  .ofType(
                      VarSetEvent.class,
                      event -> busy.equals(event.getUniqueId()) && "a".equals(event.getVariable())))
          .as("the originate's variable is set on the channel")
          .singleElement()
          .satisfies(varSet -> assertThat(varSet.getValue()).isEqualTo("b"));
      assertThat(pbx.awaitNoActiveCalls(WAIT)).isTrue();
    }
  }

  @Test
  void anOriginateToAMissingContextIsRefusedAtOnce() throws Exception {
    try (Client client = connect(pbx, "s3cret")) {
      String channelId = UUID.randomUUID().toString();
      OriginateAction action = originate("Local/answer@targets", channelId, 20_000);
      action.setContext("nosuchcontext");
      ManagerResponse response = client.connection().sendAction(action, WAIT.toMillis());
      assertThat(response.getResponse()).isEqualTo("Error");
      assertThat(response.getMessage()).isEqualTo("Extension does not exist.");
      Thread.sleep(200);
      assertThat(
              client
                  .events()
                  .ofType(
                      OriginateResponseEvent.class, event -> channelId.equals(event.getUniqueId())))
          .isEmpty();
    }
  }

  @Test
  void aWrongSecretFailsTheLogin() {
    assertThatThrownBy(() -> connect(pbx, "wrong"))
        .isInstanceOf(AuthenticationFailedException.class);
  }

  @Test
  void coreShowChannelsListsAnAnsweredCallUntilItIsHungUpByChannelId() throws Exception {
    try (Client client = connect(pbx, "s3cret")) {
      String channelId = originateQueued(client, "Local/answer-long@targets", 20_000);
      assertThat(awaitOriginateResponse(client, channelId, WAIT).getReason()).isEqualTo(4);
      client
          .events()
          .await(NewChannelEvent.class, event -> channelId.equals(event.getLinkedid()), 4, WAIT);

      List<CoreShowChannelEvent> legs = coreShowChannels(client, channelId);
      assertThat(legs).hasSize(4);
      assertThat(legs)
          .extracting(CoreShowChannelEvent::getUniqueid)
          .contains(channelId, channelId + ";2");
      assertThat(legs)
          .extracting(CoreShowChannelEvent::getChannel)
          .anySatisfy(
              channel ->
                  assertThat(channel).startsWith("Local/answer-long@targets-").endsWith(";1"))
          .anySatisfy(channel -> assertThat(channel).startsWith("Local/agent1@agentsim-"));
      assertThat(queueSummary(client, "sales").getAvailable())
          .as("the agent is on the call")
          .isZero();

      ManagerResponse hungUp =
          client.connection().sendAction(new HangupAction(channelId), WAIT.toMillis());
      assertThat(hungUp.getResponse()).isEqualTo("Success");
      assertThat(hungUp.getMessage()).isEqualTo("Channel Hungup");
      List<HangupEvent> hangups =
          client
              .events()
              .await(HangupEvent.class, event -> channelId.equals(event.getLinkedId()), 4, WAIT);
      assertThat(hangups).allSatisfy(hangup -> assertThat(hangup.getCause()).isEqualTo(16));
      assertThat(coreShowChannels(client, channelId)).isEmpty();
      assertThat(queueSummary(client, "sales").getAvailable()).isEqualTo(1);

      ManagerResponse again =
          client.connection().sendAction(new HangupAction(channelId), WAIT.toMillis());
      assertThat(again.getResponse()).isEqualTo("Error");
      assertThat(again.getMessage()).isEqualTo("No such channel");
    }
  }

  @Test
  void hangingUpARingingCallEndsItBeforeTheAnswer() throws Exception {
    try (Client client = connect(pbx, "s3cret")) {
      String channelId = originateQueued(client, "Local/noanswer@targets", 20_000);
      client
          .events()
          .await(NewChannelEvent.class, event -> channelId.equals(event.getLinkedid()), 2, WAIT);
      String channel =
          pbx.liveChannelNames().stream()
              .filter(name -> name.endsWith(";1") && name.contains("noanswer"))
              .findFirst()
              .orElseThrow();
      ManagerResponse hungUp =
          client.connection().sendAction(new HangupAction(channel), WAIT.toMillis());
      assertThat(hungUp.getMessage()).isEqualTo("Channel Hungup");
      OriginateResponseEvent response = awaitOriginateResponse(client, channelId, WAIT);
      assertThat(response.getResponse()).isEqualTo("Failure");
      assertThat(response.getReason()).as("hung up before the answer").isEqualTo(1);
      assertThat(awaitHangup(client, channelId, WAIT).getCause()).isEqualTo(16);
      assertThat(awaitHangup(client, channelId + ";2", WAIT).getCause()).isEqualTo(16);
      assertThat(coreShowChannels(client, channelId)).isEmpty();
    }
  }

  @Test
  void hangingUpAnApplicationCallAtAnyMomentSendsAHangupForEveryLeg() throws Exception {
    // A force stop 300 ms into an Application call once left its ;1 leg without a Hangup: the
    // teardown recording named legs the call did not have at that moment.
    for (long delayMs : new long[] {0, 50, 150, 300, 600}) {
      try (Client client = connect(pbx, "s3cret")) {
        String channelId = UUID.randomUUID().toString();
        OriginateAction action = originate("Local/answer@targets", channelId, 20_000);
        action.setContext(null);
        action.setExten(null);
        action.setPriority(null);
        action.setApplication("Wait");
        action.setData("1");
        assertThat(client.connection().sendAction(action, WAIT.toMillis()).getResponse())
            .isEqualTo("Success");
        client
            .events()
            .await(NewChannelEvent.class, event -> channelId.equals(event.getLinkedid()), 1, WAIT);
        Thread.sleep(delayMs);
        client.connection().sendAction(new HangupAction(channelId), WAIT.toMillis());
        assertThat(awaitHangup(client, channelId, WAIT).getUniqueId())
            .as("after %d ms", delayMs)
            .isEqualTo(channelId);
        assertThat(coreShowChannels(client, channelId)).as("after %d ms", delayMs).isEmpty();
      }
    }
  }

  @Test
  void queueSummaryReportsTheConfiguredQueues() throws Exception {
    pbx.setQueue("support", 3, 2);
    try (Client client = connect(pbx, "s3cret")) {
      QueueSummaryEvent sales = queueSummary(client, "sales");
      assertThat(sales.getLoggedIn()).isEqualTo(1);
      assertThat(sales.getAvailable()).isEqualTo(1);
      QueueSummaryEvent support = queueSummary(client, "support");
      assertThat(support.getLoggedIn()).isEqualTo(3);
      assertThat(support.getAvailable()).isEqualTo(2);
    }
  }

  @Test
  void afterADroppedLinkAsteriskJavaReconnectsAndTheCallWentOn() throws Exception {
    try (PbxSimulator dropping = PbxSimulator.start(PbxSimulatorConfig.builder().build());
        Client client = connect(dropping, "s3cret")) {
      String channelId = originateQueued(client, "Local/answer-long@targets", 20_000);
      client
          .events()
          .await(NewChannelEvent.class, event -> channelId.equals(event.getLinkedid()), 4, WAIT);

      assertThat(dropping.dropConnections(Duration.ofMillis(1000))).isEqualTo(1);
      client.events().await(DisconnectEvent.class, event -> true, 1, WAIT);
      // asterisk-java fired one ConnectEvent at login; the second one means it is back.
      client.events().await(ConnectEvent.class, event -> true, 2, Duration.ofSeconds(15));
      assertThat(dropping.refusedConnections())
          .as("the first reconnect came within the refusal window")
          .isPositive();

      assertThat(client.connection().sendAction(new PingAction(), WAIT.toMillis()).getResponse())
          .isEqualTo("Success");
      assertThat(coreShowChannels(client, channelId))
          .as("the call kept going while the link was down")
          .hasSize(4);
    }
  }

  @Test
  void everyOriginateIsLoggedWithItsChannelId(@TempDir Path directory) throws Exception {
    Path log = directory.resolve("logs/originates.tsv");
    try (PbxSimulator logging =
            PbxSimulator.start(PbxSimulatorConfig.builder().originateLog(log).build());
        Client client = connect(logging, "s3cret")) {
      String twice = UUID.randomUUID().toString();
      String once = UUID.randomUUID().toString();
      client
          .connection()
          .sendAction(originate("Local/busy@targets", twice, 20_000), WAIT.toMillis());
      client
          .connection()
          .sendAction(originate("Local/busy@targets", twice, 20_000), WAIT.toMillis());
      client
          .connection()
          .sendAction(originate("PJSIP/5551001@trunk", once, 20_000), WAIT.toMillis());

      assertThat(logging.originateCountsByChannelId())
          .containsExactly(Map.entry(twice, 2L), Map.entry(once, 1L));
      // The log keeps the ActionID as received: asterisk-java puts its own id and '#' before ours.
      assertThat(logging.originates())
          .extracting(OriginateRecord::actionId)
          .satisfiesExactly(
              id -> assertThat(id).endsWith("#orig-" + twice),
              id -> assertThat(id).endsWith("#orig-" + twice),
              id -> assertThat(id).endsWith("#orig-" + once));
      List<String> lines = Files.readAllLines(log);
      assertThat(lines).hasSize(3);
      String[] fields = lines.get(2).split("\t", -1);
      assertThat(fields).hasSize(4);
      assertThat(Instant.parse(fields[0])).isBeforeOrEqualTo(Instant.now());
      assertThat(fields[1]).isEqualTo(once);
      assertThat(fields[2]).endsWith("#orig-" + once);
      assertThat(fields[3]).isEqualTo("PJSIP/5551001@trunk");
    }
  }

  @Test
  void rulesDecideTheOutcomeAndItsTiming() throws Exception {
    PbxSimulatorConfig config =
        PbxSimulatorConfig.builder().rules("555100*=busy;5552*=answer:50:300;*=noanswer").build();
    try (PbxSimulator ruled = PbxSimulator.start(config);
        Client client = connect(ruled, "s3cret")) {
      long sentAt = System.nanoTime();
      String busy = originateQueued(client, "PJSIP/5551001@trunk", 20_000);
      String answered = originateQueued(client, "PJSIP/5552000@trunk", 20_000);
      String unmatched = originateQueued(client, "PJSIP/5559999@trunk", 500);
      String named = originateQueued(client, "Local/congestion@targets", 20_000);

      assertThat(awaitOriginateResponse(client, busy, WAIT).getReason()).isEqualTo(5);
      assertThat(awaitOriginateResponse(client, answered, WAIT).getReason()).isEqualTo(4);
      assertThat(awaitOriginateResponse(client, named, WAIT).getReason())
          .as("an outcome name beats the rules")
          .isEqualTo(8);
      List<HangupEvent> answeredHangups =
          client
              .events()
              .await(HangupEvent.class, event -> answered.equals(event.getLinkedId()), 4, WAIT);
      assertThat(Duration.ofNanos(System.nanoTime() - sentAt))
          .as("talked about 300 ms")
          .isBetween(Duration.ofMillis(300), Duration.ofMillis(2_000));
      assertThat(answeredHangups).allSatisfy(hangup -> assertThat(hangup.getCause()).isEqualTo(16));
      assertThat(answeredHangups.get(0).getChannel()).startsWith("PJSIP/5552000@trunk-");
      assertThat(awaitOriginateResponse(client, unmatched, WAIT).getReason()).isEqualTo(3);
    }
  }

  @Test
  void aShuffledOrderKeepsTheRecordedOutcomes() throws Exception {
    try (PbxSimulator shuffling =
            PbxSimulator.start(PbxSimulatorConfig.builder().shuffleSeed(11L).build());
        Client client = connect(shuffling, "s3cret")) {
      List<String> busy = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        busy.add(originateQueued(client, "Local/busy@targets", 20_000));
      }
      for (String channelId : busy) {
        assertThat(awaitOriginateResponse(client, channelId, WAIT).getReason()).isEqualTo(5);
        assertThat(awaitHangup(client, channelId, WAIT).getCause()).isZero();
        assertThat(awaitHangup(client, channelId + ";2", WAIT).getCause()).isEqualTo(17);
      }
    }
  }

  @Test
  void beyondCapacityAnOriginateFailsLikeABadTechnology() throws Exception {
    try (PbxSimulator small = PbxSimulator.start(PbxSimulatorConfig.builder().capacity(1).build());
        Client client = connect(small, "s3cret")) {
      String first = originateQueued(client, "Local/answer-long@targets", 20_000);
      String second = originateQueued(client, "Local/answer@targets", 20_000);
      assertThat(awaitOriginateResponse(client, first, WAIT).getReason()).isEqualTo(4);
      assertThat(small.callsWithChannels()).isOne();
      OriginateResponseEvent refused = awaitOriginateResponse(client, second, WAIT);
      assertThat(refused.getResponse()).isEqualTo("Failure");
      assertThat(refused.getReason()).isZero();
      assertThat(
              client
                  .events()
                  .ofType(NewChannelEvent.class, event -> second.equals(event.getLinkedid())))
          .isEmpty();
      client.connection().sendAction(new HangupAction(first), WAIT.toMillis());
      assertThat(small.awaitNoActiveCalls(WAIT)).isTrue();
      String third = originateQueued(client, "Local/busy@targets", 20_000);
      assertThat(awaitOriginateResponse(client, third, WAIT).getReason())
          .as("capacity is free again")
          .isEqualTo(5);
      // The refused Originate never made a call: one at most at once.
      assertThat(small.peakCallsWithChannels()).isOne();
    }
  }

  @Test
  void malformedInputGetsAnErrorAndTheServerCarriesOn() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", pbx.port())) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      assertThat(in.readLine()).isEqualTo("Asterisk Call Manager/11.0.0");

      out.write("this is no header\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in))
          .containsExactly("Response: Error", "Message: Missing action in request");
      out.write(
          "Action: CoreShowChannels\r\nActionID: early\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in))
          .containsExactly("Response: Error", "ActionID: early", "Message: Permission denied");
      out.write(
          "Action: Login\r\nUsername: dialer\r\nSecret: s3cret\r\nEvents: off\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in))
          .containsExactly("Response: Success", "Message: Authentication accepted");
      assertThat(readMessage(in)).startsWith("Event: FullyBooted");
      out.write("Action: NoSuchThing\r\nActionID: x1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in))
          .containsExactly("Response: Error", "ActionID: x1", "Message: Invalid/unknown command");
      out.write("Action: Originate\r\nActionID: x2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in))
          .containsExactly("Response: Error", "ActionID: x2", "Message: Channel not specified");
      out.write("Action: Ping\r\nActionID: x3\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readMessage(in)).startsWith("Response: Success", "ActionID: x3", "Ping: Pong");

      out.write(
          ("X-Garbage: " + "x".repeat(70_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(in.readLine()).as("an endless line costs that connection").isNull();
    }
    try (Client client = connect(pbx, "s3cret")) {
      assertThat(client.connection().sendAction(new PingAction(), WAIT.toMillis()).getResponse())
          .isEqualTo("Success");
    }
  }

  private static List<String> readMessage(BufferedReader in) throws IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = in.readLine()) != null && !line.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  private static List<CoreShowChannelEvent> coreShowChannels(Client client, String linkedid)
      throws Exception {
    ResponseEvents response =
        client
            .connection()
            .sendEventGeneratingAction(new CoreShowChannelsAction(), WAIT.toMillis());
    return response.getEvents().stream()
        .filter(CoreShowChannelEvent.class::isInstance)
        .map(CoreShowChannelEvent.class::cast)
        .filter(event -> linkedid.equals(event.getLinkedid()))
        .toList();
  }

  private static QueueSummaryEvent queueSummary(Client client, String queue) throws Exception {
    ResponseEvents response =
        client
            .connection()
            .sendEventGeneratingAction(new QueueSummaryAction(queue), WAIT.toMillis());
    List<QueueSummaryEvent> summaries =
        response.getEvents().stream()
            .filter(QueueSummaryEvent.class::isInstance)
            .map(QueueSummaryEvent.class::cast)
            .toList();
    assertThat(summaries).as("QueueSummary for %s", queue).hasSize(1);
    return summaries.get(0);
  }
}
