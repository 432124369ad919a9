package io.outdial.api.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load of GETs at a fixed rate, for {@code api-server/bench/read-bench.sh}. Request i
 * is due at start + i / rate and sent then, whether or not the earlier ones have answered; its
 * latency is counted from when it was due, so a server that falls behind shows it in the tail
 * instead of slowing the load down (no coordinated omission). Prints one line: label, requests,
 * rate achieved, errors (a status other than 200, or no answer), and latency percentiles in ms.
 *
 * <p>{@code ReadLoad <label> <url> <token> <requests per second> <seconds>}
 */
public final class ReadLoad {
  private ReadLoad() {}

  public static void main(String[] args) throws Exception {
    String label = args[0];
    URI uri = URI.create(args[1]);
    String token = args[2];
    int rate = Integer.parseInt(args[3]);
    int seconds = Integer.parseInt(args[4]);
    int n = rate * seconds;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(pool)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    long[] latencyNs = new long[n];
    AtomicInteger errors = new AtomicInteger();
    CompletableFuture<?>[] calls = new CompletableFuture<?>[n];
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * (1e9 / rate));
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int k = i;
      calls[i] =
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
              .handle(
                  (r, e) -> {
                    latencyNs[k] = System.nanoTime() - due;
                    if (e != null || r.statusCode() != 200) {
                      errors.incrementAndGet();
                    }
                    return null;
                  });
    }
    CompletableFuture.allOf(calls).join();
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] sorted = latencyNs.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-28s %7d %9.1f/s %6d %8.1f %8.1f %8.1f %8.1f %8.1f%n",
        label,
        n,
        n / elapsed,
        errors.get(),
        ms(pct(sorted, 0.50)),
        ms(pct(sorted, 0.90)),
        ms(pct(sorted, 0.99)),
        ms(pct(sorted, 0.999)),
        ms(sorted[n - 1]));
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double ms(long ns) {
    return ns / 1e6;
  }
}
