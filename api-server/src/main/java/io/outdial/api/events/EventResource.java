package io.outdial.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outdial.api.campaigns.CampaignReads;
import io.outdial.api.errors.ApiException;
import io.outdial.api.events.EventFeed.Event;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/events}: Server-Sent Events of every campaign, or of one ({@code campaign=}):
 *
 * <ul>
 *   <li>{@code status} (with an id): a campaign's new status, its name and reason (which says who
 *       asked);
 *   <li>{@code result} (with an id): a result as recorded, as {@code GET /v1/results/{id}} shows
 *       it;
 *   <li>{@code counts} (no id): a campaign's counts, once a second while it has events, and once on
 *       connecting to one campaign's events.
 * </ul>
 *
 * A client that comes back with {@code Last-Event-ID} (browsers send it by themselves, or {@code
 * lastEventId=}) gets every event after it first, then goes on live; one without gets the events
 * from now on. A comment every {@link #HEARTBEAT} keeps the connection open through proxies.
 */
@Path("/v1/events")
public final class EventResource {
  private static final Logger LOG = LoggerFactory.getLogger(EventResource.class);

  /** Clients at once; one more is a 503. */
  static final int MAX_CLIENTS = 200;

  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final EventFeed feed;
  private final CampaignReads reads;
  private final ObjectMapper json;

  public EventResource(EventFeed feed, CampaignReads reads, ObjectMapper json) {
    this.feed = feed;
    this.reads = reads;
    this.json = json;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(
      @Context SseEventSink sink,
      @Context Sse sse,
      @HeaderParam("Last-Event-ID") String lastEventHeader,
      @Context UriInfo uri) {
    // EventRequestCheck has refused what is wrong in the request before it got here.
    String campaign = uri.getQueryParameters().getFirst("campaign");
    String last =
        lastEventHeader != null
            ? lastEventHeader
            : uri.getQueryParameters().getFirst("lastEventId");
    Long lastSeq = last == null || last.isBlank() ? null : Long.parseLong(last.strip());
    if (feed.subscribers() >= MAX_CLIENTS) {
      throw ApiException.unavailable(
          "too many event clients (" + MAX_CLIENTS + "); try again later");
    }
    long from = lastSeq != null ? lastSeq : feed.cursor();
    Client client = new Client(sink, sse, from, campaign);
    feed.subscribe(client);
    Thread t = new Thread(client::run, "events-" + CLIENTS.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  /** One connected client, served from its own thread. */
  private final class Client implements EventFeed.Subscription {
    private final SseEventSink sink;
    private final Sse sse;
    private final String campaign;
    private final Map<String, Long> countsSeen = new HashMap<>();
    private final Object signal = new Object();
    private long sent;
    private volatile boolean closed;

    Client(SseEventSink sink, Sse sse, long from, String campaign) {
      this.sink = sink;
      this.sse = sse;
      this.sent = from;
      this.campaign = campaign;
    }

    void run() {
      try {
        long kept = feed.firstKept();
        if (kept > 0 && sent < kept - 1) {
          comment("events before " + kept + " are no longer kept; going on from there");
          sent = kept - 1;
        } else {
          comment("events after " + sent);
        }
        if (campaign != null) {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("campaign", campaign);
          data.put("at", java.time.Instant.now().toString());
          data.put(
              "counts",
              io.outdial.api.campaigns.CampaignResponse.Counts.of(reads.counts(campaign)));
          send(new Event(null, "counts", campaign, data));
        }
        long lastBeat = System.nanoTime();
        while (!closed && !sink.isClosed()) {
          List<Event> batch = feed.after(sent);
          for (Event e : batch) {
            if (campaign == null || campaign.equals(e.campaignId())) {
              send(e);
            }
            sent = e.seq();
          }
          if (batch.size() >= EventFeed.PAGE) {
            continue;
          }
          for (Event e : feed.countsAfter(countsSeen)) {
            if (campaign == null || campaign.equals(e.campaignId())) {
              send(e);
            }
          }
          if (System.nanoTime() - lastBeat > HEARTBEAT.toNanos()) {
            comment("keep-alive");
            lastBeat = System.nanoTime();
          }
          synchronized (signal) {
            signal.wait(1000);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        LOG.debug("event client gone: {}", e.toString());
      } finally {
        close();
      }
    }

    private void send(Event e) throws Exception {
      OutboundSseEvent.Builder b =
          sse.newEventBuilder()
              .name(e.name())
              .mediaType(MediaType.TEXT_PLAIN_TYPE)
              .data(String.class, write(e.data()));
      if (e.seq() != null) {
        b.id(String.valueOf(e.seq()));
      }
      sink.send(b.build())
          .toCompletableFuture()
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void comment(String text) throws Exception {
      sink.send(sse.newEventBuilder().comment(text).build())
          .toCompletableFuture()
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String write(Object data) throws JsonProcessingException {
      return json.writeValueAsString(data);
    }

    @Override
    public void wake() {
      synchronized (signal) {
        signal.notifyAll();
      }
    }

    @Override
    public void close() {
      closed = true;
      feed.unsubscribe(this);
      try {
        sink.close();
      } catch (Exception e) {
        LOG.debug("closing an event client: {}", e.toString());
      }
      wake();
    }
  }
}
