package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a replayed call sends each recorded message. */
class CallPlanTest {

  private final CallTemplates templates = CallTemplates.get();

  @Test
  void theDefaultAnsweredCallKeepsTheRecordedAnswerDelay() {
    CallTemplate answer = templates.originate("answer");
    List<SimulatedCall.PlannedMessage> plan =
        SimulatedCall.plan(
            answer, new OutcomeRules.CallBehaviour(Outcome.ANSWER, 5, 2000), 20_000, 1.0, null);
    long dialBegin = plan.get(answer.dialBeginIndex()).atMillis();
    long answered = plan.get(answer.reactionIndex()).atMillis();
    long teardown = plan.get(answer.teardownIndex()).atMillis();
    assertThat(answered - dialBegin).isEqualTo(5);
    assertThat(teardown - answered).isEqualTo(2000);
    assertThat(answer.messages().get(answer.reactionIndex()).message().get("Application"))
        .isEqualTo("Answer");
    assertThat(answer.messages().get(answer.teardownIndex()).event()).isEqualTo("Cdr");
    assertIncreasing(plan);
  }

  @Test
  void answerAndHangupDelaysStretchTheirPhases() {
    CallTemplate answer = templates.originate("answer");
    List<SimulatedCall.PlannedMessage> plan =
        SimulatedCall.plan(
            answer, new OutcomeRules.CallBehaviour(Outcome.ANSWER, 3000, 100), 20_000, 1.0, null);
    long dialBegin = plan.get(answer.dialBeginIndex()).atMillis();
    long answered = plan.get(answer.reactionIndex()).atMillis();
    assertThat(answered - dialBegin).isEqualTo(3000);
    assertThat(plan.get(answer.teardownIndex()).atMillis() - answered).isEqualTo(100);
    // The agent's Wait, recorded 500 ms after the answer, cannot come after the hangup.
    assertThat(plan.get(answer.teardownIndex() - 1).atMillis()).isLessThanOrEqualTo(answered + 100);
    assertIncreasing(plan);
  }

  @Test
  void aNoAnswerEndsAtTheOriginateTimeout() {
    CallTemplate noanswer = templates.originate("noanswer");
    List<SimulatedCall.PlannedMessage> plan =
        SimulatedCall.plan(
            noanswer, new OutcomeRules.CallBehaviour(Outcome.NOANSWER, -1, 0), 1000, 1.0, null);
    assertThat(plan.get(noanswer.teardownIndex()).atMillis()).isEqualTo(1000);
    assertThat(noanswer.messages().get(noanswer.teardownIndex()).event())
        .isEqualTo("HangupRequest");
    assertThat(plan.get(plan.size() - 1).atMillis()).isEqualTo(1000);
    assertIncreasing(plan);
  }

  @Test
  void aBusyFarEndCanBeMadeToRingFirst() {
    CallTemplate busy = templates.originate("busy");
    List<SimulatedCall.PlannedMessage> recorded =
        SimulatedCall.plan(
            busy, new OutcomeRules.CallBehaviour(Outcome.BUSY, -1, 0), 20_000, 1.0, null);
    assertThat(recorded.get(recorded.size() - 1).atMillis()).isLessThan(10);
    List<SimulatedCall.PlannedMessage> ringing =
        SimulatedCall.plan(
            busy, new OutcomeRules.CallBehaviour(Outcome.BUSY, 3000, 0), 20_000, 1.0, null);
    assertThat(
            ringing.get(busy.reactionIndex()).atMillis()
                - ringing.get(busy.dialBeginIndex()).atMillis())
        .isEqualTo(3000);
  }

  @Test
  void theTimeScaleAppliesToEveryDelay() {
    CallTemplate answer = templates.originate("answer");
    List<SimulatedCall.PlannedMessage> plan =
        SimulatedCall.plan(
            answer, new OutcomeRules.CallBehaviour(Outcome.ANSWER, 5, 2000), 20_000, 0.1, null);
    assertThat(
            plan.get(answer.teardownIndex()).atMillis()
                - plan.get(answer.reactionIndex()).atMillis())
        .isEqualTo(200);
  }

