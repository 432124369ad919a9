package io.outdial.workflows.window;

import java.util.Objects;

/**
 * One thing wrong with a schedule: the JSON name of the field and the rule it breaks, phrased so it
 * can be shown to an operator as is (for example {@code timeStart}: "must be a time in hh:mm:ss
 * format, 24 h (00:00:00 to 23:59:59), got '9:00'").
 */
public record ScheduleProblem(String field, String rule) {

  public ScheduleProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
  }

  @Override
  public String toString() {
    return field + ": " + rule;
  }
}
