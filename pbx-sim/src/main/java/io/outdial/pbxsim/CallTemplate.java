package io.outdial.pbxsim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server messages a recording shows after one client action (an Originate, or a Hangup), with
 * every value that belongs to that recorded call replaced by a placeholder so the messages can be
 * replayed for another call.
 *
 * <p>Placeholders are written {@code ⟦name⟧} (the recordings are ASCII, so they cannot clash):
 *
 * <ul>
 *   <li>{@code uid.0.1}, {@code uid.0.2}: the originated legs' Uniqueids (the ChannelId, and the
 *       ChannelId with {@code ;2});
 *   <li>{@code chan.R}: a channel name without its {@code ;1}/{@code ;2}, e.g. {@code
 *       Local/busy@targets-00000007}. Role 0 is the originated channel; 1, 2 ... the other channels
 *       (the queue agent) in order of appearance;
 *   <li>{@code uid.R.S}: Uniqueid of side S of the role-R channel (agent legs, {@code
 *       1795838904.10});
 *   <li>{@code bridge.N}: a bridge's id;
 *   <li>{@code device.R}: a channel's device ({@code Local/agent1@agentsim}); role 0's is {@code
 *       dialString};
 *   <li>{@code dialString}, {@code dialTarget} (without the technology), {@code exten} and {@code
 *       context} (the dialled number and its context), {@code destExten} and {@code destContext}
 *       (where the answered call goes), {@code callerIdNum}, {@code callerIdName}, {@code
 *       callerId}.
 * </ul>
 *
 * Roles are assigned the same way in every recording, so the Hangup template of one recording
 * applies to a call replayed from another.
 */
final class CallTemplate {

  static final char OPEN = '\u27E6';
  static final char CLOSE = '\u27E7';

  private static final Pattern CHANNEL_BASE =
      Pattern.compile("([A-Za-z0-9_]+/[^;\\s,]+?)-([0-9a-f]{8})(?=;[12])");
  private static final Pattern PLACEHOLDER = Pattern.compile(OPEN + "([^" + CLOSE + "]+)" + CLOSE);
  private static final Pattern LEG_BY_CHANNEL =
      Pattern.compile(OPEN + "chan\\.(\\d+)" + CLOSE + ";([12])");
  private static final Pattern LEG_BY_UID = Pattern.compile("^uid\\.(\\d+)\\.([12])$");
  private static final Pattern DEVICE = Pattern.compile("^device\\.(\\d+)$");
  private static final Pattern EXTEN_OR_CONTEXT_KEY =
      Pattern.compile("(?i).*(exten|extension|context|destination)");
  private static final Set<String> TEARDOWN_EVENTS =
      Set.of("Cdr", "HangupRequest", "SoftHangupRequest", "Hangup");

  /**
   * A leg named by a message: role and side ({@code 1}/{@code 2}; 0 means any side, as a device
   * does).
   */
  record LegRef(int role, int side) {}

  /**
   * One templated message. {@code offsetMs} is the recorded time since the client action; {@code
   * originateVariable} marks a VarSet of the recorded originate's variable, replayed once per
   * variable the new originate sets.
   */
  record TemplateMessage(
      AmiMessage message,
      long offsetMs,
      String event,
      Set<LegRef> legRefs,
      Set<String> bridgeRefs,
      boolean originateVariable) {}

  private final String recording;
  private final List<TemplateMessage> messages;
  private final Map<String, String> recordedValues;
  private final int otherChannelRoles;
  private final Map<String, String> otherUniqueids;
  private final int bridges;
  private final int dialBeginIndex;
  private final int reactionIndex;
  private final int teardownIndex;
  private final int originateResponseIndex;

