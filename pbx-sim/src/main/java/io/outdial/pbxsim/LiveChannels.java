package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every live leg of every simulated call, by channel name and by Uniqueid. */
final class LiveChannels {

  private final Map<String, LiveChannel> byName = new LinkedHashMap<>();
  private final Map<String, LiveChannel> byUniqueid = new LinkedHashMap<>();

  synchronized void add(LiveChannel channel) {
    byName.put(channel.name(), channel);
    if (channel.uniqueid() != null) {
      byUniqueid.put(channel.uniqueid(), channel);
    }
  }

  synchronized void remove(String name) {
    LiveChannel removed = byName.remove(name);
    if (removed != null && removed.uniqueid() != null) {
      byUniqueid.remove(removed.uniqueid(), removed);
    }
  }

  synchronized LiveChannel byName(String name) {
    return name == null ? null : byName.get(name);
  }

  /** The leg with that channel name or that Uniqueid (the Hangup action accepts either). */
  synchronized LiveChannel find(String nameOrUniqueid) {
    if (nameOrUniqueid == null) {
      return null;
    }
    LiveChannel channel = byName.get(nameOrUniqueid);
    return channel != null ? channel : byUniqueid.get(nameOrUniqueid);
  }

  /** Every live leg, oldest first. */
  synchronized List<LiveChannel> all() {
    return new ArrayList<>(byName.values());
  }

  synchronized int size() {
    return byName.size();
  }
}
