package io.outdial.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.outdial.activities.TestDatabase.Dialing;
import io.outdial.activities.ami.AmiClient;
import io.outdial.activities.ami.AmiConfig;
import io.outdial.activities.ami.CallRegistry;
import io.outdial.pbxsim.PbxSimulator;
import io.outdial.pbxsim.PbxSimulatorConfig;
import io.outdial.store.AttemptStore.Reservation;
import io.outdial.store.Rows.AttemptState;
import io.outdial.workflows.AttemptInput;
import io.outdial.workflows.OriginateResult;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The originate step's at-most-once rules on MariaDB and the simulator: what has left is never sent
 * again, nothing leaves for a campaign that stopped dialing, and an Originate Asterisk would mangle
 * is refused before anything is sent.
 */
class DialActivitiesIT {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static TestDatabase db;
  private static PbxSimulator pbx;
  private static CallRegistry registry;
  private static AmiClient ami;
  private static DialActivitiesImpl dial;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.create("outdial_it_dial");
    pbx = PbxSimulator.start(PbxSimulatorConfig.builder().build());
    registry = new CallRegistry(db.database().attempts());
    ami =
        new AmiClient(
            new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"), registry::onEvent);
    registry.attach(ami);
    ami.start();
    dial = new DialActivitiesImpl(db.database(), registry, ami);
    await("AMI login").atMost(WAIT).until(ami::isConnected);
  }

  @AfterAll
  static void stop() throws Exception {
    ami.close();
    registry.close();
    pbx.close();
    db.close();
  }

  private record Attempt(String campaign, Reservation reservation, AttemptInput input) {
    String id() {
      return reservation.attemptId();
    }

    long originatesSent() {
      return pbx.originateCountsByChannelId().getOrDefault(id(), 0L);
    }

    AttemptState state() {
      return db.database().attempts().findAttempt(id()).orElseThrow().state();
    }
  }

  private static Attempt reserved(Dialing dialing, String number) {
    String campaign = db.campaign(dialing, number);
    Reservation r = db.reserve(campaign);
    return new Attempt(campaign, r, TestDatabase.input(campaign, r, dialing.dialTimeoutMs()));
  }

  @Test
  void anOriginateIsSentOnceAndASecondCallReportsItAlreadySent() {
    Attempt a = reserved(Dialing.local(20_000), "busy");
    assertThat(dial.originate(a.input()).kind()).isEqualTo(OriginateResult.Kind.SENT);
    assertThat(a.state()).isEqualTo(AttemptState.ORIGINATE_SENT);
    assertThat(registry.isTracked(a.id())).isTrue();

    OriginateResult again = dial.originate(a.input());
    assertThat(again.kind()).isEqualTo(OriginateResult.Kind.ALREADY_SENT);
    assertThat(a.originatesSent()).as("Originates Asterisk received").isEqualTo(1);
  }

  @Test
  void nothingLeavesForACampaignThatStoppedDialing() {
    Attempt a = reserved(Dialing.local(20_000), "answer");
    db.database().campaigns().updateCampaignStatus(a.campaign(), 10, "stopped by test");

    OriginateResult r = dial.originate(a.input());
    assertThat(r.kind()).isEqualTo(OriginateResult.Kind.CANCELLED);
    assertThat(r.message()).contains("stopped dialing");
    assertThat(a.originatesSent()).isZero();
    assertThat(a.state()).isEqualTo(AttemptState.RESERVED);
    assertThat(registry.isTracked(a.id())).as("not tracked: nothing to wait for").isFalse();
  }

  @Test
  void nothingLeavesOnceTheCallingWindowClosed() {
    Attempt a = reserved(Dialing.local(20_000), "answer");
    OriginateResult r = dial.originate(a.input().sendBefore(System.currentTimeMillis() - 1));
    assertThat(r.kind()).isEqualTo(OriginateResult.Kind.CANCELLED);
    assertThat(a.originatesSent()).isZero();
    assertThat(a.state()).isEqualTo(AttemptState.RESERVED);
  }

  @Test
  void aSettledAttemptIsNotSentAgain() throws Exception {
    Attempt a = reserved(Dialing.local(20_000), "busy");
    assertThat(dial.originate(a.input()).kind()).isEqualTo(OriginateResult.Kind.SENT);
    assertThat(CallRegistry.awaitEnd(registry.track(a.id()), WAIT.toMillis())).isTrue();
    dial.recordResult(a.input(), registry.track(a.id()).outcome());
    assertThat(a.state()).isEqualTo(AttemptState.SETTLED);

    assertThat(dial.originate(a.input()).kind()).isEqualTo(OriginateResult.Kind.ALREADY_SETTLED);
    assertThat(a.originatesSent()).isEqualTo(1);
  }

  private static void assertRefusedBeforeSending(Attempt a, String messagePart) {
    assertThatThrownBy(() -> dial.originate(a.input()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(DialActivitiesImpl.ORIGINATE_INVALID);
              assertThat(f.isNonRetryable()).isTrue();
            })
        .hasMessageContaining(messagePart);
    assertThat(a.originatesSent()).isZero();
    assertThat(a.state()).as("never marked sent").isEqualTo(AttemptState.RESERVED);
  }

  @Test
  void aPriorityLabelIsRefusedBeforeAnythingIsSent() {
    assertRefusedBeforeSending(
        reserved(new Dialing("Local/", "targets", 20_000, "start", Map.of()), "answer"),
        "priority labels are not supported");
  }

