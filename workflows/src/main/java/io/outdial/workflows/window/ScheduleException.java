package io.outdial.workflows.window;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A schedule that breaks one or more rules. It carries every problem found, not just the first, so
 * the REST layer can answer a bad write with all of them at once.
 */
public class ScheduleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final List<ScheduleProblem> problems;

  public ScheduleException(List<ScheduleProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in field order; never empty. */
  public List<ScheduleProblem> problems() {
    return problems;
  }

  private static String describe(List<ScheduleProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ScheduleException needs at least one problem");
    }
    return "invalid schedule: "
        + problems.stream().map(ScheduleProblem::toString).collect(Collectors.joining("; "));
  }
}
