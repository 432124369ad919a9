package io.outdial.e2e.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.OriginateResponseEvent;
import org.asteriskjava.manager.response.ManagerError;

/**
 * The baseline of the dial bench: a bare asterisk-java client sending the same Originate the
 * product sends, as fast as the PBX takes it, with at most {@code maxCalls} calls alive. A call is
 * over when its originated channel (the ChannelId) hangs up, or when its OriginateResponse says it
 * failed. No database, no Temporal: what the PBX link alone allows.
 */
final class BareClientLoop {
  /** {@code sentAtMs} and {@code endedAtMs}: when each Originate left and each call ended. */
  record Result(
      int sent,
      int refused,
      int peakAlive,
      long wallMs,
      List<Long> sentAtMs,
      List<Long> endedAtMs) {}

  private final String host;
  private final int port;
  private final Map<String, Boolean> alive = new ConcurrentHashMap<>();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final Queue<Long> sentAt = new ConcurrentLinkedQueue<>();
  private final Queue<Long> endedAt = new ConcurrentLinkedQueue<>();
  private Semaphore slots;

  BareClientLoop(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Result run(int calls, int maxCalls, BenchPlan plan) throws Exception {
    slots = new Semaphore(maxCalls);
    ManagerConnection c =
        new ManagerConnectionFactory(host, port, "dialer", "s3cret").createManagerConnection();
    c.addEventListener(this::onEvent);
    c.login();
    long start = System.currentTimeMillis();
    try {
      for (int i = 0; i < calls; i++) {
        slots.acquire();
        String id = UUID.randomUUID().toString();
        alive.put(id, true);
        peak.accumulateAndGet(alive.size(), Math::max);
        sentAt.add(System.currentTimeMillis());
        c.sendAction(
            originate(id, plan.number(i), plan),
            response -> {
              if (response instanceof ManagerError) {
                refused.incrementAndGet();
                end(id);
              }
            });
      }
      // Every call ends by itself (answered calls hang up after the bench's call length).
      if (!slots.tryAcquire(maxCalls, plan.dialTimeoutMs() + 60_000, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(alive.size() + " bare calls did not end");
      }
      return new Result(
          calls,
          refused.get(),
          peak.get(),
          System.currentTimeMillis() - start,
          new ArrayList<>(sentAt),
          new ArrayList<>(endedAt));
    } finally {
      c.logoff();
    }
  }

  static OriginateAction originate(String channelId, String number, BenchPlan plan) {
    OriginateAction a = new OriginateAction();
    a.setActionId("bare-" + channelId);
    a.setChannelId(channelId);
    a.setChannel(plan.techName() + number + "@" + plan.trunk());
    a.setTimeout((long) plan.dialTimeoutMs());
    a.setAsync(true);
    a.setCallerId(plan.callerId());
    a.setContext(plan.context());
    a.setExten(plan.exten());
    a.setPriority(1);
    return a;
  }

  private void onEvent(ManagerEvent e) {
    if (e instanceof HangupEvent h && h.getUniqueId() != null) {
      end(h.getUniqueId());
    } else if (e instanceof OriginateResponseEvent o
        && !"Success".equalsIgnoreCase(o.getResponse())
        && o.getUniqueId() != null) {
      end(o.getUniqueId());
    }
  }

  private void end(String id) {
    if (alive.remove(id) != null) {
      endedAt.add(System.currentTimeMillis());
      slots.release();
    }
  }

  /** What both the bare client and the product dial: the recorded PBX's targets and agents. */
  record BenchPlan(
      String techName,
      String trunk,
      String context,
      String exten,
      String callerId,
      int dialTimeoutMs,
      long firstNumber) {
    static BenchPlan standard() {
      return new BenchPlan(
          "Local/",
          "targets",
          "agents",
          "sales",
          "\"Bench\" <5551234>",
          (int) Duration.ofSeconds(30).toMillis(),
          7_000_000_000L);
    }

    String number(int i) {
      return String.valueOf(firstNumber + i);
    }
  }
}
