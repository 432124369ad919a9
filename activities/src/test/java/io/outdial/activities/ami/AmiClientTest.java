package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outdial.pbxsim.PbxSimulator;
import io.outdial.pbxsim.PbxSimulatorConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.asteriskjava.manager.response.ManagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's AMI connection against the simulator in this process. */
class AmiClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private PbxSimulator pbx;
  private AmiClient ami;
  private final List<ManagerEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void connect() throws IOException {
    pbx = PbxSimulator.start(PbxSimulatorConfig.builder().build());
    ami = client(pbx.port(), "s3cret");
    ami.start();
    await("AMI login").atMost(WAIT).until(ami::isConnected);
  }

  @AfterEach
  void close() {
    ami.close();
    pbx.close();
  }

  private AmiClient client(int port, String secret) {
    return new AmiClient(new AmiConfig("127.0.0.1", port, "dialer", secret), events::add);
  }

  private static OriginateAction originate(String channel, String channelId) {
    OriginateAction a = new OriginateAction();
    a.setActionId("outdial-" + channelId);
    a.setChannelId(channelId);
    a.setChannel(channel);
    a.setContext("agents");
    a.setExten("sales");
    a.setPriority(1);
    a.setTimeout(20_000L);
    a.setAsync(true);
    return a;
  }

  /** The AMI name of an asterisk-java event class (NewChannelEvent is Newchannel). */
  private static String amiName(ManagerEvent e) {
    String n = e.getClass().getSimpleName().replaceFirst("Event$", "");
    return n.equals("NewChannel") ? "Newchannel" : n.equals("Dial") ? "DialBegin" : n;
  }

  private <T extends ManagerEvent> List<T> eventsOf(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void anOriginateIsQueuedAndItsEventsReachTheConsumer() throws Exception {
    String id = UUID.randomUUID().toString();
    ManagerResponse r = ami.originate(originate("Local/busy@targets", id));
    assertThat(r).isNotInstanceOf(ManagerError.class);
    assertThat(r.getResponse()).isEqualTo("Success");
    assertThat(pbx.originateCountsByChannelId()).containsEntry(id, 1L);

    await("the OriginateResponse of " + id)
        .atMost(WAIT)
        .until(
            () ->
                eventsOf(OriginateResponseEvent.class).stream()
                    .anyMatch(e -> id.equals(e.getUniqueId())));
    OriginateResponseEvent response =
        eventsOf(OriginateResponseEvent.class).stream()
            .filter(e -> id.equals(e.getUniqueId()))
            .findFirst()
            .orElseThrow();
    assertThat(response.getResponse()).isEqualTo("Failure");
    assertThat(response.getReason()).isEqualTo(5);
  }

  @Test
  void liveChannelsListTheLegsOfACallAndHangupEndsIt() throws Exception {
    String id = UUID.randomUUID().toString();
    ami.originate(originate("Local/answer-long@targets", id));
    await("the answered call's originated leg is Up")
        .atMost(WAIT)
        .until(
            () ->
                ami.liveChannels().stream()
                    .anyMatch(
                        c ->
                            id.equals(c.uniqueId())
                                && Integer.valueOf(LiveChannel.STATE_UP).equals(c.state())));
    assertThat(ami.liveChannels())
        .filteredOn(c -> id.equals(c.linkedId()))
        .extracting(LiveChannel::uniqueId)
        .contains(id, id + ";2");

    ManagerResponse r = ami.hangup(id);
    assertThat(r).isNotInstanceOf(ManagerError.class);
    await("the call's legs gone")
        .atMost(WAIT)
        .until(() -> ami.liveChannels().stream().noneMatch(c -> id.equals(c.linkedId())));
    assertThat(eventsOf(HangupEvent.class)).extracting(HangupEvent::getUniqueId).contains(id);
  }

  @Test
  void hangupAllEndsManyCallsAtOnceAndCountsOutTheChannelsAsteriskDoesNotHave() throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      ami.originate(originate("Local/answer-long@targets", id));
    }
    await("50 answered calls up")
        .atMost(WAIT)
        .until(
            () ->
                ami.liveChannels().stream()
                        .filter(
                            c ->
                                ids.contains(c.uniqueId())
                                    && Integer.valueOf(LiveChannel.STATE_UP).equals(c.state()))
                        .count()
                    == 50);
    List<String> channels = new java.util.ArrayList<>(ids);
    channels.add("Local/nobody@targets-00000000;1");

    assertThat(ami.hangupAll(channels)).as("Hangups accepted").isEqualTo(50);
    await("every leg of the 50 calls gone")
        .atMost(WAIT)
        .until(() -> ami.liveChannels().stream().noneMatch(c -> ids.contains(c.linkedId())));
    assertThat(eventsOf(HangupEvent.class)).extracting(HangupEvent::getUniqueId).containsAll(ids);
  }

  @Test
  void aClientThatNamesTheEventsItReadsIsSentOnlyThose() throws Exception {
    List<ManagerEvent> filtered = new CopyOnWriteArrayList<>();
    try (AmiClient few =
        new AmiClient(
            new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"),
            filtered::add,
            CallRegistry.EVENTS)) {
      few.start();
      await("filters set").atMost(WAIT).until(few::eventsFiltered);
      // Its login's own events (FullyBooted, SuccessfulAuth) came before its filters.
      int from = filtered.size();
      long unfilteredFrom = events.size();
      String id = UUID.randomUUID().toString();
      ami.originate(originate("Local/answer@targets", id));
      await("the call's legs hung up, as the unfiltered session saw it")
          .atMost(WAIT)
          .until(
              () ->
                  eventsOf(HangupEvent.class).stream()
                          .filter(e -> id.equals(e.getLinkedId()))
                          .count()
                      >= 2);
      await("the filtered session saw the hangups too")
          .atMost(WAIT)
          .until(
              () ->
                  filtered.stream()
                          .filter(e -> e instanceof HangupEvent h && id.equals(h.getLinkedId()))
                          .count()
                      >= 2);
      java.util.Set<String> names = new java.util.TreeSet<>();
      List<ManagerEvent> after = List.copyOf(filtered.subList(from, filtered.size()));
      for (ManagerEvent e : after) {
        if (!(e instanceof ConnectEvent)
            && !(e instanceof DisconnectEvent)
            && !(e instanceof org.asteriskjava.manager.event.ResponseEvent)) {
          names.add(e.getClass().getSimpleName());
        }
      }
      // asterisk-java names Newchannel NewChannelEvent and adds a legacy DialEvent to DialBegin.
      assertThat(names)
          .isSubsetOf(
              "OriginateResponseEvent",
              "NewChannelEvent",
              "HangupEvent",
              "DialBeginEvent",
              "DialEndEvent",
              "DialEvent")
          .contains("HangupEvent", "NewChannelEvent");
      long unfiltered = events.size() - unfilteredFrom;
      assertThat(after.size())
          .as("events of the filtered session against the unfiltered one's %d", unfiltered)
          .isLessThan((int) unfiltered / 2);

      // Filters last as long as a session: after the link drops, the new login sets them again.
      pbx.dropConnections(Duration.ofSeconds(1));
      await("the drop noticed").atMost(WAIT).until(() -> !few.eventsFiltered());
      await("both links back up, the filtered one filtered again")
          .atMost(Duration.ofSeconds(20))
          .until(() -> ami.isConnected() && few.isConnected() && few.eventsFiltered());
      int again = filtered.size();
      String second = UUID.randomUUID().toString();
      ami.originate(originate("Local/answer@targets", second));
      await("the second call's hangups in the filtered session")
          .atMost(WAIT)
          .until(
              () ->
                  filtered.stream()
                          .filter(e -> e instanceof HangupEvent h && second.equals(h.getLinkedId()))
                          .count()
                      >= 2);
      assertThat(filtered.subList(again, filtered.size()))
          .as("events after the reconnect")
          .allSatisfy(
              e ->
                  assertThat(
                          e instanceof ConnectEvent
                              || e instanceof DisconnectEvent
                              || e instanceof org.asteriskjava.manager.event.ResponseEvent
                              || CallRegistry.EVENTS.contains(amiName(e)))
                      .as(e.getClass().getSimpleName())
                      .isTrue());
    }
  }

  @Test
  void hangingUpAChannelAsteriskDoesNotHaveIsRefused() throws Exception {
    assertThat(ami.hangup("Local/nobody@targets-00000000;1")).isInstanceOf(ManagerError.class);
  }

  @Test
  void queueSummaryGivesTheAgentsAvailableAndMinusOneForAnUnknownQueue() throws Exception {
    pbx.setQueue("support", 3, 2);
    assertThat(ami.queueAvailable("support")).isEqualTo(2);
    pbx.setQueue("support", 3, 0);
    assertThat(ami.queueAvailable("support")).isZero();
    assertThat(ami.queueAvailable("no-such-queue")).isEqualTo(-1);
  }

  @Test
  void aDroppedLinkIsNoticedActionsFailMeanwhileAndItComesBackByItself() throws Exception {
    assertThat(pbx.dropConnections(Duration.ofSeconds(2))).isEqualTo(1);
    await("the link noticed down").atMost(WAIT).until(() -> !ami.isConnected());
    assertThat(eventsOf(DisconnectEvent.class)).isNotEmpty();
    assertThatThrownBy(() -> ami.hangup("Local/x@targets-1;1"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not connected");
    assertThatThrownBy(() -> ami.liveChannels()).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> ami.hangupAll(List.of("Local/x@targets-1;1")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not connected");
    assertThatThrownBy(() -> ami.queueAvailable("sales")).isInstanceOf(IOException.class);

    // asterisk-java reconnects on its own; each login fires a ConnectEvent.
    await("the link back up").atMost(Duration.ofSeconds(20)).until(ami::isConnected);
    await("a second ConnectEvent")
        .atMost(WAIT)
        .until(() -> eventsOf(ConnectEvent.class).size() >= 2);
    String id = UUID.randomUUID().toString();
    assertThat(ami.originate(originate("Local/busy@targets", id)).getResponse())
        .isEqualTo("Success");
  }

  @Test
  void aFailedLoginIsRetriedUntilItSucceeds() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (AmiClient early = client(port, "s3cret")) {
      early.start();
      // The first logins go to a port nobody listens on.
      await("no login while nothing listens")
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !early.isConnected());
      try (PbxSimulator late =
          PbxSimulator.start(PbxSimulatorConfig.builder().port(port).build())) {
        await("login once the PBX is up").atMost(WAIT).until(early::isConnected);
        assertThat(late.connectedSessions()).isEqualTo(1);
      }
    }
  }

  @Test
  void aWrongSecretNeverConnects() throws Exception {
    try (AmiClient wrong = client(pbx.port(), "wrong")) {
      wrong.start();
      await("no login with a wrong secret")
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(3))
          .until(() -> !wrong.isConnected());
    }
  }
}
