package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.outdial.activities.DialActivitiesImpl;
import io.outdial.activities.TestDatabase;
import io.outdial.activities.TestDatabase.Dialing;
import io.outdial.pbxsim.PbxSimulator;
import io.outdial.pbxsim.PbxSimulatorConfig;
import io.outdial.store.AttemptStore;
import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.workflows.CallOutcome;
import io.outdial.workflows.OriginateResult;
import io.outdial.workflows.StatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry follows real calls (the simulator, in this process) from the Originate to their
 * outcome, saves their progress in MariaDB, and settles the calls whose events it lost by asking
 * Asterisk for its live channels.
 */
class CallRegistryIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static TestDatabase db;
  private static PbxSimulator pbx;
  private CallRegistry registry;
  private AmiClient ami;
  private DialActivitiesImpl dial;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("outdial_it_calls");
    pbx = PbxSimulator.start(PbxSimulatorConfig.builder().build());
  }

  @AfterAll
  static void stop() throws Exception {
    pbx.close();
    db.close();
  }

  /** A registry on its own AMI link; {@code events} decides which events it is given. */
  private void connect(Consumer<ManagerEvent> events) {
    registry = new CallRegistry(db.database().attempts());
    ami = new AmiClient(new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"), events);
    registry.attach(ami);
    ami.start();
    dial = new DialActivitiesImpl(db.database(), registry, ami);
    await("AMI login").atMost(WAIT).until(ami::isConnected);
  }

  private void connect() {
    connect(e -> registry.onEvent(e));
  }

  @AfterEach
  void disconnect() {
    ami.close();
    registry.close();
  }

  /** Originates a call to {@code number} through the dial step; returns its attempt id. */
  private String dialed(Dialing dialing, String number) {
    String campaign = db.campaign(dialing, number);
    Reservation r = db.reserve(campaign);
    OriginateResult sent = dial.originate(TestDatabase.input(campaign, r, dialing.dialTimeoutMs()));
    assertThat(sent.kind()).as("originate of %s", number).isEqualTo(OriginateResult.Kind.SENT);
    return r.attemptId();
  }

  private CallOutcome ended(String attemptId) throws InterruptedException {
    CallTracker t = registry.track(attemptId);
    assertThat(CallRegistry.awaitEnd(t, WAIT.toMillis())).as("the call ended").isTrue();
    return t.outcome();
  }

  /** An answered call whose end is to be reported to a lane, once it has ended; its attempt id. */
  private String endedCallOfALane() throws InterruptedException {
    String id = dialed(Dialing.local(20_000), "answer");
    registry.track(id).reportTo("campaign-x/lane-default-1");
    ended(id);
    return id;
  }

  private static List<Integer> statuses(CallOutcome o) {
    return o.trail().stream().map(StatusChange::status).toList();
  }

  @Test
  void aWorkerThatSawACallFromItsStartAdoptsItWithItsRealOutcomeOnceItsSenderDied()
      throws Exception {
    connect();
    // A second worker on the same PBX: every AMI session receives every event.
    CallRegistry observer = new CallRegistry(db.database().attempts());
    AmiClient observerAmi =
        new AmiClient(
            new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"), observer::onEvent);
    observer.attach(observerAmi);
    observerAmi.start();
    try {
      await("the observer's AMI login").atMost(WAIT).until(observerAmi::isConnected);
      String id = dialed(Dialing.local(20_000), "answer");
      // The worker that sent it dies as soon as its Originate has left.
      ami.close();
      registry.close();
      assertThat(pbx.awaitNoActiveCalls(WAIT)).as("the call ended in Asterisk").isTrue();
      await("the observer to have seen the call").atMost(WAIT).until(() -> observer.shadowed() > 0);
      assertThat(observer.isTracked(id)).isFalse();

      // Adopted (a lane's follow-up): ended, with what Asterisk said, not settled as lost.
      CallTracker adopted = observer.track(id);
      assertThat(adopted.ended(System.currentTimeMillis())).isTrue();
      CallOutcome o = adopted.outcome();
      assertThat(o.resDial()).isEqualTo(4);
      assertThat(o.resHangup()).isEqualTo(16);
      assertThat(o.finalDialingStatus()).isEqualTo(CallTracker.HANGUP);
      assertThat(o.detail()).isEqualTo("OriginateResponse Success");
      assertThat(statuses(o))
          .startsWith(CallTracker.ORIGINATE_SENT, CallTracker.CHANNEL_CREATE)
          .endsWith(CallTracker.HANGUP);
      assertThat(o.trail().get(0).atMs())
          .isEqualTo(
              db.database().attempts().findAttempt(id).orElseThrow().originateAt().toEpochMilli());
    } finally {
      observerAmi.close();
      observer.close();
    }
  }

  @Test
  void aRoundOfReportsIsNotHeldUpByALockOnTheAttemptsRows() throws Exception {
    connect();
    String id = endedCallOfALane();
    // A lane's RecordResults of the same attempt, its transaction still open: the write of the
    // call's end waits on that row, and the reports must not wait with it.
    try (org.jdbi.v3.core.Handle recording = db.database().jdbi().open()) {
      recording.begin();
      recording
          .createQuery("SELECT id FROM attempt WHERE id = :id FOR UPDATE")
          .bind("id", id)
          .mapTo(String.class)
          .one();
      List<String> toLane = new java.util.concurrent.CopyOnWriteArrayList<>();
      int sent =
          org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () ->
                  registry.reportEnds(
                      (lane, calls) -> calls.forEach(c -> toLane.add(c.attemptId()))),
              "a round of reports while the attempt's row is locked (the lock waits 50 s)");
      assertThat(sent).isOne();
      assertThat(toLane).containsExactly(id);
      recording.rollback();
    }
  }

  @Test
  void aCallReportedLongAgoWhoseResultAnotherWorkerRecordedIsForgotten() throws Exception {
    connect();
    String id = endedCallOfALane();
    List<String> toLane = new java.util.ArrayList<>();
    assertThat(registry.reportEnds((lane, calls) -> calls.forEach(c -> toLane.add(c.attemptId()))))
        .isOne();
    assertThat(toLane).containsExactly(id);
    long now = System.currentTimeMillis();
    // Not yet recorded: still followed, however long ago it was reported.
    registry.forgetSettledElsewhere(now + CallRegistry.SETTLED_CHECK_AFTER_MS + 1);
    assertThat(registry.isTracked(id)).isTrue();
    // Recorded by another worker: forgotten here, once its report is old enough.
    db.database()
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE attempt SET state = 'SETTLED' WHERE id = :id")
                    .bind("id", id)
                    .execute());
    registry.forgetSettledElsewhere(now);
    assertThat(registry.isTracked(id)).isTrue();
    registry.forgetSettledElsewhere(now + CallRegistry.SETTLED_CHECK_AFTER_MS + 1);
    assertThat(registry.isTracked(id)).isFalse();
  }

  @Test
  void anAnsweredCallEndsWithTheFarEndsHangup() throws Exception {
    connect();
    CallOutcome o = ended(dialed(Dialing.local(20_000), "answer"));
    assertThat(o.resDial()).isEqualTo(4);
    assertThat(o.resHangup()).isEqualTo(16);
    assertThat(o.finalDialingStatus()).isEqualTo(CallTracker.HANGUP);
    assertThat(o.channel()).startsWith("Local/answer@targets-").endsWith(";1");
    assertThat(statuses(o))
        .startsWith(CallTracker.ORIGINATE_SENT)
        .contains(
            CallTracker.CHANNEL_CREATE, CallTracker.DIALING_END, CallTracker.ORIGINATE_RESPONSE)
        .endsWith(CallTracker.HANGUP);
    assertThat(o.detail()).isEqualTo("OriginateResponse Success");
  }

  @Test
  void aBusyCallTakesTheCauseOfThePeerLeg() throws Exception {
    connect();
    CallOutcome o = ended(dialed(Dialing.local(20_000), "busy"));
    assertThat(o.resDial()).isEqualTo(5);
    assertThat(o.resHangup()).isEqualTo(17);
    assertThat(o.finalDialingStatus()).isEqualTo(CallTracker.HANGUP);
    assertThat(o.detail()).isEqualTo("OriginateResponse Failure");
  }

  @Test
  void anUnansweredCallEndsAtTheDialTimeout() throws Exception {
    connect();
    long start = System.currentTimeMillis();
    CallOutcome o = ended(dialed(Dialing.local(1_000), "noanswer"));
    assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(1_000);
    assertThat(o.resDial()).isEqualTo(3);
    assertThat(o.resHangup()).isEqualTo(19);
  }

  @Test
  void anOriginateThatCreatesNoChannelEndsByItsResponse() throws Exception {
    connect();
    CallOutcome o = ended(dialed(new Dialing("Foo/", null, 20_000, "1", Map.of()), "123"));
    assertThat(o.finalDialingStatus()).isEqualTo(CallTracker.ORIGINATE_RESPONSE);
    assertThat(o.resDial()).isZero();
    assertThat(o.channel()).isEqualTo("Foo/123");
    assertThat(statuses(o))
        .containsExactly(CallTracker.ORIGINATE_SENT, CallTracker.ORIGINATE_RESPONSE);
  }

  @Test
  void progressIsSavedAndARestartedWorkerCarriesOnFromIt() throws Exception {
    connect();
    String id = dialed(Dialing.local(20_000), "busy");
    CallOutcome o = ended(id);
    AttemptStore store = db.database().attempts();
    await("the progress of " + id + " saved")
        .atMost(WAIT)
        .until(
            () ->
                store.findAttempt(id).map(AttemptRow::dialingStatus).orElse(0)
                    == CallTracker.HANGUP);
    AttemptRow saved = store.findAttempt(id).orElseThrow();
    assertThat(saved.progress()).contains(id);
    try (CallRegistry restarted = new CallRegistry(store)) {
      restarted.loadInFlight();
      assertThat(restarted.isTracked(id)).as("an attempt in ORIGINATE_SENT is tracked").isTrue();
      CallTracker restored = restarted.track(id);
      assertThat(restored.ended(System.currentTimeMillis())).isTrue();
      assertThat(restored.outcome()).isEqualTo(o);
    }
  }

  @Test
  void eventsOfACallLostOnTheWayAreMadeUpForByTheLiveChannels() throws Exception {
    // Only the link's own events reach the registry: every event of the call is lost.
    connect(
        e -> {
          if (e instanceof ConnectEvent || e instanceof DisconnectEvent) {
            registry.onEvent(e);
          }
        });
    String id = dialed(Dialing.local(20_000), "answer-long");
    await("the call answered")
        .atMost(WAIT)
        .until(
            () ->
                ami.liveChannels().stream()
                    .anyMatch(
                        c ->
                            id.equals(c.uniqueId())
                                && Integer.valueOf(LiveChannel.STATE_UP).equals(c.state())));
    CallTracker t = registry.track(id);

    registry.reconcile(List.of(id));
    assertThat(t.ended(System.currentTimeMillis())).as("a live call is not settled").isFalse();
    assertThat(t.outcome().trail())
        .extracting(StatusChange::detail)
        .contains("ANSWER (leg Up in CoreShowChannels)");

    ami.hangup(id);
    await("the call gone")
        .atMost(WAIT)
        .until(() -> ami.liveChannels().stream().noneMatch(c -> id.equals(c.linkedId())));
    registry.reconcile(List.of(id));
    assertThat(t.ended(System.currentTimeMillis())).isTrue();
    CallOutcome o = t.outcome();
    assertThat(o.finalDialingStatus()).isEqualTo(CallTracker.ERROR);
    assertThat(o.resDial()).as("answered, as the live channel showed").isEqualTo(4);
    assertThat(o.detail()).startsWith("channel gone from Asterisk");
    assertThat(db.database().attempts().findAttempt(id).orElseThrow().dialingStatus())
        .as("saved at once")
        .isEqualTo(CallTracker.ERROR);
  }

  @Test
  void anOriginateThatNeverLeftIsSettledAsLostOnReconnect() throws Exception {
    connect();
    // The worker died between marking the attempt sent and sending it.
    String campaign = db.campaign(Dialing.local(20_000), "answer");
    Reservation r = db.reserve(campaign);
    assertThat(db.database().attempts().markOriginateSent(r.attemptId(), "{}", Instant.now()))
        .isTrue();
    CallTracker t = registry.track(r.attemptId());
    t.originateSent(System.currentTimeMillis() - 60_000);

    // A dropped link brings a ConnectEvent when it is back, and with it a reconcile of all.
    pbx.dropConnections(Duration.ofMillis(500));
    assertThat(CallRegistry.awaitEnd(t, 30_000)).as("settled after the reconnect").isTrue();
    assertThat(t.outcome().finalDialingStatus()).isEqualTo(CallTracker.ERROR);
    assertThat(t.outcome().detail()).contains("hangup was never seen");
  }
}
