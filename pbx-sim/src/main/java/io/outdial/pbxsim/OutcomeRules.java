package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides the outcome of a call from the called number.
 *
 * <p>A number that is itself an outcome name ({@code answer}, {@code answer-long}, {@code busy},
 * {@code congestion}, {@code noanswer}, {@code unallocated}, {@code reject}, {@code failure})
 * always gets that outcome, so the recorded {@code Local/busy@targets} style keeps working whatever
 * rules are set. Other numbers go through the rules, first match wins; no match means {@code
 * answer}.
 *
 * <p>Rule syntax: {@code pattern=outcome[:answerAfterMs[:hangupAfterMs]]}, rules separated by
 * {@code ;} or newlines, blank entries and lines starting with {@code #} ignored. The pattern is an
 * exact number or a prefix ending in {@code *} ({@code *} alone matches every number). Example:
 * {@code 555100*=busy;5552*=answer:500:8000;*=noanswer}.
 */
public final class OutcomeRules {

  /**
   * One {@code pattern=outcome[:answerAfterMs[:hangupAfterMs]]} rule; null times mean the outcome's
   * default.
   */
  public record Rule(String pattern, Outcome outcome, Long answerAfterMs, Long hangupAfterMs) {

    public boolean matches(String number) {
      if (pattern.endsWith("*")) {
        return number.startsWith(pattern.substring(0, pattern.length() - 1));
      }
      return number.equals(pattern);
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(pattern).append('=').append(outcome.wireName());
      if (answerAfterMs != null) {
        text.append(':').append(answerAfterMs);
        if (hangupAfterMs != null) {
          text.append(':').append(hangupAfterMs);
        }
      }
      return text.toString();
    }
  }

  /**
   * What a call will do. {@code answerAfterMs}: for answered outcomes the delay from dialling to
   * the answer; for busy, congestion, unallocated and reject the delay before the far end reacts;
   * -1 keeps the recorded timing. {@code hangupAfterMs}: for answered outcomes, how long the call
   * stays up. Noanswer always rings until the originate's Timeout.
   */
  public record CallBehaviour(Outcome outcome, long answerAfterMs, long hangupAfterMs) {}

  public static final OutcomeRules NONE = new OutcomeRules(List.of());

  private final List<Rule> rules;

  private OutcomeRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public static OutcomeRules of(List<Rule> rules) {
    return new OutcomeRules(rules);
  }

  /** Parses the rule syntax; throws IllegalArgumentException naming the bad entry. */
  public static OutcomeRules parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    List<Rule> rules = new ArrayList<>();
    for (String entry : text.split("[;\\r\\n]+")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      rules.add(parseRule(trimmed));
    }
    return new OutcomeRules(rules);
  }

  private static Rule parseRule(String entry) {
    int equals = entry.indexOf('=');
    if (equals <= 0) {
      throw new IllegalArgumentException(
          "rule '" + entry + "' is not pattern=outcome[:answerAfterMs[:hangupAfterMs]]");
    }
    String pattern = entry.substring(0, equals).trim();
    if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
      throw new IllegalArgumentException("rule '" + entry + "': '*' may only end a pattern");
    }
    String[] parts = entry.substring(equals + 1).split(":", -1);
    if (parts.length > 3) {
      throw new IllegalArgumentException("rule '" + entry + "' has more than two times");
    }
    Outcome outcome = Outcome.fromName(parts[0]);
    if (outcome == null) {
      throw new IllegalArgumentException(
          "rule '"
              + entry
              + "': unknown outcome '"
              + parts[0].trim()
              + "' (answer, answer-long, busy, congestion, noanswer, unallocated, reject, failure)");
    }
    Long answerAfter = parts.length > 1 ? parseMillis(entry, parts[1]) : null;
    Long hangupAfter = parts.length > 2 ? parseMillis(entry, parts[2]) : null;
    return new Rule(pattern, outcome, answerAfter, hangupAfter);
  }

  private static Long parseMillis(String entry, String text) {
    try {
      long millis = Long.parseLong(text.trim());
      if (millis < 0) {
        throw new NumberFormatException("negative");
      }
      return millis;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "rule '" + entry + "': '" + text.trim() + "' is not a number of milliseconds");
    }
  }

  public List<Rule> rules() {
    return rules;
  }

  /** What a call to that number does. */
  public CallBehaviour behaviourFor(String number) {
    Outcome named = Outcome.fromName(number);
    if (named != null) {
      return new CallBehaviour(named, named.defaultAnswerAfterMs(), named.defaultHangupAfterMs());
    }
    for (Rule rule : rules) {
      if (rule.matches(number)) {
        Outcome outcome = rule.outcome();
        return new CallBehaviour(
            outcome,
            rule.answerAfterMs() != null ? rule.answerAfterMs() : outcome.defaultAnswerAfterMs(),
            rule.hangupAfterMs() != null ? rule.hangupAfterMs() : outcome.defaultHangupAfterMs());
      }
    }
    return new CallBehaviour(
        Outcome.ANSWER,
        Outcome.ANSWER.defaultAnswerAfterMs(),
        Outcome.ANSWER.defaultHangupAfterMs());
  }

  @Override
  public String toString() {
    return String.join(";", rules.stream().map(Rule::toString).toList());
  }
}
