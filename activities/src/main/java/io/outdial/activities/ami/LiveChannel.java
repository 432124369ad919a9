package io.outdial.activities.ami;

/** One channel Asterisk reports as up (CoreShowChannel). */
public record LiveChannel(String channel, String uniqueId, String linkedId) {}
