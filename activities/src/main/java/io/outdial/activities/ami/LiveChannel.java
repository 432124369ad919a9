package io.outdial.activities.ami;

/** One channel Asterisk reports as up (CoreShowChannel), with its ChannelState (6 = Up). */
public record LiveChannel(String channel, String uniqueId, String linkedId, Integer state) {
  public static final int STATE_UP = 6;
}