  @Test
  void shufflingMovesOnlyOriginateResponseAndOnlyWhereTheRecordingsShowIt() {
    CallTemplate busy = templates.originate("busy");
    OutcomeRules.CallBehaviour behaviour = new OutcomeRules.CallBehaviour(Outcome.BUSY, -1, 0);
    Set<Integer> positions = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      List<SimulatedCall.PlannedMessage> plan =
          SimulatedCall.plan(busy, behaviour, 20_000, 1.0, new Random(seed));
      assertThat(plan)
          .extracting(SimulatedCall.PlannedMessage::message)
          .containsExactlyInAnyOrderElementsOf(busy.messages());
      int position = indexOfEvent(plan, "OriginateResponse");
      int firstNewchannel = indexOfEvent(plan, "Newchannel");
      int lastHangup = lastIndexOfEvent(plan, "Hangup");
      assertThat(position).isGreaterThan(firstNewchannel).isLessThanOrEqualTo(lastHangup + 1);
      assertIncreasing(plan);
      positions.add(position);
    }
    // OriginateResponse is recorded after DialBegin and before the last Hangup, so once it is taken
    // out DialBegin keeps its recorded index and the last Hangup moves up by one.
    List<SimulatedCall.PlannedMessage> recorded = asPlan(busy);
    assertThat(positions)
        .as("some runs put it before DialBegin, some after both Hangups")
        .contains(indexOfEvent(recorded, "DialBegin"), lastIndexOfEvent(recorded, "Hangup"));
    List<SimulatedCall.PlannedMessage> first =
        SimulatedCall.plan(busy, behaviour, 20_000, 1.0, new Random(7));
    List<SimulatedCall.PlannedMessage> second =
        SimulatedCall.plan(busy, behaviour, 20_000, 1.0, new Random(7));
    assertThat(first).as("a seed gives one order").isEqualTo(second);
  }

  @Test
  void aNoAnswersOriginateResponseNeverComesBeforeTheTimeout() {
    // Reason 3 is known only when the originate's Timeout runs out (noanswer.ami): shuffled,
    // the response may move among the teardown's events but not before them.
    CallTemplate noanswer = templates.originate("noanswer");
    Set<Integer> positions = new HashSet<>();
    for (long seed = 0; seed < 100; seed++) {
      List<SimulatedCall.PlannedMessage> plan =
          SimulatedCall.plan(
              noanswer,
              new OutcomeRules.CallBehaviour(Outcome.NOANSWER, -1, 0),
              3000,
              1.0,
              new Random(seed));
      int position = indexOfEvent(plan, "OriginateResponse");
      assertThat(plan.get(position).atMillis()).as("seed " + seed).isEqualTo(3000);
      assertIncreasing(plan);
      positions.add(position);
    }
    assertThat(positions).as("still shuffled within the teardown").hasSizeGreaterThan(1);
  }

  @Test
  void anAnsweredCallsOriginateResponseStaysAfterTheAnswer() {
    CallTemplate answer = templates.originate("answer");
    for (long seed = 0; seed < 50; seed++) {
      List<SimulatedCall.PlannedMessage> plan =
          SimulatedCall.plan(
              answer,
              new OutcomeRules.CallBehaviour(Outcome.ANSWER, 5, 2000),
              20_000,
              1.0,
              new Random(seed));
      int position = indexOfEvent(plan, "OriginateResponse");
      int answered =
          plan.indexOf(
              plan.stream()
                  .filter(
                      planned -> planned.message() == answer.messages().get(answer.reactionIndex()))
                  .findFirst()
                  .orElseThrow());
      assertThat(position).isGreaterThan(answered).isLessThan(indexOfEvent(plan, "Cdr"));
    }
  }

  private static List<SimulatedCall.PlannedMessage> asPlan(CallTemplate template) {
    return template.messages().stream()
        .map(message -> new SimulatedCall.PlannedMessage(message, message.offsetMs()))
        .toList();
  }

  private static int indexOfEvent(List<SimulatedCall.PlannedMessage> plan, String event) {
    for (int i = 0; i < plan.size(); i++) {
      if (event.equals(plan.get(i).message().event())) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOfEvent(List<SimulatedCall.PlannedMessage> plan, String event) {
    for (int i = plan.size() - 1; i >= 0; i--) {
      if (event.equals(plan.get(i).message().event())) {
        return i;
      }
    }
    return -1;
  }

  private static void assertIncreasing(List<SimulatedCall.PlannedMessage> plan) {
    for (int i = 1; i < plan.size(); i++) {
      assertThat(plan.get(i).atMillis())
          .as("message %d", i)
          .isGreaterThanOrEqualTo(plan.get(i - 1).atMillis());
    }
  }
}
