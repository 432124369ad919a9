package io.outdial.activities.ami;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.workflows.CallOutcome;
import io.outdial.workflows.StatusChange;
import org.junit.jupiter.api.Test;

/** The tracker turns events, in the orders real Asterisk sends them, into one outcome. */
class CallTrackerTest {
  private static final String ID = "cf76e790-11f6-4abd-bc6e-0e60d96880b4";

  @Test
  void busyTakesTheCauseOfThePeerLegWhenTheOriginatedLegReportsZero() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/busy@targets-00000007;1", 1001);
    t.channelCreated(ID + ";2", "Local/busy@targets-00000007;2", 1001);
    t.dialBegin(1001);
    t.dialEnd("BUSY", 1002);
    t.originateResponse("Failure", 5, "Local/busy@targets", 1003);
    assertThat(t.ended(1003)).isFalse();
    t.hangup(ID, null, 0, null, 1003);
    assertThat(t.ended(1003)).isFalse();
    t.hangup(ID + ";2", null, 17, "User busy", 1004);
    assertThat(t.ended(1004)).isTrue();

    CallOutcome o = t.outcome();
    assertThat(o.resDial()).isEqualTo(5);
    assertThat(o.resHangup()).isEqualTo(17);
    assertThat(o.hangupText()).isEqualTo("User busy");
    assertThat(o.finalDialingStatus()).isEqualTo(6);
    assertThat(o.channel()).isEqualTo("Local/busy@targets-00000007;1");
    assertThat(o.trail()).extracting(StatusChange::status).containsExactly(1, 3, 2, 4, 5, 6);
  }

  @Test
  void theResponseMayComeAfterBothHangups() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/unallocated@targets-0000000a;1", 1001);
    t.channelCreated(ID + ";2", "Local/unallocated@targets-0000000a;2", 1001);
    t.hangup(ID + ";2", null, 1, "Unallocated (unassigned) number", 1002);
    t.hangup(ID, null, 1, "Unallocated (unassigned) number", 1003);
    assertThat(t.ended(1003)).as("no OriginateResponse yet").isFalse();
    t.originateResponse("Failure", 0, "Local/unallocated@targets", 1004);
    assertThat(t.ended(1004)).isTrue();
    assertThat(t.outcome().resDial()).isZero();
    assertThat(t.outcome().resHangup()).isEqualTo(1);
  }

  @Test
  void aBadTechnologyEndsWithTheResponseAloneAfterTheGrace() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.originateResponse("Failure", 0, "Foo/123", 1001);
    assertThat(t.ended(1001)).isFalse();
    assertThat(t.ended(1001 + CallTracker.NO_CHANNEL_GRACE_MS)).isTrue();
    CallOutcome o = t.outcome();
    assertThat(o.finalDialingStatus()).isEqualTo(5);
    assertThat(o.channel()).isEqualTo("Foo/123");
    assertThat(o.resHangup()).isZero();
  }

  @Test
  void noAnswerWithoutACauseFallsBackToTheReason() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/noanswer@targets-00000009;1", 1001);
    t.originateResponse("Failure", 3, "Local/noanswer@targets", 6000);
    t.hangup(ID, null, null, null, 6001);
    assertThat(t.outcome().resHangup()).isEqualTo(19);
    assertThat(t.outcome().hangupText()).isEqualTo("User alerting, no answer");
  }

  @Test
  void progressSurvivesARestartThroughItsJson() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/answer@targets-00000004;1", 1001);
    t.originateResponse("Success", 4, "Local/answer@targets-00000004;1", 1002);

    CallTracker restored = CallTracker.fromJson(t.toJson());
    assertThat(restored.ended(5000)).isFalse();
    restored.hangup(ID, null, 16, "Normal Clearing", 5000);
    assertThat(restored.ended(5000)).isTrue();
    assertThat(restored.outcome().resDial()).isEqualTo(4);
    assertThat(restored.outcome().resHangup()).isEqualTo(16);
    assertThat(restored.outcome().dialedAtMs()).isEqualTo(1000);
  }

  @Test
  void aLostCallIsSettledWithDialingStatusTenAndKeepsWhatWasSeen() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/answer@targets-00000004;1", 1001);
    t.originateResponse("Success", 4, "Local/answer@targets-00000004;1", 1002);
    t.lost("channel gone", 9000);
    assertThat(t.ended(9000)).isTrue();
    CallOutcome o = t.outcome();
    assertThat(o.finalDialingStatus()).isEqualTo(10);
    assertThat(o.resDial()).isEqualTo(4);
    assertThat(o.detail()).isEqualTo("channel gone");
  }

  @Test
  void aLostOriginateResponseEndsTheCallAfterTheGraceWithTheDialEndResult() {
    CallTracker t = new CallTracker(ID);
    t.originateSent(1000);
    t.channelCreated(ID, "Local/answer@targets-00000004;1", 1001);
    t.dialEnd("ANSWER", 1002);
    t.hangup(ID, null, 16, "Normal Clearing", 9000);
    assertThat(t.ended(9000)).isFalse();
    assertThat(t.ended(9000 + CallTracker.RESPONSE_GRACE_MS)).isTrue();
    assertThat(t.outcome().resDial()).isEqualTo(4);
    assertThat(t.outcome().detail()).contains("never seen");
  }

  @Test
  void everyChangeRaisesTheSavedVersion() {
    CallTracker t = new CallTracker(ID);
    long v0 = t.snapshot().version();
    t.originateSent(1000);
    long v1 = t.snapshot().version();
    t.channelCreated(ID, "c", 1001);
    assertThat(v1).isGreaterThan(v0);
    assertThat(t.snapshot().version()).isGreaterThan(v1);
    assertThat(CallTracker.fromJson(t.toJson()).snapshot().version())
        .isEqualTo(t.snapshot().version());
  }
}
