package io.outdial.activities.ami;

import io.outdial.activities.DaemonThreads;
import io.outdial.store.AttemptStore;
import io.outdial.store.Rows.AttemptRow;
import io.outdial.workflows.DialLaneWorkflow.EndedCall;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes AMI events to the attempts they belong to. The ChannelId we send is the Uniqueid of the
 * originated leg ({@code <id>;2} for its Local peer) and the Linkedid of every leg, so an event is
 * ours when one of those names a tracked attempt. Events are handed off from asterisk-java's reader
 * thread at once and handled in order on one thread of our own, which also saves each tracker's
 * progress to the database.
 */
public final class CallRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallRegistry.class);

  /**
   * The AMI events the registry reads ({@link #handle}); the worker asks Asterisk for these only
   * (ConnectEvent and DisconnectEvent are asterisk-java's own).
   */
  public static final java.util.Set<String> EVENTS =
      java.util.Set.of("OriginateResponse", "Newchannel", "Hangup", "DialBegin", "DialEnd");

  private final AttemptStore store;
  private final Map<String, CallTracker> trackers = new ConcurrentHashMap<>();
  private final ExecutorService events =
      Executors.newSingleThreadExecutor(DaemonThreads.named("ami-events"));
  private final ScheduledExecutorService reconciler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ami-reconcile"));

  /**
   * Saves progress off the event thread: a slow or unreachable database never holds up the events
   * (a call's hangup would then wait behind it and could be taken for a lost one). Saves are
   * coalesced per attempt and retried until they succeed or the attempt is forgotten.
   */
  private final ScheduledExecutorService saver =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ami-progress"));

  private final Set<String> unsaved = ConcurrentHashMap.newKeySet();

  /** Events handed off by the reader thread and not handled yet. */
  private final AtomicInteger pendingEvents = new AtomicInteger();

  private volatile AmiClient ami;

  /** The name of the PBX whose calls this registry follows (one registry per AMI connection). */
  private final String pbx;

  /** The registry of the default PBX's calls. */
  public CallRegistry(AttemptStore store) {
    this(store, io.outdial.store.CampaignStore.DEFAULT_PBX);
  }

  public CallRegistry(AttemptStore store, String pbx) {
    this.store = store;
    this.pbx = pbx;
  }

  /** The name of the PBX whose calls this registry follows. */
  public String pbx() {
    return pbx;
  }

  /** How often calls that should have ended are checked against Asterisk's live channels. */
  static final long SWEEP_EVERY_MS = 15_000;

  public void attach(AmiClient ami) {
    this.ami = ami;
    // Events can be lost in ways no reconnect announces (a dropped event, a crash between two
    // saves); a slow sweep settles calls Asterisk no longer has, whatever the cause.
    reconciler.scheduleWithFixedDelay(
        this::sweep, SWEEP_EVERY_MS, SWEEP_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * A call reported this long ago and still followed is looked up: its result may have been
   * recorded by another worker (one that adopted it, or this worker's calls loaded at its start
   * that their sender records), and this worker forgets it instead of reporting it again.
   */
  static final long SETTLED_CHECK_AFTER_MS = 30_000;

  void forgetSettledElsewhere(long now) {
    List<String> reportedLongAgo =
        trackers.keySet().stream()
            .filter(
                id -> {
                  Long at = reported.get(id);
                  return at != null && now - at > SETTLED_CHECK_AFTER_MS;
                })
            .toList();
    if (reportedLongAgo.isEmpty()) {
      return;
    }
    Map<String, AttemptRow> rows = store.findAttempts(reportedLongAgo);
    for (String id : reportedLongAgo) {
      AttemptRow row = rows.get(id);
      if (row == null || row.state() == io.outdial.store.Rows.AttemptState.SETTLED) {
        forget(id);
      }
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    pruneShadows(now);
    try {
      forgetSettledElsewhere(now);
    } catch (RuntimeException e) {
      log.warn("could not look up calls reported long ago: {}", e.getMessage());
    }
    List<String> stale =
        trackers.values().stream()
            .filter(t -> !t.ended(now))
            .filter(
                t -> t.originateSentAtMs() == null || now - t.originateSentAtMs() > SWEEP_EVERY_MS)
            .map(CallTracker::attemptId)
            .toList();
    reconcile(stale);
  }

  /** Called on asterisk-java's reader thread: only hands the event on. */
  public void onEvent(ManagerEvent event) {
    pendingEvents.incrementAndGet();
    events.execute(
        () -> {
          try {
            handle(event);
          } catch (RuntimeException e) {
            log.error("could not handle {}: {}", event.getClass().getSimpleName(), e.toString(), e);
          } finally {
            pendingEvents.decrementAndGet();
          }
        });
  }

  /** Waits until every event received so far has been handled; false if that took too long. */
  boolean eventsHandled(long waitMs) throws InterruptedException {
    long until = System.currentTimeMillis() + waitMs;
    while (pendingEvents.get() > 0) {
      if (System.currentTimeMillis() > until) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * Tracks every attempt whose originate may have left to this registry's PBX, so their events are
   * caught. Attempts of other PBXs are their workers' to follow.
   */
  public void loadInFlight() {
    List<AttemptRow> inFlight = store.attemptsInFlight(pbx);
    inFlight.forEach(a -> track(a.id()));
    log.info("PBX {}: tracking {} attempts in flight from before this start", pbx, inFlight.size());
  }

  /**
   * The tracker of an attempt. When this process has none: built from what it saw of the call if it
   * saw the call from its first event (another worker sent it), else restored from its saved
   * progress.
   */
  public CallTracker track(String attemptId) {
    return trackers.computeIfAbsent(
        attemptId,
        id -> {
          Shadow s = shadows.remove(id);
          Optional<AttemptRow> row = store.findAttempt(id);
          if (s != null && s.fromStart) {
            CallTracker t = new CallTracker(id);
            row.map(AttemptRow::originateAt).ifPresent(at -> t.originateSent(at.toEpochMilli()));
            synchronized (s) {
              s.steps.forEach(step -> step.accept(t));
            }
            log.info("attempt {}: following it from the {} events seen here", id, s.steps.size());
            return t;
          }
          return row.map(AttemptRow::progress)
              .filter(p -> p != null && !p.isBlank())
              .map(CallTracker::fromJson)
              .orElseGet(() -> new CallTracker(id));
        });
  }

  /** How many calls this registry follows now (the worker's metrics show it per PBX). */
  public int trackedCount() {
    return trackers.size();
  }

  public boolean isTracked(String attemptId) {
    return trackers.containsKey(attemptId);
  }

  public void forget(String attemptId) {
    forgotten.put(attemptId, System.currentTimeMillis());
    shadows.remove(attemptId);
    trackers.remove(attemptId);
    unsaved.remove(attemptId);
    reported.remove(attemptId);
  }

  /**
   * Saves a tracker's progress soon, on the saver thread (see {@link #saver}): every tracker
   * changed since the last save goes in one transaction, so the cost of a save is shared by all the
   * calls whose events came meanwhile.
   */
  void saveSoon(CallTracker t) {
    if (unsaved.add(t.attemptId()) && saveScheduled.compareAndSet(false, true)) {
      saver.execute(this::saveUnsaved);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean saveScheduled =
      new java.util.concurrent.atomic.AtomicBoolean();

  private void saveUnsaved() {
    saveScheduled.set(false);
    List<String> ids = List.copyOf(unsaved);
    List<AttemptStore.Progress> saves = new java.util.ArrayList<>();
    for (String id : ids) {
      unsaved.remove(id);
      CallTracker t = trackers.get(id);
      if (t != null) { // else forgotten: its result is recorded
        CallTracker.Snapshot s = t.snapshot();
        saves.add(new AttemptStore.Progress(id, s.dialingStatus(), s.json(), s.version()));
      }
    }
    try {
      store.saveProgressAll(saves);
    } catch (RuntimeException e) {
      log.warn(
          "could not save the progress of {} attempts, trying again: {}",
          saves.size(),
          e.getMessage());
      saves.forEach(p -> unsaved.add(p.attemptId()));
      if (saveScheduled.compareAndSet(false, true)) {
        saver.schedule(this::saveUnsaved, 1, TimeUnit.SECONDS);
      }
    }
  }

  /** Saves a tracker's progress; an older snapshot never overwrites a newer one. */
  public void save(CallTracker t) {
    CallTracker.Snapshot s = t.snapshot();
    store.saveProgress(t.attemptId(), s.dialingStatus(), s.json(), s.version());
  }

  private void handle(ManagerEvent event) {
    if (event instanceof ConnectEvent) {
      log.info("AMI link up: reconciling {} attempts in flight", trackers.size());
      reconciler.execute(this::reconcileAll);
      return;
    }
    if (event instanceof DisconnectEvent) {
      log.warn("AMI link down: events of {} calls in flight may be lost", trackers.size());
      return;
    }
    long now =
        event.getDateReceived() != null
            ? event.getDateReceived().getTime()
            : System.currentTimeMillis();
    // What the event does to the call it belongs to, and the ids that name that call.
    java.util.function.Consumer<CallTracker> step;
    String uniqueId;
    String linkedId = null;
    boolean start = false;
    if (event instanceof OriginateResponseEvent e) {
      uniqueId = e.getUniqueId();
      step = t -> t.originateResponse(e.getResponse(), e.getReason(), e.getChannel(), now);
    } else if (event instanceof NewChannelEvent e) {
      uniqueId = e.getUniqueId();
      linkedId = e.getLinkedid();
      start = uniqueId != null && uniqueId.equals(linkedId);
      step =
          t -> {
            if (legOf(t, e.getUniqueId())) {
              t.channelCreated(e.getUniqueId(), e.getChannel(), now);
            }
          };
    } else if (event instanceof HangupEvent e) {
      uniqueId = e.getUniqueId();
      linkedId = e.getLinkedId();
      step =
          t -> {
            if (legOf(t, e.getUniqueId())) {
              t.hangup(e.getUniqueId(), e.getChannel(), e.getCause(), e.getCauseTxt(), now);
            }
          };
    } else if (event.getClass() == DialBeginEvent.class) {
      // The originated leg's DialBegin/DialEnd carry only Dest* fields. asterisk-java also emits
      // a legacy DialEvent beside DialBegin; only the exact classes count, so nothing twice.
      DialBeginEvent e = (DialBeginEvent) event;
      uniqueId = e.getDestUniqueId();
      step =
          t -> {
            if (t.attemptId().equals(e.getDestUniqueId())) {
              t.dialBegin(now);
            }
          };
    } else if (event.getClass() == DialEndEvent.class) {
      DialEndEvent e = (DialEndEvent) event;
      uniqueId = e.getDestUniqueId();
      step =
          t -> {
            if (t.attemptId().equals(e.getDestUniqueId())) {
              t.dialEnd(e.getDialStatus(), now);
            }
          };
    } else {
      return;
    }
    CallTracker t = owner(uniqueId, linkedId);
    if (t == null) {
      shadow(uniqueId, linkedId, start, step, now);
      return;
    }
    step.accept(t);
    saveSoon(t);
    synchronized (t) {
      t.notifyAll();
    }
  }

  // ---- calls of this PBX that other workers sent ---------------------------------------------

  /**
   * What this worker has seen of a call of its PBX that it does not follow (another worker sent it:
   * every AMI session receives every event). Not saved, swept or reported: kept so that, if the
   * worker that sent it dies, this one adopts the call with everything that happened to it, and a
   * call that ended meanwhile gets its real result instead of being settled as lost.
   */
  private static final class Shadow {
    final CallTracker view;
    final List<java.util.function.Consumer<CallTracker>> steps = new java.util.ArrayList<>();

    /** Whether this worker saw the call's first event (its originated leg's Newchannel). */
    final boolean fromStart;

    long lastAtMs;

    Shadow(String attemptId, boolean fromStart) {
      this.view = new CallTracker(attemptId);
      this.fromStart = fromStart;
    }
  }

  /** Most calls shadowed at once (a few hundred bytes each). */
  static final int MAX_SHADOWS = 50_000;

  /** Most events kept per shadowed call: a call has about ten. */
  static final int MAX_SHADOW_STEPS = 64;

  /** How long a shadowed call is kept after its last event once it has ended. */
  static final long SHADOW_ENDED_KEPT_MS = 5 * 60_000;

  /** How long a shadowed call is kept after its last event (its end never seen). */
  static final long SHADOW_KEPT_MS = 3 * 3600_000L;

  /** How long a call this worker forgot (its result recorded) is not shadowed on late events. */
  static final long FORGOTTEN_KEPT_MS = 60_000;

  private final Map<String, Shadow> shadows = new ConcurrentHashMap<>();
  private final Map<String, Long> forgotten = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean shadowsFullLogged =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Calls shadowed now (tests). */
  int shadowed() {
    return shadows.size();
  }

  private void shadow(
      String uniqueId,
      String linkedId,
      boolean start,
      java.util.function.Consumer<CallTracker> step,
      long now) {
    String id = attemptIdOf(uniqueId, linkedId);
    if (id == null || forgotten.containsKey(id)) {
      return;
    }
    Shadow s = shadows.get(id);
    if (s == null) {
      if (shadows.size() >= MAX_SHADOWS) {
        if (shadowsFullLogged.compareAndSet(false, true)) {
          log.warn("{} calls of other workers shadowed: shadowing no more", MAX_SHADOWS);
        }
        return;
      }
      s = shadows.computeIfAbsent(id, k -> new Shadow(k, start));
    }
    synchronized (s) {
      if (s.steps.size() < MAX_SHADOW_STEPS) {
        s.steps.add(step);
        step.accept(s.view);
      }
      s.lastAtMs = now;
    }
  }

  /**
   * The attempt an event of a call nobody here follows belongs to: the ChannelId we send (an
   * attempt's id) is its originated leg's Uniqueid and every leg's Linkedid. Other calls on the PBX
   * have Asterisk's own ids and are ignored.
   */
  static String attemptIdOf(String uniqueId, String linkedId) {
    if (uniqueId != null) {
      int semi = uniqueId.indexOf(';');
      String base = semi < 0 ? uniqueId : uniqueId.substring(0, semi);
      if (isAttemptId(base)) {
        return base;
      }
    }
    return isAttemptId(linkedId) ? linkedId : null;
  }

  private static boolean isAttemptId(String id) {
    if (id == null || id.length() != 36) {
      return false;
    }
    try {
      java.util.UUID.fromString(id);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Drops what is no longer worth keeping of other workers' calls and of forgotten ones. */
  private void pruneShadows(long now) {
    shadows
        .entrySet()
        .removeIf(
            e -> {
              Shadow s = e.getValue();
              synchronized (s) {
                long idle = now - s.lastAtMs;
                return idle > SHADOW_KEPT_MS || (s.view.ended(now) && idle > SHADOW_ENDED_KEPT_MS);
              }
            });
    forgotten.values().removeIf(at -> now - at > FORGOTTEN_KEPT_MS);
    if (shadows.size() < MAX_SHADOWS) {
      shadowsFullLogged.set(false);
    }
  }

  private static boolean legOf(CallTracker t, String uniqueId) {
    return uniqueId != null && uniqueId.startsWith(t.attemptId());
  }

  private CallTracker owner(String uniqueId, String linkedId) {
    if (uniqueId != null) {
      int semi = uniqueId.indexOf(';');
      CallTracker t = trackers.get(semi < 0 ? uniqueId : uniqueId.substring(0, semi));
      if (t != null) {
        return t;
      }
    }
    return linkedId == null ? null : trackers.get(linkedId);
  }

  /**
   * Settles, as lost, every tracked call that Asterisk no longer has and whose end we never heard.
   * A call must be missing from two listings a second apart, so that one just being set up is not
   * mistaken for a lost one.
   */
  public void reconcileAll() {
    reconcile(trackers.keySet().stream().toList());
  }

  public void reconcile(List<String> attemptIds) {
    AmiClient client = ami;
    if (client == null || !client.isConnected() || attemptIds.isEmpty()) {
      return; // the next ConnectEvent reconciles everything
    }
    try {
      List<String> missing = missing(client, attemptIds);
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(1000);
      List<String> gone = missing(client, missing);
      // An event received before that listing may still wait on the event thread: the call
      // ended as it says, it was not lost.
      if (!gone.isEmpty() && !eventsHandled(10_000)) {
        log.warn("events are {} behind: settling nothing as lost this time", pendingEvents.get());
        return;
      }
      for (String id : gone) {
        CallTracker t = trackers.get(id);
        if (t == null) {
          continue;
        }
        boolean settled;
        synchronized (t) {
          settled = !t.ended(System.currentTimeMillis());
          t.lost(
              "channel gone from Asterisk and its hangup was never seen"
                  + " (events lost while the worker or the AMI link was down)",
              System.currentTimeMillis());
          t.notifyAll();
        }
        if (settled) {
          save(t);
          log.warn("attempt {} settled as lost: no live channel in Asterisk", id);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("reconcile failed, will retry on the next reconnect or sweep: {}", e.getMessage());
    }
  }

  /**
   * Lists Asterisk's live channels once: returns the attempts (not yet ended) that have none, and
   * tells each tracker whose originated leg is Up that its call was answered, since the events
   * saying so may have been lost.
   */
  private List<String> missing(AmiClient client, List<String> ids) throws Exception {
    List<LiveChannel> live = client.liveChannels();
    long now = System.currentTimeMillis();
    List<String> missing = new java.util.ArrayList<>();
    for (String id : ids) {
      CallTracker t = trackers.get(id);
      if (t == null || t.ended(now)) {
        continue;
      }
      List<LiveChannel> legs =
          live.stream()
              .filter(
                  c ->
                      id.equals(c.linkedId())
                          || (c.uniqueId() != null && c.uniqueId().startsWith(id)))
              .toList();
      if (legs.isEmpty()) {
        missing.add(id);
      } else if (legs.stream()
          .anyMatch(
              c ->
                  id.equals(c.uniqueId())
                      && c.state() != null
                      && c.state() == LiveChannel.STATE_UP)) {
        if (t.answeredSeenLive(now)) {
          save(t);
        }
      }
    }
    return missing;
  }

  /** Asks for a reconcile of one attempt in the background. */
  public void reconcileSoon(String attemptId) {
    reconcileSoon(List.of(attemptId));
  }

  /** Asks for a reconcile of these attempts in the background. */
  public void reconcileSoon(List<String> attemptIds) {
    List<String> ids = List.copyOf(attemptIds);
    reconciler.execute(() -> reconcile(ids));
  }

  // ---- reporting call ends to dialing lanes ----------------------------------------------------

  /** Where the ends of calls of dialing lanes go: one signal per lane and batch. */
  @FunctionalInterface
  public interface EndSink {
    /**
     * Delivers {@code calls} to the lane workflow {@code laneWorkflowId}; throws when it could not
     * (they are offered again on the next round). A lane that no longer exists is the sink's to
     * judge: returning normally drops its calls.
     */
    void callsEnded(String laneWorkflowId, List<EndedCall> calls) throws Exception;
  }

  /** How often ended calls are collected and reported, one signal per lane. */
  static final long REPORT_EVERY_MS = 200;

  /** Most calls one signal carries. */
  static final int REPORT_BATCH = 200;

  /** A reported call not recorded after this long is reported again (a lost signal). */
  static final long REPORT_AGAIN_AFTER_MS = 60_000;

  /**
   * Writes the first ends of calls (the trunk channels they free) off the report thread: that
   * UPDATE waits on the row locks of a lane's RecordResults of the same attempts, which held the
   * next round of reports back by up to 600 ms at 100 calls/s.
   */
  private final ExecutorService endWriter =
      Executors.newSingleThreadExecutor(DaemonThreads.named("ami-ended"));

  /** Calls reported to their lane, with when: the lane forgets them by recording them. */
  private final Map<String, Long> reported = new ConcurrentHashMap<>();

  private final ScheduledExecutorService reporter =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ami-report"));

  /**
   * Reports ended calls of dialing lanes to {@code sink} every {@link #REPORT_EVERY_MS}: no thread
   * or activity waits on a call, and a lane hears of many ends in one signal.
   */
  public void reportEndsTo(EndSink sink) {
    reporter.scheduleWithFixedDelay(
        () -> {
          try {
            reportEnds(sink);
          } catch (RuntimeException e) {
            log.warn("reporting call ends failed, trying again: {}", e.toString());
          }
        },
        REPORT_EVERY_MS,
        REPORT_EVERY_MS,
        TimeUnit.MILLISECONDS);
  }

  /** One round of {@link #reportEndsTo}; answers how many calls it reported. */
  int reportEnds(EndSink sink) {
    long now = System.currentTimeMillis();
    Map<String, List<EndedCall>> byLane = new java.util.LinkedHashMap<>();
    List<String> firstEnds = new java.util.ArrayList<>();
    for (CallTracker t : trackers.values()) {
      String lane = t.reportTo();
      if (lane == null || !t.ended(now)) {
        continue;
      }
      Long at = reported.get(t.attemptId());
      if (at != null && now - at < REPORT_AGAIN_AFTER_MS) {
        continue;
      }
      if (at == null) {
        firstEnds.add(t.attemptId());
      }
      byLane
          .computeIfAbsent(lane, l -> new java.util.ArrayList<>())
          .add(new EndedCall(t.attemptId(), t.outcome()));
    }
    int sent = 0;
    for (Map.Entry<String, List<EndedCall>> lane : byLane.entrySet()) {
      List<EndedCall> ended = lane.getValue();
      for (int from = 0; from < ended.size(); from += REPORT_BATCH) {
        List<EndedCall> part = ended.subList(from, Math.min(ended.size(), from + REPORT_BATCH));
        try {
          sink.callsEnded(lane.getKey(), part);
        } catch (Exception e) {
          log.warn(
              "could not report {} call ends to {}, trying again: {}",
              part.size(),
              lane.getKey(),
              e.getMessage());
          break;
        }
        part.forEach(c -> reported.put(c.attemptId(), now));
        sent += part.size();
      }
    }
    // After the signals and on a thread of its own, so that the lanes and their campaigns hear of
    // the ends first and the next round is not held up by it: this write only frees trunk
    // channels (a call's channel is free once it has ended, before its result is recorded), and
    // that may come a little later.
    if (!firstEnds.isEmpty()) {
      endWriter.execute(
          () -> {
            try {
              store.markCallsEnded(firstEnds);
            } catch (RuntimeException e) {
              // Their channels stay counted until their results are recorded: slower, never too
              // many.
              log.warn("could not note the end of {} calls: {}", firstEnds.size(), e.getMessage());
            }
          });
    }
    return sent;
  }

  public Optional<AmiClient> ami() {
    return Optional.ofNullable(ami);
  }

  /** Waits until the tracker's call has ended or the wait is over. */
  public static boolean awaitEnd(CallTracker t, long waitMs) throws InterruptedException {
    long until = System.currentTimeMillis() + waitMs;
    synchronized (t) {
      while (!t.ended(System.currentTimeMillis())) {
        long left = until - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        // Bounded wait: a failed originate without channels ends by the grace period alone.
        t.wait(Math.min(left, 100));
      }
      return true;
    }
  }

  @Override
  public void close() {
    events.shutdownNow();
    saver.shutdownNow();
    reporter.shutdownNow();
    endWriter.shutdownNow();
    reconciler.shutdownNow();
  }
}
