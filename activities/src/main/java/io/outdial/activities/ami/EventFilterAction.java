package io.outdial.activities.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;

/**
 * Asterisk's {@code Filter} action with its advanced criteria (Asterisk 21 and later, manager.c's
 * {@code action_filter}): {@code MatchCriteria: name(<Event>)} and no pattern adds an include
 * filter on that event's name, so that the session receives only the events it has included.
 * Filters do not touch the events that answer an action (CoreShowChannel, QueueSummary): only
 * broadcast events. asterisk-java's own {@code FilterAction} has no MatchCriteria.
 */
public final class EventFilterAction extends AbstractManagerAction {
  private static final long serialVersionUID = 1L;

  private final String matchCriteria;

  private EventFilterAction(String matchCriteria) {
    this.matchCriteria = matchCriteria;
  }

  /** Includes the events named {@code event} (exact name, compared by Asterisk's hash). */
  public static EventFilterAction include(String event) {
    return new EventFilterAction("name(" + event + ")");
  }

  @Override
  public String getAction() {
    return "Filter";
  }

  public String getOperation() {
    return "Add";
  }

  public String getMatchCriteria() {
    return matchCriteria;
  }
}