  @Test
  void aChannelLongerThanAsteriskKeepsIsRefusedBeforeAnythingIsSent() {
    assertRefusedBeforeSending(
        reserved(new Dialing("Local/", "t".repeat(250), 20_000, "1", Map.of()), "answer"),
        "is longer than Asterisk's");
  }

  @Test
  void tooManyVariablesAreRefusedBeforeAnythingIsSent() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      variables.put("V" + i, "x");
    }
    assertRefusedBeforeSending(
        reserved(new Dialing("Local/", "targets", 20_000, "1", variables), "answer"),
        "channel variables");
  }

  @Test
  void withTheLinkDownNothingIsMarkedSentAndARetryIsSafe() throws Exception {
    Attempt a = reserved(Dialing.local(20_000), "busy");
    try (AmiClient down =
        new AmiClient(new AmiConfig("127.0.0.1", pbx.port(), "dialer", "s3cret"), e -> {})) {
      DialActivitiesImpl offline = new DialActivitiesImpl(db.database(), registry, down);
      assertThatThrownBy(() -> offline.originate(a.input()))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.getType()).isEqualTo("AmiNotConnected");
                assertThat(f.isNonRetryable()).isFalse();
              });
    }
    assertThat(a.state()).isEqualTo(AttemptState.RESERVED);
    assertThat(dial.originate(a.input()).kind())
        .as("the retry")
        .isEqualTo(OriginateResult.Kind.SENT);
    assertThat(a.originatesSent()).isEqualTo(1);
  }

  // ---- do-not-call -------------------------------------------------------------------------

  private static String dncList(String name, String region, boolean global) {
    String id = java.util.UUID.randomUUID().toString();
    java.time.Instant now = java.time.Instant.now();
    db.database()
        .dnc()
        .createList(
            new io.outdial.store.DncStore.DncListRow(id, name, region, global, 0, now, now));
    return id;
  }

  private static long heldBack(String campaign) {
    return db.database().campaigns().campaignCounts(campaign).heldBackDnc();
  }

  @Test
  void aNumberPutOnTheGlobalListAfterItsEntryWasReservedIsNotDialed() {
    Attempt a = reserved(Dialing.local(20_000), "+33 1 23 45 67 89");
    // Listed in its national form, after the reservation.
    String list = dncList("complaints", "FR", true);
    try {
      db.database()
          .dnc()
          .addNumbers(
              list,
              java.util.List.of(io.outdial.store.PhoneNumbers.normalise("01 23 45 67 89", "FR")),
              java.time.Instant.now());

      OriginateResult r = dial.originate(a.input());
      assertThat(r.kind()).isEqualTo(OriginateResult.Kind.ALREADY_SETTLED);
      assertThat(r.message()).contains("do-not-call list complaints");
      assertThat(a.originatesSent()).as("Originates Asterisk received").isZero();
      assertThat(a.state()).isEqualTo(AttemptState.SETTLED);
      var result = db.database().results().findResultOfAttempt(a.id()).orElseThrow();
      assertThat(result.dialingStatus()).isEqualTo(10);
      assertThat(result.resDial()).isZero();
      assertThat(result.detail())
          .isEqualTo("not dialed: the number is on the do-not-call list complaints");
      assertThat(result.statusTrail()).contains("\"statusName\":\"ERROR\"");
      assertThat(heldBack(a.campaign())).isEqualTo(1);
      var counts = db.database().campaigns().campaignCounts(a.campaign());
      assertThat(counts.dialed()).isEqualTo(1);
      assertThat(counts.failed()).as("held back, not failed").isZero();
      // The number gets no more tries (the plan allows it 2): nothing is left to reserve.
      var entry = db.database().entries().findEntry(a.reservation().entryId()).orElseThrow();
      assertThat(entry.tryCounts().get(0)).isEqualTo(2);
      assertThat(
              db.database()
                  .attempts()
                  .reserveAttempts(
                      a.campaign(),
                      java.util.UUID.randomUUID().toString(),
                      1,
                      java.time.Instant.now()))
          .isEmpty();
      // A second originate of the settled attempt changes nothing.
      assertThat(dial.originate(a.input()).kind()).isEqualTo(OriginateResult.Kind.ALREADY_SETTLED);
      assertThat(heldBack(a.campaign())).isEqualTo(1);
    } finally {
      db.database().dnc().deleteList(list);
    }
  }

  @Test
  void aListAttachedToOneCampaignHoldsBackThatCampaignOnly() {
    Attempt held = reserved(Dialing.local(20_000), "busy");
    Attempt other = reserved(Dialing.local(20_000), "busy");
    String list = dncList("campaign list", null, false);
    db.database().dnc().addNumbers(list, java.util.List.of("busy"), java.time.Instant.now());
    db.database().dnc().attach(held.campaign(), list);

    assertThat(dial.originate(held.input()).kind()).isEqualTo(OriginateResult.Kind.ALREADY_SETTLED);
    assertThat(held.originatesSent()).isZero();
    assertThat(dial.originate(other.input()).kind()).isEqualTo(OriginateResult.Kind.SENT);
    assertThat(other.originatesSent()).isEqualTo(1);
    assertThat(heldBack(held.campaign())).isEqualTo(1);
    assertThat(heldBack(other.campaign())).isZero();
  }
}
