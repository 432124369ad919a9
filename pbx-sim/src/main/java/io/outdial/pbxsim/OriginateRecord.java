package io.outdial.pbxsim;

import java.time.Instant;

/**
 * One Originate action as received, whatever became of it. {@code channelId} is the ChannelId sent,
 * or the id the simulator generated when none was; {@code actionId} is empty when none was sent.
 */
public record OriginateRecord(
    Instant receivedAt, String channelId, String actionId, String channel) {

  /** The originate-log line: {@code <iso-time>\t<ChannelId>\t<ActionID>\t<Channel>}. */
  public String toLogLine() {
    return receivedAt + "\t" + clean(channelId) + "\t" + clean(actionId) + "\t" + clean(channel);
  }

  /** Tabs and line ends in a client's values would break the one-line, tab-separated format. */
  private static String clean(String value) {
    return value == null ? "" : value.replaceAll("[\\t\\r\\n]", " ");
  }
}
