package io.outdial.pbxsim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One originated call, played back from a recorded template: the recorded messages, with the
 * recorded call's identities replaced by this call's, at the recorded relative times stretched to
 * the outcome's answer and hangup delays. A Hangup action replaces what is left of the playback
 * with the recorded hangup.
 */
final class SimulatedCall {

  private static final Logger log = LoggerFactory.getLogger(SimulatedCall.class);
  private static final DateTimeFormatter CDR_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * Asterisk's originate reason when the call was hung up before it was answered
   * (AST_CONTROL_HANGUP).
   */
  static final String REASON_HUNG_UP = "1";

  /** A template message and when to send it, in milliseconds after the plan started. */
  record PlannedMessage(CallTemplate.TemplateMessage message, long atMillis) {}

  private final CallEnvironment environment;
  private final OriginateRequest request;
  private final CallTemplate template;
  private final OutcomeRules.CallBehaviour behaviour;
  private final String channelId;
  private final Map<String, String> bindings;
  private final Random shuffle;
  private final Instant startedAt = Instant.now();

  private List<PlannedMessage> plan = List.of();
  private int nextIndex;
  private long planStartNanos;
  private ScheduledFuture<?> pending;
  private boolean finished;
  private boolean hangupRequested;
  private boolean answered;
  private Instant answeredAt;
  private boolean originateResponseSent;
  private final Set<String> liveLegs = new LinkedHashSet<>();
  private final Set<String> liveBridges = new HashSet<>();
  private String agentQueue;

  /**
   * @param behaviour what the far end does; for a bad technology any value (the template has no
   *     dial)
   * @param shuffle reorders OriginateResponse within what the recordings show; null keeps the
   *     recorded order
   */
  SimulatedCall(
      CallEnvironment environment,
      OriginateRequest request,
      String channelId,
      CallTemplate template,
      OutcomeRules.CallBehaviour behaviour,
      Random shuffle) {
    this.environment = environment;
    this.request = request;
    this.channelId = channelId;
    this.template = template;
    this.behaviour = behaviour;
    this.shuffle = shuffle;
    this.bindings = bind();
  }

  String channelId() {
    return channelId;
  }

  String recording() {
    return template.recording();
  }

  boolean createsChannels() {
    return template.hasChannels();
  }

  /** Starts the playback; events follow on the scheduler. */
  synchronized void start() {
    plan = plan(template, behaviour, request.timeoutMs(), environment.timeScale(), shuffle);
    nextIndex = 0;
    planStartNanos = System.nanoTime();
    scheduleNext();
  }

  /**
   * Ends the call as the recorded Hangup action did (cause 16 on every leg), dropping the rest of
   * the playback. Messages of the recording about legs or bridges this call does not have (yet) are
   * left out. Returns false when the call has already ended.
   */
  synchronized boolean hangup() {
    if (finished) {
      return false;
    }
    if (hangupRequested) {
      return true;
    }
    hangupRequested = true;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    List<PlannedMessage> teardown = new ArrayList<>();
    for (CallTemplate.TemplateMessage message : environment.templates().hangup().messages()) {
      if (namesOnlyLiveLegs(message)) {
        teardown.add(
            new PlannedMessage(message, scaled(message.offsetMs(), environment.timeScale())));
      }
    }
    if (!originateResponseSent && template.originateResponseIndex() >= 0) {
      teardown.add(firstHangupIndex(teardown), originateResponseForHangup(teardown));
    }
    plan = teardown;
    nextIndex = 0;
    planStartNanos = System.nanoTime();
    scheduleNext();
    return true;
  }

  /** Stops the playback without sending anything more (the simulator is closing). */
  synchronized void abandon() {
    if (pending != null) {
      pending.cancel(false);
    }
    finished = true;
  }

  // ---- plan ---------------------------------------------------------------------------------

