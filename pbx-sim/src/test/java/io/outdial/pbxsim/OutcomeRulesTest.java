package io.outdial.pbxsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OutcomeRulesTest {

  private final OutcomeRules rules =
      OutcomeRules.parse(
          "555100*=busy; 5552*=answer:500:8000\n# comment\n5553000=noanswer;*=congestion");

  @Test
  void firstMatchingRuleWins() {
    assertThat(rules.behaviourFor("5551001"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.BUSY, -1, 0));
    assertThat(rules.behaviourFor("5552123"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.ANSWER, 500, 8000));
    assertThat(rules.behaviourFor("5553000").outcome()).isEqualTo(Outcome.NOANSWER);
    assertThat(rules.behaviourFor("5553001").outcome())
        .as("exact pattern")
        .isEqualTo(Outcome.CONGESTION);
  }

  @Test
  void anOutcomeNameIsItsOwnOutcomeWhateverTheRules() {
    assertThat(rules.behaviourFor("busy").outcome()).isEqualTo(Outcome.BUSY);
    assertThat(rules.behaviourFor("answer"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.ANSWER, 5, 2000));
    assertThat(rules.behaviourFor("answer-long"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.ANSWER_LONG, 5, 30000));
    assertThat(rules.behaviourFor("failure").outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void withoutRulesEveryOtherNumberAnswers() {
    assertThat(OutcomeRules.NONE.behaviourFor("5551001"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.ANSWER, 5, 2000));
    assertThat(OutcomeRules.parse("  ")).isSameAs(OutcomeRules.NONE);
  }

  @Test
  void onlyTheAnswerDelayMayBeGiven() {
    assertThat(OutcomeRules.parse("1*=answer:250").behaviourFor("123"))
        .isEqualTo(new OutcomeRules.CallBehaviour(Outcome.ANSWER, 250, 2000));
  }

  @Test
  void rulesPrintAsTheyAreWritten() {
    assertThat(rules.toString())
        .isEqualTo("555100*=busy;5552*=answer:500:8000;5553000=noanswer;*=congestion");
  }

  @Test
  void badRulesAreRejectedWithTheEntryNamed() {
    assertThatThrownBy(() -> OutcomeRules.parse("5551=explode"))
        .hasMessageContaining("5551=explode")
        .hasMessageContaining("unknown outcome");
    assertThatThrownBy(() -> OutcomeRules.parse("5551")).hasMessageContaining("pattern=outcome");
    assertThatThrownBy(() -> OutcomeRules.parse("55*1=busy"))
        .hasMessageContaining("'*' may only end");
    assertThatThrownBy(() -> OutcomeRules.parse("1=answer:soon"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> OutcomeRules.parse("1=answer:1:2:3"))
        .hasMessageContaining("more than two");
  }

  @Test
  void dialStringsYieldTheNumber() {
    assertThat(DialString.parse("Local/busy@targets").number()).isEqualTo("busy");
    assertThat(DialString.parse("PJSIP/5551001@trunk"))
        .isEqualTo(new DialString("PJSIP/5551001@trunk", "PJSIP", "5551001", "trunk"));
    assertThat(DialString.parse("SIP/5551001").context()).isNull();
    assertThat(DialString.parse("PJSIP/5551001@trunk").target()).isEqualTo("5551001@trunk");
    assertThat(DialString.parse("5551001")).as("no technology").isNull();
    assertThat(DialString.parse("Local/5551001@targets/n").context())
        .as("Local options")
        .isEqualTo("targets");
    assertThat(DialString.parse("Local/5551001@targets/n").channelNameBase())
        .isEqualTo("Local/5551001@targets");
    assertThat(DialString.parse("SIP/trunk/5551001").number())
        .as("peer before the number")
        .isEqualTo("5551001");
  }

  @Test
  void phoneNumbersAreMaskedButTheirLastThreeDigits() {
    assertThat(PhoneNumberMask.mask("5551234001")).isEqualTo("*******001");
    assertThat(PhoneNumberMask.mask("+15551234001")).isEqualTo("+********001");
    assertThat(PhoneNumberMask.mask("busy")).isEqualTo("busy");
    assertThat(PhoneNumberMask.mask("123")).isEqualTo("123");
    assertThat(DialString.parse("PJSIP/5551001@trunk").masked()).isEqualTo("PJSIP/****001@trunk");
  }

  @Test
  void callerIdsParseAsAsteriskShowsThem() {
    assertThat(CallerId.parse("\"ACME Test\" <5551234>"))
        .isEqualTo(new CallerId("ACME Test", "5551234"));
    assertThat(CallerId.parse("Bob <100>")).isEqualTo(new CallerId("Bob", "100"));
    assertThat(CallerId.parse("5551234")).isEqualTo(new CallerId(null, "5551234"));
    assertThat(CallerId.parse(null).numberOrUnknown()).isEqualTo("<unknown>");
    assertThat(new CallerId("ACME Test", "5551234").cdrForm()).isEqualTo("\"ACME Test\" <5551234>");
  }
}
