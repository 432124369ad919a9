package io.outdial.activities.ami;

import org.asteriskjava.manager.action.AbstractManagerAction;

/**
 * Asterisk's {@code Filter} action with its advanced criteria (Asterisk 18.26, 20.11, 21.6, 22.1
 * and later: commit "manager: Enhance event filtering for performance", manager.c's {@code
 * action_filter}): {@code MatchCriteria: name(<Event>)} and no pattern adds an include filter on
 * that event's name, so that the session receives only the events it has included. Filters do not
 * touch the events that answer an action (CoreShowChannel, QueueSummary): only broadcast events.
 * asterisk-java's own {@code FilterAction} has no MatchCriteria.
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

  /**
   * Whether an Asterisk of this version ({@code CoreSettings}' AsteriskVersion, e.g. "22.10.1")
   * filters by {@code MatchCriteria}: 18.26, 20.11, 21.6, 22.1 and later, every 23 and later. An
   * older one answers Success and takes the filter for a regular expression over the event's text.
   * A version that is not numbers (a build from Git) is taken to be new.
   */
  public static boolean filtersByName(String version) {
    if (version == null) {
      return false;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version.trim());
    if (!m.find()) {
      return !version.isBlank();
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return switch (major) {
      case 18 -> minor >= 26;
      case 20 -> minor >= 11;
      case 21 -> minor >= 6;
      case 22 -> minor >= 1;
      default -> major >= 23;
    };
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