  /**
   * When each message of the template is sent, in milliseconds after the originate. Before the far
   * end reacts the recorded offsets apply. The reaction (answer, busy ...) comes {@code
   * answerAfterMs} after the message before it when the behaviour sets it; an answered call's
   * teardown comes {@code hangupAfterMs} after the answer, a no-answer's at the originate's
   * Timeout. Messages within a phase keep their recorded spacing.
   */
  static List<PlannedMessage> plan(
      CallTemplate template,
      OutcomeRules.CallBehaviour behaviour,
      long timeoutMs,
      double timeScale,
      Random shuffle) {
    List<CallTemplate.TemplateMessage> messages = template.messages();
    int count = messages.size();
    long[] at = new long[count];
    int reaction = template.reactionIndex();
    int teardown = template.teardownIndex();
    Outcome outcome = behaviour.outcome();
    boolean stretchReaction =
        reaction > 0
            && (outcome.isAnswered()
                || (outcome != Outcome.NOANSWER && behaviour.answerAfterMs() >= 0));
    boolean stretchTeardown =
        reaction > 0
            && teardown > reaction
            && (outcome.isAnswered() || outcome == Outcome.NOANSWER);
    long reactionStart = 0;
    long teardownStart = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      long recorded = messages.get(i).offsetMs();
      long time;
      if (reaction < 0 || i < reaction) {
        time = recorded;
      } else if (stretchTeardown && i >= teardown) {
        time = teardownStart + (recorded - messages.get(teardown).offsetMs());
      } else {
        if (i == reaction) {
          reactionStart = stretchReaction ? at[i - 1] + behaviour.answerAfterMs() : recorded;
          if (stretchTeardown) {
            teardownStart =
                outcome == Outcome.NOANSWER ? timeoutMs : reactionStart + behaviour.hangupAfterMs();
          }
        }
        // Events recorded while ringing or talking that would fall after the new teardown
        // moment are pulled forward to it, keeping their order.
        time =
            Math.min(reactionStart + (recorded - messages.get(reaction).offsetMs()), teardownStart);
      }
      at[i] = i > 0 ? Math.max(time, at[i - 1]) : time;
    }
    List<PlannedMessage> planned = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      planned.add(new PlannedMessage(messages.get(i), scaled(at[i], timeScale)));
    }
    if (shuffle != null) {
      moveOriginateResponse(planned, template, outcome, shuffle);
    }
    return planned;
  }

  /**
   * The recordings show OriginateResponse at different places in different runs of the same call: a
   * failure's anywhere from after the first Newchannel to after both Hangups, an answer's anywhere
   * between the answer and the queue's first agent channel. This picks one of those places.
   */
  private static void moveOriginateResponse(
      List<PlannedMessage> planned, CallTemplate template, Outcome outcome, Random random) {
    int responseIndex = template.originateResponseIndex();
    if (responseIndex < 0 || !template.hasChannels()) {
      return;
    }
    CallTemplate.TemplateMessage reactionMessage =
        template.reactionIndex() >= 0 ? template.messages().get(template.reactionIndex()) : null;
    PlannedMessage response = planned.remove(responseIndex);
    int from;
    int to;
    if (outcome.isAnswered()) {
      if (reactionMessage == null) {
        planned.add(responseIndex, response);
        return;
      }
      from = indexOf(planned, reactionMessage) + 1;
      to = planned.size();
      for (int i = from; i < planned.size(); i++) {
        String event = planned.get(i).message().event();
        if ("Newchannel".equals(event) || "Hangup".equals(event) || "Cdr".equals(event)) {
          to = i;
          break;
        }
      }
    } else {
      from = -1;
      to = -1;
      for (int i = 0; i < planned.size(); i++) {
        String event = planned.get(i).message().event();
        if (from < 0 && "Newchannel".equals(event)) {
          from = i + 1;
        }
        if ("Hangup".equals(event)) {
          to = i + 1;
        }
      }
    }
    if (outcome == Outcome.NOANSWER && template.teardownIndex() >= 0) {
      // No answer is known only when the originate's Timeout runs out: the response never
      // comes before the teardown that starts at that moment (it takes the time of the
      // message before it).
      int teardown = indexOf(planned, template.messages().get(template.teardownIndex()));
      from = Math.max(from, teardown + 1);
    }
    if (from <= 0 || to < from) {
      planned.add(responseIndex, response);
      return;
    }
    int position = from + random.nextInt(to - from + 1);
    long time = planned.get(position - 1).atMillis();
    planned.add(position, new PlannedMessage(response.message(), time));
  }

  private static int indexOf(List<PlannedMessage> planned, CallTemplate.TemplateMessage message) {
    for (int i = 0; i < planned.size(); i++) {
      if (planned.get(i).message() == message) {
        return i;
      }
    }
    return -1;
  }

  private static long scaled(long millis, double timeScale) {
    return Math.round(millis * timeScale);
  }

  // ---- playback -----------------------------------------------------------------------------

  private void scheduleNext() {
    if (nextIndex >= plan.size()) {
      finish();
      return;
    }
    long delay = plan.get(nextIndex).atMillis() - elapsedMillis();
    pending =
        environment.scheduler().schedule(this::step, Math.max(0, delay), TimeUnit.MILLISECONDS);
  }

  private void step() {
    synchronized (this) {
      if (finished) {
        return;
      }
      try {
        long elapsed = elapsedMillis();
        while (nextIndex < plan.size() && plan.get(nextIndex).atMillis() <= elapsed) {
          send(plan.get(nextIndex).message());
          nextIndex++;
        }
        scheduleNext();
      } catch (RuntimeException e) {
        // A bug in one call must not leave it half alive: end it and keep the server going.
        log.error(
            "call {} ({}) failed during playback; ending it", channelId, template.recording(), e);
        finish();
      }
    }
  }

  private long elapsedMillis() {
    return (System.nanoTime() - planStartNanos) / 1_000_000L;
  }

  private void send(CallTemplate.TemplateMessage message) {
    int reaction = template.reactionIndex();
    if (!answered
        && !hangupRequested
        && behaviour.outcome().isAnswered()
        && reaction >= 0
        && message == template.messages().get(reaction)) {
      answered = true;
      answeredAt = Instant.now();
    }
    for (AmiMessage event : render(message)) {
      track(event);
      environment.broadcast(event);
    }
  }

  private void finish() {
    finished = true;
    pending = null;
    if (!liveLegs.isEmpty()) {
      // Asterisk ends every channel with a Hangup; a leg the recording's teardown did not name
      // (a hangup requested while the call was between two recorded states) gets one too, or
      // the dialer would wait for it until it asks CoreShowChannels.
      log.warn(
          "call {} ({}) ended its playback with legs still up, hanging them up: {}",
          channelId,
          template.recording(),
          liveLegs);
      for (String name : List.copyOf(liveLegs)) {
        LiveChannel leg = environment.channels().byName(name);
        if (leg != null) {
          environment.broadcast(leg.toHangup());
        }
        environment.channels().remove(name);
      }
      liveLegs.clear();
    }
    if (agentQueue != null) {
      environment.agentBusy(agentQueue, -1);
      agentQueue = null;
    }
    environment.callFinished(this);
  }

  // ---- rendering ----------------------------------------------------------------------------

  private Map<String, String> bind() {
    Map<String, String> bound = new HashMap<>();
    boolean channelIdGiven = request.channelId() != null;
    bound.put("uid.0.1", channelId);
    bound.put(
        "uid.0.2",
        request.otherChannelId() != null
            ? request.otherChannelId()
            : channelIdGiven ? channelId + ";2" : environment.nextUniqueid());
    bound.put("chan.0", request.dial().channelNameBase() + "-" + environment.nextChannelSequence());
    for (int role = 1; role <= template.otherChannelRoles(); role++) {
      String device = template.recordedDevice(role);
      bound.put("device." + role, device);
      bound.put("chan." + role, device + "-" + environment.nextChannelSequence());
    }
    // Sorted so that a channel's ;1 leg gets the lower number, as Asterisk numbers them.
    for (String uniqueid : new java.util.TreeSet<>(template.otherUniqueidPlaceholders())) {
      bound.put(uniqueid, environment.nextUniqueid());
    }
    for (int bridge = 0; bridge < template.bridges(); bridge++) {
      bound.put("bridge." + bridge, UUID.randomUUID().toString());
    }
    DialString dial = request.dial();
    bound.put("dialString", dial.raw());
    bound.put("dialTarget", dial.target());
    bound.put("exten", dial.number());
    putIfNotNull(
        bound,
        "context",
        dial.context() != null ? dial.context() : template.recordedValue("context"));
    putIfNotNull(
        bound,
        "destContext",
        request.context() != null ? request.context() : template.recordedValue("destContext"));
    putIfNotNull(
        bound,
        "destExten",
        request.exten() != null ? request.exten() : template.recordedValue("destExten"));
    bound.put("callerIdNum", request.callerId().numberOrUnknown());
    bound.put("callerIdName", request.callerId().nameOrUnknown());
    bound.put("callerId", request.callerId().cdrForm());
    return bound;
  }

  private static void putIfNotNull(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** The template message as this call's event(s); none when it names something this call lacks. */
  private List<AmiMessage> render(CallTemplate.TemplateMessage message) {
    AmiMessage.Builder fields = AmiMessage.builder();
    for (AmiMessage.Field field : message.message().fields()) {
      String value = CallTemplate.substitute(field.value(), bindings);
      if (value == null) {
        return List.of();
      }
      fields.add(field.key(), value);
    }
    AmiMessage event = fields.build();
    if ("OriginateResponse".equals(message.event())) {
      event = withOriginateDestination(event);
    } else if ("Cdr".equals(message.event())) {
      event = withCdrTimes(event);
    }
    if (message.originateVariable()) {
      List<AmiMessage> perVariable = new ArrayList<>(request.variables().size());
      for (OriginateRequest.Variable variable : request.variables()) {
        perVariable.add(event.with("Variable", variable.name()).with("Value", variable.value()));
      }
      return perVariable;
    }
    return List.of(event);
  }

  /**
   * OriginateResponse names the action's ActionID and destination (Context/Exten or
   * Application/Data).
   */
  private AmiMessage withOriginateDestination(AmiMessage recorded) {
    AmiMessage.Builder response = AmiMessage.builder();
    boolean destinationWritten = false;
    for (AmiMessage.Field field : recorded.fields()) {
      String key = field.key();
      if (key.equalsIgnoreCase("ActionID")) {
        response.addIfPresent("ActionID", request.actionId());
      } else if (key.equals("Context")
          || key.equals("Exten")
          || key.equals("Application")
          || key.equals("Data")) {
        if (!destinationWritten) {
          destinationWritten = true;
          if (request.isApplication()) {
            response
                .add("Application", request.application())
                .add("Data", request.data() == null ? "" : request.data());
          } else {
            response
                .add("Context", nullToEmpty(request.context()))
                .add("Exten", nullToEmpty(request.exten()));
          }
        }
      } else {
        response.add(field);
      }
    }
    return response.build();
  }

  private AmiMessage withCdrTimes(AmiMessage recorded) {
    Instant now = Instant.now();
    boolean recordedAnswer = !nullToEmpty(recorded.get("AnswerTime")).isEmpty();
    boolean billable = recordedAnswer && answered;
    AmiMessage cdr =
        recorded
            .with("StartTime", CDR_TIME.format(startedAt))
            .with("AnswerTime", billable ? CDR_TIME.format(answeredAt) : "")
            .with("EndTime", CDR_TIME.format(now))
            .with("Duration", Long.toString(Duration.between(startedAt, now).toSeconds()))
            .with(
                "BillableSeconds",
                billable ? Long.toString(Duration.between(answeredAt, now).toSeconds()) : "0");
    if (!answered && "ANSWERED".equals(cdr.get("Disposition"))) {
      cdr = cdr.with("Disposition", "NO ANSWER");
    }
    return cdr;
  }

  private void track(AmiMessage event) {
    String type = event.eventName();
    String channel = event.get("Channel");
    switch (type == null ? "" : type) {
      case "Newchannel" -> {
        LiveChannel leg = new LiveChannel(event, this);
        environment.channels().add(leg);
        liveLegs.add(leg.name());
        return;
      }
      case "Hangup" -> {
        if (liveLegs.remove(channel)) {
          environment.channels().remove(channel);
        }
        return;
      }
      case "BridgeCreate" -> liveBridges.add(event.get("BridgeUniqueid"));
      case "BridgeDestroy" -> liveBridges.remove(event.get("BridgeUniqueid"));
      case "AgentConnect" -> {
        if (agentQueue == null && event.get("Queue") != null) {
          agentQueue = event.get("Queue");
          environment.agentBusy(agentQueue, 1);
        }
      }
      case "AgentComplete" -> {
        if (agentQueue != null) {
          environment.agentBusy(agentQueue, -1);
          agentQueue = null;
        }
      }
      case "OriginateResponse" -> originateResponseSent = true;
      default -> {
        // other events only update the channel they name
      }
    }
    if (channel != null && liveLegs.contains(channel)) {
      LiveChannel leg = environment.channels().byName(channel);
      if (leg != null) {
        leg.update(event);
      }
    }
  }

  // ---- hangup -------------------------------------------------------------------------------

  private boolean namesOnlyLiveLegs(CallTemplate.TemplateMessage message) {
    for (CallTemplate.LegRef ref : message.legRefs()) {
      String base = bindings.get("chan." + ref.role());
      if (base == null) {
        return false;
      }
      boolean live =
          ref.side() == 0
              ? liveLegs.stream().anyMatch(name -> name.startsWith(base + ";"))
              : liveLegs.contains(base + ";" + ref.side());
      if (!live) {
        return false;
      }
    }
    for (String bridge : message.bridgeRefs()) {
      if (!liveBridges.contains(bindings.get(bridge))) {
        return false;
      }
    }
    return true;
  }

  private static int firstHangupIndex(List<PlannedMessage> teardown) {
    for (int i = 0; i < teardown.size(); i++) {
      if ("Hangup".equals(teardown.get(i).message().event())) {
        return i;
      }
    }
    return teardown.size();
  }

  /**
   * The OriginateResponse a call hung up before it was sent still owes. Asterisk reports an
   * originate whose channel was hung up before answering with Reason 1 (not recorded: derived from
   * Asterisk's reason codes, where 1 is the hangup control frame).
   */
  private PlannedMessage originateResponseForHangup(List<PlannedMessage> teardown) {
    CallTemplate.TemplateMessage recorded =
        template.messages().get(template.originateResponseIndex());
    AmiMessage message = recorded.message();
    if (!answered) {
      message =
          message
              .with("Response", "Failure")
              .with("Reason", REASON_HUNG_UP)
              .with("Channel", CallTemplate.placeholder("dialString"));
    }
    int index = firstHangupIndex(teardown);
    long at = index < teardown.size() ? teardown.get(index).atMillis() : 0;
    return new PlannedMessage(
        new CallTemplate.TemplateMessage(
            message, recorded.offsetMs(), recorded.event(), Set.of(), Set.of(), false),
        at);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
