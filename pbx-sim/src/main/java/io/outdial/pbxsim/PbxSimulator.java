package io.outdial.pbxsim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server that speaks the Asterisk Manager Interface the way the recorded Asterisk 22.10.1
 * sessions show, for tests, demos and benchmarks that need a PBX.
 *
 * <pre>{@code
 * try (PbxSimulator pbx = PbxSimulator.start(PbxSimulatorConfig.builder().rules("5551*=busy").build())) {
 *     ManagerConnection ami = new ManagerConnectionFactory("127.0.0.1", pbx.port(), "dialer", "s3cret")
 *             .createManagerConnection();
 *     ...
 * }
 * }</pre>
 *
 * Calls are replayed from the recordings (see {@link OutcomeRules} for which outcome a number
 * gets). Every logged-in session with events on receives every event its filters (the Filter
 * action) let through, as AMI broadcasts them.
 */
public final class PbxSimulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PbxSimulator.class);
  static final String BANNER = "Asterisk Call Manager/11.0.0";

  /** Technologies the recorded Asterisk would accept; another one fails like {@code Foo/123}. */
  private static final Set<String> KNOWN_TECHNOLOGIES =
      Set.of("local", "pjsip", "sip", "iax2", "dahdi");

  private final PbxSimulatorConfig config;
  private final CallTemplates templates;
  private final RecordedReplies replies;
  private final AmiActions actions;
  private final ServerSocket serverSocket;
  private final OriginateLog originateLog;
  private final ScheduledThreadPoolExecutor scheduler;
  private final LiveChannels channels = new LiveChannels();
  private final Set<AmiSession> sessions = ConcurrentHashMap.newKeySet();
  private final Set<SimulatedCall> calls = ConcurrentHashMap.newKeySet();
  private final Map<String, QueueConfig> queues = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> busyAgents = new ConcurrentHashMap<>();
  private final Random shuffle;
  private final AtomicInteger sessionIds = new AtomicInteger();
  private final AtomicInteger channelSequence = new AtomicInteger();
  private final AtomicLong uniqueidSequence = new AtomicLong();
  private final AtomicInteger callsWithChannels = new AtomicInteger();
  private final AtomicInteger peakCallsWithChannels = new AtomicInteger();
  private final AtomicInteger refusedConnections = new AtomicInteger();
  private final long startedAtEpochSecond = Instant.now().getEpochSecond();
  private final long startedNanos = System.nanoTime();
  private final Object capacityLock = new Object();
  private volatile long refuseUntilNanos;
  private volatile boolean refusing;
  private volatile boolean closed;
  private final Thread acceptor;

  private PbxSimulator(PbxSimulatorConfig config) throws IOException {
    this.config = config;
    this.templates = CallTemplates.get();
    this.replies = RecordedReplies.get();
    this.actions = new AmiActions(this, replies);
    this.queues.putAll(config.queues());
    this.shuffle = config.shuffleSeed() == null ? null : new Random(config.shuffleSeed());
    this.originateLog = new OriginateLog(config.originateLog());
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "pbxsim-calls");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    ServerSocket socket = new ServerSocket();
    try {
      socket.setReuseAddress(true);
      socket.bind(
          new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 200);
    } catch (IOException e) {
      socket.close();
      originateLog.close();
      scheduler.shutdownNow();
      throw new IOException(
          "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(),
          e);
    }
    this.serverSocket = socket;
    this.acceptor = new Thread(this::acceptLoop, "pbxsim-acceptor-" + socket.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** Starts a simulator; it listens once this returns. */
  public static PbxSimulator start(PbxSimulatorConfig config) throws IOException {
    PbxSimulator simulator = new PbxSimulator(config);
    simulator.acceptor.start();
    log.info(
        "PBX simulator listening on {}:{} (user {}, rules [{}], capacity {}, time scale {})",
        config.bindAddress(),
        simulator.port(),
        config.username(),
        config.rules(),
        config.capacity() == 0 ? "unlimited" : config.capacity(),
        config.timeScale());
    return simulator;
  }

  /** The manager port, the ephemeral one if the config said 0. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  public PbxSimulatorConfig config() {
    return config;
  }

  /**
   * Closes every client connection and refuses new ones (accepts and closes them at once) for the
   * given time, as a PBX restart or a network cut looks to a client. Calls in progress go on; their
   * events during the gap are lost, as with a real Asterisk.
   *
   * @return the number of connections closed
   */
  public int dropConnections(Duration refuseFor) {
    refuseUntilNanos = System.nanoTime() + Math.max(0, refuseFor.toNanos());
    refusing = true;
    List<AmiSession> dropped = new ArrayList<>(sessions);
    dropped.forEach(AmiSession::close);
    log.info(
        "dropped {} manager connection(s); refusing new ones for {} ms",
        dropped.size(),
        refuseFor.toMillis());
    return dropped.size();
  }

  /** Every Originate received, oldest first. */
  public List<OriginateRecord> originates() {
    return originateLog.records();
  }

  /** How many Originates each ChannelId got, in the order ChannelIds were first seen. */
  public Map<String, Long> originateCountsByChannelId() {
    return originateLog.countsByChannelId();
  }

  /** Names of the channels alive now (what CoreShowChannels lists). */
  public List<String> liveChannelNames() {
    return channels.all().stream().map(LiveChannel::name).toList();
  }

  /** Calls whose playback has not finished yet. */
  public int activeCalls() {
    return calls.size();
  }

  /**
   * Calls with channels now: from the Originate that creates them until their last channel is hung
   * up (what {@code PBXSIM_CAPACITY} limits, and what a trunk's channels count).
   */
  public int callsWithChannels() {
    return callsWithChannels.get();
  }

  /** The most {@link #callsWithChannels} there ever were at once. */
  public int peakCallsWithChannels() {
    return peakCallsWithChannels.get();
  }

  /** Manager connections open now. */
  public int connectedSessions() {
    return sessions.size();
  }

  /** Connections closed at once because they came during a {@link #dropConnections} window. */
  public int refusedConnections() {
    return refusedConnections.get();
  }

  /** Adds or changes a queue that QueueSummary reports. */
  public void setQueue(String name, int loggedIn, int available) {
    queues.put(name, new QueueConfig(name, loggedIn, available));
  }

  /** Waits until no call is playing; true if that happened within the timeout. */
  public boolean awaitNoActiveCalls(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!calls.isEmpty()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException e) {
      log.debug("closing the server socket failed", e);
    }
    new ArrayList<>(sessions).forEach(AmiSession::close);
    calls.forEach(SimulatedCall::abandon);
    calls.clear();
    scheduler.shutdownNow();
    try {
      originateLog.close();
    } catch (IOException e) {
      log.warn("closing the originate log failed", e);
    }
    log.info("PBX simulator on port {} stopped", serverSocket.getLocalPort());
  }

  // ---- package-private: used by sessions, actions and calls --------------------------------

  LiveChannels channels() {
    return channels;
  }

  List<QueueConfig> queues() {
    List<QueueConfig> sorted = new ArrayList<>(queues.values());
    sorted.sort(Comparator.comparing(QueueConfig::name));
    return sorted;
  }

  /** A queue's available members: its configured ones less those talking to a simulated call. */
  int availableMembers(QueueConfig queue) {
    AtomicInteger busy = busyAgents.get(queue.name());
    return Math.max(0, queue.available() - (busy == null ? 0 : busy.get()));
  }

  long uptimeSeconds() {
    return (System.nanoTime() - startedNanos) / 1_000_000_000L;
  }

  void broadcast(AmiMessage event) {
    BroadcastEvent encoded = BroadcastEvent.of(event);
    for (AmiSession session : sessions) {
      session.sendEvent(encoded);
    }
  }

  /** Handles an Originate action: log it, answer it, and start the call's playback. */
  void originate(AmiSession session, AmiMessage action) {
    String actionId = action.actionId();
    String sentChannelId = action.get("ChannelId");
    String channelId =
        sentChannelId == null || sentChannelId.isBlank() ? nextUniqueid() : sentChannelId.trim();
    String channel = action.get("Channel");
    originateLog.append(
        new OriginateRecord(
            Instant.now(),
            channelId,
            actionId == null ? "" : actionId,
            channel == null ? "" : channel));

    OriginateRequest request;
    try {
      request = OriginateRequest.from(action);
    } catch (OriginateRequest.RefusedException refused) {
      log.debug("originate {} refused: {}", channelId, refused.getMessage());
      session.send(actions.error(actionId, refused.getMessage()));
      return;
    }
    if (!request.isApplication()
        && (request.context() == null || !isKnownContext(request.context()))) {
      // Asterisk checks the destination before queueing the call: no call, no events.
      log.debug(
          "originate {} to {}: no such context {}",
          channelId,
          request.dial().masked(),
          request.context());
      session.send(RecordedReplies.withActionId(replies.extensionDoesNotExist, actionId));
      return;
    }
    session.send(RecordedReplies.withActionId(replies.originateQueued, actionId));

    DialString dial = request.dial();
    OutcomeRules.CallBehaviour behaviour = config.rules().behaviourFor(dial.number());
    String recording;
    if (!KNOWN_TECHNOLOGIES.contains(dial.tech().toLowerCase(Locale.ROOT))) {
      recording = CallTemplates.BAD_TECHNOLOGY;
    } else if (dial.isLocal() && dial.context() != null && !isKnownContext(dial.context())) {
      behaviour = new OutcomeRules.CallBehaviour(Outcome.FAILURE, -1, 0);
      recording = Outcome.FAILURE.recording();
    } else {
      if (behaviour.outcome().isAnswered() && behaviour.answerAfterMs() >= request.timeoutMs()) {
        // The far end would answer after the originate gave up: that is a no-answer.
        behaviour = new OutcomeRules.CallBehaviour(Outcome.NOANSWER, -1, 0);
      }
      recording =
          behaviour.outcome().isAnswered() && request.isApplication()
              ? CallTemplates.ANSWER_APPLICATION
              : behaviour.outcome().recording();
    }
    CallTemplate template = templates.originate(recording);
    if (template.hasChannels() && !reserveCapacity()) {
      log.debug(
          "originate {} to {}: capacity {} reached", channelId, dial.masked(), config.capacity());
      template = templates.originate(CallTemplates.BAD_TECHNOLOGY);
    }
    Random callShuffle = shuffle == null ? null : new Random(nextShuffleSeed());
    SimulatedCall call =
        new SimulatedCall(callEnvironment, request, channelId, template, behaviour, callShuffle);
    calls.add(call);
    log.debug(
        "originate {} to {} plays {} ({})",
        channelId,
        dial.masked(),
        template.recording(),
        behaviour.outcome().wireName());
    call.start();
  }

  private long nextShuffleSeed() {
    synchronized (shuffle) {
      return shuffle.nextLong();
    }
  }

  private boolean isKnownContext(String context) {
    return config.contexts().contains(context.toLowerCase(Locale.ROOT));
  }

  private boolean reserveCapacity() {
    synchronized (capacityLock) {
      if (config.capacity() > 0 && callsWithChannels.get() >= config.capacity()) {
        return false;
      }
      peakCallsWithChannels.accumulateAndGet(callsWithChannels.incrementAndGet(), Math::max);
      return true;
    }
  }

  private final CallEnvironment callEnvironment =
      new CallEnvironment() {
        @Override
        public ScheduledExecutorService scheduler() {
          return scheduler;
        }

        @Override
        public LiveChannels channels() {
          return channels;
        }

        @Override
        public CallTemplates templates() {
          return templates;
        }

        @Override
        public double timeScale() {
          return config.timeScale();
        }

        @Override
        public void broadcast(AmiMessage event) {
          PbxSimulator.this.broadcast(event);
        }

        @Override
        public void agentBusy(String queue, int delta) {
          busyAgents.computeIfAbsent(queue, name -> new AtomicInteger()).addAndGet(delta);
        }

        @Override
        public void callFinished(SimulatedCall call) {
          if (calls.remove(call) && call.createsChannels()) {
            callsWithChannels.decrementAndGet();
          }
        }

        @Override
        public String nextChannelSequence() {
          return String.format("%08x", channelSequence.incrementAndGet());
        }

        @Override
        public String nextUniqueid() {
          return PbxSimulator.this.nextUniqueid();
        }
      };

  private String nextUniqueid() {
    return startedAtEpochSecond + "." + uniqueidSequence.incrementAndGet();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (SocketException e) {
        if (!closed) {
          log.error("manager port stopped accepting connections", e);
        }
        return;
      } catch (IOException e) {
        log.warn("accepting a connection failed", e);
        continue;
      }
      if (refusing && System.nanoTime() - refuseUntilNanos < 0) {
        refusedConnections.incrementAndGet();
        closeQuietly(socket);
        continue;
      }
      refusing = false;
      try {
        socket.setTcpNoDelay(true);
        int id = sessionIds.incrementAndGet();
        AmiSession session = new AmiSession(id, socket, actions, sessions::remove);
        sessions.add(session);
        log.debug("session {} connected from {}", id, session.remoteAddressText());
        session.start(BANNER);
      } catch (IOException | RuntimeException e) {
        log.warn("setting up a connection failed", e);
        closeQuietly(socket);
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do: the connection is gone either way
    }
  }
}