  private CallTemplate(
      String recording,
      List<TemplateMessage> messages,
      Map<String, String> recordedValues,
      int otherChannelRoles,
      Map<String, String> otherUniqueids,
      int bridges) {
    this.recording = recording;
    this.messages = List.copyOf(messages);
    this.recordedValues = Map.copyOf(recordedValues);
    this.otherChannelRoles = otherChannelRoles;
    this.otherUniqueids = Map.copyOf(otherUniqueids);
    this.bridges = bridges;
    this.dialBeginIndex = findDialBegin(this.messages);
    this.reactionIndex =
        dialBeginIndex >= 0 && dialBeginIndex + 1 < this.messages.size() ? dialBeginIndex + 1 : -1;
    this.teardownIndex = findTeardown(this.messages, reactionIndex);
    int response = -1;
    for (int i = 0; i < this.messages.size(); i++) {
      if ("OriginateResponse".equals(this.messages.get(i).event())) {
        response = i;
        break;
      }
    }
    this.originateResponseIndex = response;
  }

  /**
   * The messages that followed the recording's first Originate (without the action's own response).
   */
  static CallTemplate afterOriginate(AmiTranscript transcript) {
    return afterAction(transcript, "Originate");
  }

  /**
   * The messages that followed the recording's first Hangup action (without the action's own
   * response).
   */
  static CallTemplate afterHangup(AmiTranscript transcript) {
    return afterAction(transcript, "Hangup");
  }

