package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.List;

/**
 * A session's event filters, immutable: adding one gives a new set, so that the broadcasting
 * threads read a session's filters without a lock. {@link #accepts} is main/manager.c's {@code
 * should_send_event}: no filters let every event through; include filters only, an event must match
 * one of them; exclude filters only, it must match none; both, it must match an include filter and
 * no exclude filter.
 */
final class EventFilters {

  static final EventFilters NONE = new EventFilters(List.of(), List.of());

  private final List<EventFilter> includes;
  private final List<EventFilter> excludes;

  private EventFilters(List<EventFilter> includes, List<EventFilter> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  EventFilters with(EventFilter filter) {
    List<EventFilter> target = new ArrayList<>(filter.isExclude() ? excludes : includes);
    target.add(filter);
    return filter.isExclude()
        ? new EventFilters(includes, List.copyOf(target))
        : new EventFilters(List.copyOf(target), excludes);
  }

  boolean isEmpty() {
    return includes.isEmpty() && excludes.isEmpty();
  }

  boolean accepts(BroadcastEvent event) {
    if (!includes.isEmpty() && !anyMatches(includes, event)) {
      return false;
    }
    return excludes.isEmpty() || !anyMatches(excludes, event);
  }

  private static boolean anyMatches(List<EventFilter> filters, BroadcastEvent event) {
    for (EventFilter filter : filters) {
      if (filter.matches(event)) {
        return true;
      }
    }
    return false;
  }
}
