package io.outdial.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.outdial.activities.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's health on its admin port: {@code GET /healthcheck} answers 200 when every check
 * passes and 503 when one does not, with a JSON body naming each check, whether it passed and why
 * not. The checks: each served PBX's AMI connection, Temporal (reachable, and the worker's pollers
 * running), the database. A check that does not answer within {@link #CHECK_TIMEOUT} fails as such,
 * so a hung database never hangs the health check. The JDK's own HTTP server: the worker has no
 * other HTTP to serve.
 */
public final class WorkerHealth implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerHealth.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long one check may take before it counts as failed. */
  static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  /** One check: answers normally when healthy, throws with the reason when not. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** The checks by name, in the order added; none while the worker starts. */
  private final Map<String, Check> checks =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * Each check's latest run: a check still running from an earlier request is waited on again, not
   * started once more, so a hung database holds one thread however often the check is asked.
   */
  private final Map<String, Future<?>> latest = new java.util.concurrent.ConcurrentHashMap<>();

  private final ExecutorService runner =
      Executors.newCachedThreadPool(DaemonThreads.named("health-check"));
  private final HttpServer server;

  /**
   * Serves the health check on {@code host:port} (port 0 takes a free one); unhealthy, as starting,
   * until checks are {@link #add added}.
   */
  public WorkerHealth(String host, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext("/healthcheck", this::handle);
    // Two threads: a scrape of /metrics does not wait behind a health check's 2 s.
    server.setExecutor(Executors.newFixedThreadPool(2, DaemonThreads.named("health-http")));
    server.start();
    log.info("health check at http://{}:{}/healthcheck", host, port());
  }

  /**
   * Serves {@code GET /metrics} on the same port: what {@code scrape} gives, as Prometheus' text
   * format.
   */
  public void serveMetrics(java.util.function.Supplier<String> scrape) {
    server.createContext(
        "/metrics",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
              exchange.getResponseHeaders().add("Allow", "GET");
              exchange.sendResponseHeaders(405, -1);
              return;
            }
            byte[] body = scrape.get().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    log.info("metrics at http://{}:{}/metrics", server.getAddress().getHostString(), port());
  }

  /** Adds a check, reported under {@code name}. */
  public void add(String name, Check check) {
    checks.put(name, check);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Runs every check (at once, each bounded by {@link #CHECK_TIMEOUT}); answers the report. */
  Map<String, Object> report() {
    Map<String, Check> now;
    synchronized (checks) {
      now = new LinkedHashMap<>(checks);
    }
    if (now.isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("healthy", false);
      out.put("message", "the worker is starting");
      out.put("checks", Map.of());
      return out;
    }
    Map<String, Future<?>> running = new LinkedHashMap<>();
    now.forEach(
        (name, check) ->
            running.put(
                name,
                latest.compute(
                    name,
                    (n, before) ->
                        before != null && !before.isDone()
                            ? before
                            : runner.submit(
                                () -> {
                                  check.run();
                                  return null;
                                }))));
    long deadline = System.nanoTime() + CHECK_TIMEOUT.toNanos();
    Map<String, Object> results = new LinkedHashMap<>();
    boolean healthy = true;
    for (Map.Entry<String, Future<?>> c : running.entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      try {
        c.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        r.put("healthy", true);
      } catch (TimeoutException e) {
        r.put("healthy", false);
        r.put("message", "no answer within " + CHECK_TIMEOUT.toMillis() + " ms");
      } catch (java.util.concurrent.ExecutionException e) {
        r.put("healthy", false);
        r.put("message", String.valueOf(e.getCause().getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r.put("healthy", false);
        r.put("message", "interrupted");
      }
      healthy &= (boolean) r.get("healthy");
      results.put(c.getKey(), r);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("healthy", healthy);
    out.put("checks", results);
    return out;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().add("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Map<String, Object> report = report();
      byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders((boolean) report.get("healthy") ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    runner.shutdownNow();
  }
}