  private static CallTemplate afterAction(AmiTranscript transcript, String actionName) {
    List<AmiTranscript.Entry> entries = transcript.entries();
    int originateIndex = transcript.indexOfAction("Originate", 0);
    if (originateIndex < 0) {
      throw new IllegalArgumentException(transcript.scenario() + ": no Originate recorded");
    }
    AmiMessage originate = ((AmiTranscript.ClientAction) entries.get(originateIndex)).action();
    RecordedCall recorded = RecordedCall.scan(transcript, originate);

    int actionIndex = transcript.indexOfAction(actionName, originateIndex);
    if (actionIndex < 0) {
      throw new IllegalArgumentException(
          transcript.scenario() + ": no " + actionName + " recorded");
    }
    AmiTranscript.ClientAction action = (AmiTranscript.ClientAction) entries.get(actionIndex);
    List<TemplateMessage> messages = new ArrayList<>();
    boolean responseSkipped = false;
    for (int i = actionIndex + 1; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof AmiTranscript.ServerMessage server)) {
        break;
      }
      if (!responseSkipped) {
        if (!server.message().has("Response") || server.message().has("Event")) {
          throw new IllegalArgumentException(
              transcript.scenario() + ": " + actionName + " not answered by a response");
        }
        responseSkipped = true;
        continue;
      }
      long offset =
          server.offsetMs() >= 0 && action.offsetMs() >= 0
              ? server.offsetMs() - action.offsetMs()
              : 0;
      messages.add(recorded.template(server.message(), Math.max(0, offset)));
    }
    return new CallTemplate(
        transcript.scenario(),
        messages,
        recorded.recordedValues,
        recorded.otherRoleCount(),
        recorded.otherUniqueidPlaceholders(),
        recorded.bridgeIds.size());
  }

  String recording() {
    return recording;
  }

  List<TemplateMessage> messages() {
    return messages;
  }

  /** True when the call creates channels (false for a bad technology: only OriginateResponse). */
  boolean hasChannels() {
    return messages.stream().anyMatch(message -> "Newchannel".equals(message.event()));
  }

  /** Index of the originated leg's DialBegin, or -1 (no dial happened). */
  int dialBeginIndex() {
    return dialBeginIndex;
  }

  /**
   * Index of the first message after DialBegin: the far end's first reaction (answer, busy ...), or
   * -1.
   */
  int reactionIndex() {
    return reactionIndex;
  }

  /**
   * Index of the first hangup-related message after the reaction (Cdr, HangupRequest, Hangup ...),
   * or -1.
   */
  int teardownIndex() {
    return teardownIndex;
  }

  /** Index of OriginateResponse, or -1. */
  int originateResponseIndex() {
    return originateResponseIndex;
  }

  /** The value a placeholder had in the recording. */
  String recordedValue(String placeholder) {
    return recordedValues.get(placeholder);
  }

  /** How many channels besides the originated one the call has (1 for a queue call: the agent). */
  int otherChannelRoles() {
    return otherChannelRoles;
  }

  /** The {@code uid.R.S} placeholders of the other channels' legs. */
  Set<String> otherUniqueidPlaceholders() {
    return otherUniqueids.keySet();
  }

  int bridges() {
    return bridges;
  }

  /** The device ({@code Local/agent1@agentsim}) of the role-R channel as recorded. */
  String recordedDevice(int role) {
    return recordedValues.get("device." + role);
  }

  /** Replaces each placeholder in {@code value} by its binding; null if one has none. */
  static String substitute(String value, Map<String, String> bindings) {
    if (value.indexOf(OPEN) < 0) {
      return value;
    }
    Matcher matcher = PLACEHOLDER.matcher(value);
    StringBuilder result = new StringBuilder(value.length() + 32);
    while (matcher.find()) {
      String bound = bindings.get(matcher.group(1));
      if (bound == null) {
        return null;
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(bound));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static int findDialBegin(List<TemplateMessage> messages) {
    String originatedLeg = OPEN + "chan.0" + CLOSE + ";1";
    for (int i = 0; i < messages.size(); i++) {
      AmiMessage message = messages.get(i).message();
      if ("DialBegin".equals(messages.get(i).event())
          && !message.has("Channel")
          && originatedLeg.equals(message.get("DestChannel"))) {
        return i;
      }
    }
    return -1;
  }

  private static int findTeardown(List<TemplateMessage> messages, int from) {
    if (from < 0) {
      return -1;
    }
    for (int i = from; i < messages.size(); i++) {
      TemplateMessage message = messages.get(i);
      if (TEARDOWN_EVENTS.contains(message.event())
          || ("OriginateResponse".equals(message.event())
              && "Failure".equals(message.message().get("Response")))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What identifies the recorded call: found once in the whole recording, then used to template
   * messages.
   */
  private static final class RecordedCall {
    final String channelId;
    final DialString dial;
    final CallerId callerId;
    final String callerIdRaw;
    final String destContext;
    final String destExten;
    final Map<String, String> variables = new LinkedHashMap<>();

    /** Channel base (name without ;1/;2) to role. */
    final Map<String, Integer> channelRoles = new LinkedHashMap<>();

    final Map<String, String> uniqueidPlaceholders = new HashMap<>();
    final Map<String, String> bridgeIds = new LinkedHashMap<>();
    final Map<String, String> deviceByRole = new HashMap<>();
    final Map<String, String> recordedValues = new HashMap<>();
    List<String> basesLongestFirst = List.of();

    private RecordedCall(AmiMessage originate) {
      channelId = originate.get("ChannelId");
      dial = DialString.parse(originate.get("Channel"));
      if (channelId == null || dial == null) {
        throw new IllegalArgumentException(
            "recorded Originate lacks ChannelId or Channel: " + originate);
      }
      callerIdRaw = originate.get("CallerID");
      callerId = CallerId.parse(callerIdRaw);
      destContext = originate.get("Context");
      destExten = originate.get("Exten");
      for (String variable : originate.getAll("Variable")) {
        int equals = variable.indexOf('=');
        if (equals > 0) {
          variables.put(variable.substring(0, equals), variable.substring(equals + 1));
        }
      }
    }

    static RecordedCall scan(AmiTranscript transcript, AmiMessage originate) {
      RecordedCall call = new RecordedCall(originate);
      List<AmiTranscript.ServerMessage> server = transcript.serverMessages();
      int nextRole = 1;
      for (AmiTranscript.ServerMessage message : server) {
        for (AmiMessage.Field field : message.message().fields()) {
          Matcher matcher = CHANNEL_BASE.matcher(field.value());
          while (matcher.find()) {
            String base = matcher.group(0);
            if (!call.channelRoles.containsKey(base)) {
              int role = base.startsWith(call.dial.raw() + "-") ? 0 : nextRole++;
              call.channelRoles.put(base, role);
              call.deviceByRole.put("device." + role, matcher.group(1));
            }
          }
          if ((field.key().equals("BridgeUniqueid") || field.key().equals("BridgeId"))
              && !field.value().isEmpty()
              && !call.bridgeIds.containsKey(field.value())) {
            call.bridgeIds.put(field.value(), "bridge." + call.bridgeIds.size());
          }
        }
      }
      for (AmiTranscript.ServerMessage message : server) {
        AmiMessage fields = message.message();
        if (!"Newchannel".equals(fields.eventName())) {
          continue;
        }
        String channel = fields.get("Channel");
        String uniqueid = fields.get("Uniqueid");
        if (channel == null || uniqueid == null || uniqueid.startsWith(call.channelId)) {
          continue;
        }
        int semicolon = channel.lastIndexOf(';');
        Integer role =
            semicolon > 0 ? call.channelRoles.get(channel.substring(0, semicolon)) : null;
        if (role != null && role > 0) {
          call.uniqueidPlaceholders.put(
              uniqueid, "uid." + role + "." + channel.substring(semicolon + 1));
        }
      }
      call.basesLongestFirst = new ArrayList<>(call.channelRoles.keySet());
      call.basesLongestFirst.sort(Comparator.comparingInt(String::length).reversed());

      Map<String, String> values = call.recordedValues;
      values.put("uid.0.1", call.channelId);
      values.put("uid.0.2", call.channelId + ";2");
      call.uniqueidPlaceholders.forEach((uid, placeholder) -> values.put(placeholder, uid));
      call.bridgeIds.forEach((id, placeholder) -> values.put(placeholder, id));
      call.channelRoles.forEach((base, role) -> values.put("chan." + role, base));
      call.deviceByRole.forEach(
          (placeholder, device) -> {
            if (!placeholder.equals("device.0")) {
              values.put(placeholder, device);
            }
          });
      values.put("dialString", call.dial.raw());
      values.put("dialTarget", call.dial.target());
      values.put("exten", call.dial.number());
      putIfNotNull(values, "context", call.dial.context());
      putIfNotNull(values, "destContext", call.destContext);
      putIfNotNull(values, "destExten", call.destExten);
      values.put("callerIdNum", call.callerId.numberOrUnknown());
      values.put("callerIdName", call.callerId.nameOrUnknown());
      values.put("callerId", call.callerId.cdrForm());
      return call;
    }

    private static void putIfNotNull(Map<String, String> values, String key, String value) {
      if (value != null) {
        values.put(key, value);
      }
    }

    int otherRoleCount() {
      return (int) channelRoles.values().stream().filter(role -> role > 0).distinct().count();
    }

    Map<String, String> otherUniqueidPlaceholders() {
      Map<String, String> byPlaceholder = new HashMap<>();
      uniqueidPlaceholders.forEach((uid, placeholder) -> byPlaceholder.put(placeholder, uid));
      return byPlaceholder;
    }

    TemplateMessage template(AmiMessage recordedMessage, long offsetMs) {
      AmiMessage.Builder templated = AmiMessage.builder();
      for (AmiMessage.Field field : recordedMessage.fields()) {
        templated.add(field.key(), templateValue(field.key(), field.value()));
      }
      AmiMessage message = templated.build();
      String event = message.eventName();
      boolean originateVariable =
          "VarSet".equals(event)
              && variables.containsKey(recordedMessage.get("Variable"))
              && variables
                  .get(recordedMessage.get("Variable"))
                  .equals(recordedMessage.get("Value"));
      return new TemplateMessage(
          message, offsetMs, event, legRefs(message), bridgeRefs(message), originateVariable);
    }

    private String templateValue(String key, String value) {
      if (value.isEmpty()) {
        return value;
      }
      if (value.equals(channelId)) {
        return placeholder("uid.0.1");
      }
      if (value.equals(channelId + ";2")) {
        return placeholder("uid.0.2");
      }
      String identity = uniqueidPlaceholders.get(value);
      if (identity == null) {
        identity = bridgeIds.get(value);
      }
      if (identity != null) {
        return placeholder(identity);
      }
      String replaced = value;
      for (String base : basesLongestFirst) {
        if (replaced.contains(base)) {
          replaced = replaced.replace(base, placeholder("chan." + channelRoles.get(base)));
        }
      }
      if (!replaced.equals(value)) {
        return replaced;
      }
      if (value.equals(dial.raw())) {
        return placeholder("dialString");
      }
      if (value.equals(dial.target())) {
        return placeholder("dialTarget");
      }
      for (Map.Entry<String, String> device : deviceByRole.entrySet()) {
        if (!device.getKey().equals("device.0") && value.equals(device.getValue())) {
          return placeholder(device.getKey());
        }
      }
      if (EXTEN_OR_CONTEXT_KEY.matcher(key).matches()) {
        if (value.equals(dial.number())) {
          return placeholder("exten");
        }
        if (value.equals(dial.context())) {
          return placeholder("context");
        }
        if (value.equals(destExten)) {
          return placeholder("destExten");
        }
        if (value.equals(destContext)) {
          return placeholder("destContext");
        }
      }
      if ((key.endsWith("Num") || key.equals("Source")) && value.equals(callerId.number())) {
        return placeholder("callerIdNum");
      }
      if (key.endsWith("Name") && value.equals(callerId.name())) {
        return placeholder("callerIdName");
      }
      if (key.equals("CallerID") && value.equals(callerId.cdrForm())) {
        return placeholder("callerId");
      }
      return value;
    }
  }

  static String placeholder(String name) {
    return OPEN + name + CLOSE;
  }

  private static Set<LegRef> legRefs(AmiMessage message) {
    Set<LegRef> refs = new HashSet<>();
    for (AmiMessage.Field field : message.fields()) {
      // Every leg's Linkedid is the ChannelId: it names the call, not the originated leg.
      if (field.key().toLowerCase(java.util.Locale.ROOT).endsWith("linkedid")) {
        continue;
      }
      Matcher channel = LEG_BY_CHANNEL.matcher(field.value());
      while (channel.find()) {
        refs.add(
            new LegRef(Integer.parseInt(channel.group(1)), Integer.parseInt(channel.group(2))));
      }
      Matcher placeholders = PLACEHOLDER.matcher(field.value());
      while (placeholders.find()) {
        String name = placeholders.group(1);
        Matcher uid = LEG_BY_UID.matcher(name);
        Matcher device = DEVICE.matcher(name);
        if (uid.matches()) {
          refs.add(new LegRef(Integer.parseInt(uid.group(1)), Integer.parseInt(uid.group(2))));
        } else if (device.matches()) {
          refs.add(new LegRef(Integer.parseInt(device.group(1)), 0));
        } else if (name.equals("dialString")) {
          refs.add(new LegRef(0, 0));
        }
      }
    }
    return Collections.unmodifiableSet(refs);
  }

  private static Set<String> bridgeRefs(AmiMessage message) {
    Set<String> refs = new HashSet<>();
    for (AmiMessage.Field field : message.fields()) {
      Matcher placeholders = PLACEHOLDER.matcher(field.value());
      while (placeholders.find()) {
        if (placeholders.group(1).startsWith("bridge.")) {
          refs.add(placeholders.group(1));
        }
      }
    }
    return Collections.unmodifiableSet(refs);
  }
}
