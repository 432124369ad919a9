package io.outdial.pbxsim;

import java.util.List;

/**
 * One leg of a simulated call, alive from its Newchannel event to its Hangup event. Its state is
 * what the events sent so far said about it, so CoreShowChannels reports what a client that saw
 * every event would expect.
 */
final class LiveChannel {

  /** The fields every channel event carries about its channel, as CoreShowChannel repeats them. */
  private static final List<String> SNAPSHOT_FIELDS =
      List.of(
          "ChannelState",
          "ChannelStateDesc",
          "CallerIDNum",
          "CallerIDName",
          "ConnectedLineNum",
          "ConnectedLineName",
          "Language",
          "AccountCode",
          "Context",
          "Exten",
          "Priority",
          "Uniqueid",
          "Linkedid");

  private final String name;
  private final String uniqueid;
  private final SimulatedCall call;
  private final long createdNanos;
  private volatile AmiMessage snapshot;
  private volatile String application = "";
  private volatile String applicationData = "";
  private volatile String bridgeId = "";

  LiveChannel(AmiMessage newchannel, SimulatedCall call) {
    this.name = newchannel.get("Channel");
    this.uniqueid = newchannel.get("Uniqueid");
    this.call = call;
    this.createdNanos = System.nanoTime();
    this.snapshot = AmiMessage.builder().build();
    update(newchannel);
  }

  String name() {
    return name;
  }

  String uniqueid() {
    return uniqueid;
  }

  SimulatedCall call() {
    return call;
  }

  /** Takes in an event about this channel. */
  void update(AmiMessage event) {
    if (event.has("ChannelState")) {
      AmiMessage.Builder fields = AmiMessage.builder();
      for (String key : SNAPSHOT_FIELDS) {
        fields.addIfPresent(key, event.get(key));
      }
      snapshot = fields.build();
    }
    String type = event.eventName();
    if ("Newexten".equals(type)) {
      application = nullToEmpty(event.get("Application"));
      applicationData = nullToEmpty(event.get("AppData"));
    } else if ("BridgeEnter".equals(type)) {
      bridgeId = nullToEmpty(event.get("BridgeUniqueid"));
    } else if ("BridgeLeave".equals(type)) {
      bridgeId = "";
    }
  }

  /** This channel as a CoreShowChannel event shaped like the recorded one. */
  AmiMessage toCoreShowChannel(AmiMessage recordedShape, String actionId) {
    AmiMessage state = snapshot;
    AmiMessage.Builder event = AmiMessage.builder();
    for (AmiMessage.Field field : recordedShape.fields()) {
      String key = field.key();
      switch (key) {
        case "ActionID" -> event.addIfPresent(key, actionId);
        case "Channel" -> event.add(key, name);
        case "Application" -> event.add(key, application);
        case "ApplicationData" -> event.add(key, applicationData);
        case "BridgeId" -> event.add(key, bridgeId);
        case "Duration" -> event.add(key, duration());
        default -> event.add(key, state.has(key) ? state.get(key) : field.value());
      }
    }
    return event.build();
  }

  /**
   * The Hangup event Asterisk sends for this channel when it is hung up by request (cause 16), for
   * a leg the recording used for the teardown does not name.
   */
  AmiMessage toHangup() {
    AmiMessage state = snapshot;
    AmiMessage.Builder event =
        AmiMessage.builder()
            .add("Event", "Hangup")
            .add("Privilege", "call,all")
            .add("Channel", name);
    for (AmiMessage.Field field : state.fields()) {
      if (!field.key().equals("Channel")) {
        event.add(field);
      }
    }
    return event.add("Cause", "16").add("Cause-txt", "Normal Clearing").build();
  }

  private String duration() {
    long seconds = (System.nanoTime() - createdNanos) / 1_000_000_000L;
    return String.format("%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
