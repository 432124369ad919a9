package io.outdial.api.events;

import io.dropwizard.lifecycle.Managed;
import io.outdial.api.campaigns.CampaignReads;
import io.outdial.api.codes.Codes;
import io.outdial.api.results.ResultResponse;
import io.outdial.api.temporal.RunEvents;
import io.outdial.store.EventStore;
import io.outdial.store.EventStore.EventRow;
import io.outdial.store.Rows.CampaignCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of {@code GET /v1/events}, read from the database in seq order (campaign_event: each
 * result recorded, each status change) by one thread of this api-server every {@link #POLL}, kept
 * in a ring of the latest {@link #RING} for the clients that follow, and read again from the
 * database for a client that comes back from further behind ({@code Last-Event-ID}).
 *
 * <p>A seq is taken when a transaction inserts its event and shows when it commits, so a later seq
 * may show before an earlier one. The feed hands out events up to the first gap only, and waits for
 * the gap to fill for up to {@link #GAP_WAIT} (a transaction rolled back leaves a gap for ever): a
 * client that resumes from an id has been sent every event up to it.
 *
 * <p>Once a second, each campaign that had events in that second gets a {@code counts} event with
 * its counts ({@link CampaignReads}, at most a second old); counts carry no id, as they are not
 * replayed.
 */
public final class EventFeed implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  static final Duration POLL = Duration.ofMillis(200);
  static final Duration GAP_WAIT = Duration.ofSeconds(2);
  static final int RING = 10_000;
  static final int PAGE = 500;

  /** How long events are kept in the database for clients that come back. */
  static final Duration RETENTION = Duration.ofDays(7);

  /** One event as sent: its SSE id (null for counts), name, campaign and JSON data. */
  record Event(Long seq, String name, String campaignId, Object data) {}

  private final EventStore store;
  private final CampaignReads reads;
  private final String temporalUi;
  private final ArrayDeque<Event> ring = new ArrayDeque<>();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final Map<String, Event> latestCounts = new ConcurrentHashMap<>();
  private final Map<String, Long> countsVersion = new ConcurrentHashMap<>();
  private final AtomicLong countsClock = new AtomicLong();
  private final java.util.Set<String> changedThisSecond = ConcurrentHashMap.newKeySet();
  private volatile long cursor;
  private int step = 1;
  private Instant gapSince;
  private Thread poller;
  private volatile boolean running;
  private Instant lastPurge = Instant.EPOCH;

  public EventFeed(EventStore store, CampaignReads reads, String temporalUi) {
    this.store = store;
    this.reads = reads;
    this.temporalUi = temporalUi;
  }

  @Override
  public void start() {
    step = Math.max(1, store.seqStep());
    cursor = store.lastSeq();
    running = true;
    poller = new Thread(this::run, "event-feed");
    poller.setDaemon(true);
    poller.start();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    if (poller != null) {
      poller.interrupt();
      poller.join(2000);
    }
    for (Subscription s : subscriptions) {
      s.close();
    }
  }

  /** The seq up to which every event has been read (and may be sent). */
  long cursor() {
    return cursor;
  }

  void subscribe(Subscription s) {
    subscriptions.add(s);
  }

  void unsubscribe(Subscription s) {
    subscriptions.remove(s);
  }

  int subscribers() {
    return subscriptions.size();
  }

  private void run() {
    long nextCounts = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (running) {
      try {
        readNew();
        if (System.nanoTime() >= nextCounts) {
          nextCounts = System.nanoTime() + Duration.ofSeconds(1).toNanos();
          counts();
        }
        for (Subscription s : subscriptions) {
          s.wake();
        }
        purge();
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("event feed: {}", e.toString());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** Reads the events after the cursor, up to the first gap younger than {@link #GAP_WAIT}. */
  private void readNew() {
    while (true) {
      List<EventRow> rows = store.eventsAfter(cursor, PAGE);
      int taken = 0;
      for (EventRow row : rows) {
        if (row.seq() != cursor + step) {
          Instant now = Instant.now();
          if (gapSince == null) {
            gapSince = now;
          }
          if (Duration.between(gapSince, now).compareTo(GAP_WAIT) < 0) {
            return;
          }
          LOG.debug("event feed: seqs {} to {} never came", cursor + step, row.seq() - 1);
        }
        gapSince = null;
        append(toEvent(row));
        cursor = row.seq();
        changedThisSecond.add(row.campaignId());
        taken++;
      }
      if (taken < PAGE) {
        return;
      }
    }
  }

  private synchronized void append(Event e) {
    ring.addLast(e);
    while (ring.size() > RING) {
      ring.removeFirst();
    }
  }

  /**
   * The events after {@code seq} up to the cursor, at most {@link #PAGE}: from the ring when it
   * still holds the next one, else from the database.
   */
  List<Event> after(long seq) {
    long upTo = cursor;
    if (seq >= upTo) {
      return List.of();
    }
    synchronized (this) {
      Event first = ring.peekFirst();
      if (first != null && first.seq() <= seq + step) {
        List<Event> out = new ArrayList<>();
        for (Event e : ring) {
          if (e.seq() > seq && e.seq() <= upTo) {
            out.add(e);
            if (out.size() >= PAGE) {
              break;
            }
          }
        }
        return out;
      }
    }
    List<Event> out = new ArrayList<>();
    for (EventRow row : store.eventsAfter(seq, PAGE)) {
      if (row.seq() > upTo) {
        break;
      }
      out.add(toEvent(row));
    }
    return out;
  }

  /** The counts events newer than {@code seen} (the counts clock a subscription last read). */
  List<Event> countsAfter(Map<String, Long> seen) {
    List<Event> out = new ArrayList<>();
    countsVersion.forEach(
        (campaign, version) -> {
          if (version > seen.getOrDefault(campaign, 0L)) {
            seen.put(campaign, version);
            out.add(latestCounts.get(campaign));
          }
        });
    return out;
  }

  private void counts() {
    if (changedThisSecond.isEmpty()) {
      return;
    }
    List<String> changed = new ArrayList<>(changedThisSecond);
    changedThisSecond.clear();
    long version = countsClock.incrementAndGet();
    for (String campaign : changed) {
      CampaignCounts c = reads.counts(campaign);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("campaign", campaign);
      data.put("at", Instant.now().toString());
      data.put("counts", io.outdial.api.campaigns.CampaignResponse.Counts.of(c));
      latestCounts.put(campaign, new Event(null, "counts", campaign, data));
      countsVersion.put(campaign, version);
    }
  }

  private Event toEvent(EventRow row) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("seq", row.seq());
    data.put("campaign", row.campaignId());
    data.put("at", row.createdAt() == null ? null : row.createdAt().toString());
    if (EventStore.STATUS.equals(row.kind())) {
      data.put("status", row.status());
      data.put(
          "statusName", row.status() == null ? null : Codes.CAMPAIGN_STATUS.name(row.status()));
      data.put("reason", row.reason());
    } else if (row.result() != null) {
      data.put("result", ResultResponse.of(row.result(), temporalUi, RunEvents.NONE));
    }
    return new Event(row.seq(), row.kind(), row.campaignId(), data);
  }

  private void purge() {
    Instant now = Instant.now();
    if (Duration.between(lastPurge, now).toMinutes() < 10) {
      return;
    }
    lastPurge = now;
    int n = store.purgeBefore(now.minus(RETENTION), 10_000);
    if (n > 0) {
      LOG.info("event feed: {} events older than {} deleted", n, RETENTION);
    }
  }

  /** The oldest seq still kept in the database. */
  long firstKept() {
    return store.firstSeq();
  }

  /** One client: woken by the feed, it sends from its own thread so that a slow one slows none. */
  interface Subscription {
    void wake();

    void close();
  }
}
