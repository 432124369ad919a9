package io.outdial.e2e.dial;

import static org.assertj.core.api.Assertions.assertThat;

import io.outdial.e2e.Stack;
import io.outdial.workflows.DialResult;
import io.outdial.workflows.HangupCause;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics of both processes (issue #14), scraped while a campaign of mixed outcomes
 * dials and after it: the worker's counters of results by resDial and by resHangup equal the result
 * rows, its accepted originates equal what the simulator received, its histograms count every
 * result (hangup to record) and every answered call (originate to answer), its AMI link is up and
 * the Temporal SDK's meters are there; the api-server shows the campaign's calls in flight while it
 * dials, from the database.
 */
class MetricsIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** The names of every sample scraped in this test, of both processes. */
  private static final java.util.Set<String> SEEN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** One sample of a scrape: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  static List<Sample> scrape(int port, String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    // The last scrape of each, kept beside the test's logs (what docs/grafana's panels query).
    java.nio.file.Path kept =
        java.nio.file.Path.of("target", "metrics", port + path.replace('/', '-') + ".prom");
    java.nio.file.Files.createDirectories(kept.getParent());
    java.nio.file.Files.writeString(kept, r.body());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    List<Sample> out = new ArrayList<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.strip());
      assertThat(m.matches()).as("a sample line: %s", line).isTrue();
      Map<String, String> labels = new HashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
      SEEN.add(m.group(1));
    }
    return out;
  }

  static List<Sample> scrapeNow(int port, String path) {
    try {
      return scrape(port, path);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of {@code name}'s samples whose labels include {@code match}, by {@code label}. */
  static Map<String, Long> by(
      List<Sample> s, String name, Map<String, String> match, String label) {
    Map<String, Long> out = new HashMap<>();
    for (Sample x : s) {
      if (x.name().equals(name) && x.labels().entrySet().containsAll(match.entrySet())) {
        out.merge(x.labels().get(label), (long) x.value(), Long::sum);
      }
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  /**
   * The metric names docs/grafana/outdial-dashboard.json's queries use: a name followed by its
   * label selector, once quoted strings and the label lists of by (...) and without (...) are taken
   * out.
   */
  static java.util.Set<String> dashboardMetrics() throws Exception {
    com.fasterxml.jackson.databind.JsonNode d =
        Stack.JSON.readTree(
            java.nio.file.Path.of("..", "docs", "grafana", "outdial-dashboard.json").toFile());
    java.util.Set<String> names = new java.util.TreeSet<>();
    for (com.fasterxml.jackson.databind.JsonNode expr : d.findValues("expr")) {
      String e =
          expr.asText()
              .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
              .replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", "");
      Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{").matcher(e);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  static double value(List<Sample> s, String name, Map<String, String> match) {
    return s.stream()
        .filter(x -> x.name().equals(name))
        .filter(x -> x.labels().entrySet().containsAll(match.entrySet()))
        .mapToDouble(Sample::value)
        .sum();
  }

  @Test
  void theCountersOfBothProcessesEqualWhatTheCampaignRecorded() throws Exception {
    try (Stack stack = new Stack();
        DialHarness h = new DialHarness(stack)) {
      stack.startSimulator("a*=answer:300:2500;b*=busy:800;c*=congestion:800");
      stack.startWorker();
      stack.startApi();
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        numbers.add("a" + i);
      }
      for (int i = 0; i < 5; i++) {
        numbers.add("b" + i);
        numbers.add("c" + i);
        numbers.add("noanswer");
      }
      String campaign =
          h.campaign(
              "metrics",
              h.plan("four at once", Map.of("maxConcurrentCalls", 4, "dialTimeout", 3000)),
              h.extensionDestination("sales queue", "agents", "sales", "1"),
              h.dlma(numbers.size() + " entries", numbers));
      int worker = stack.workerAdminPort("worker");
      h.start(campaign);

      // While it dials: the api-server counts its calls in flight from the database, the worker
      // the calls it follows.
      Map<String, String> ofCampaign = Map.of("campaign", campaign);
      Stack.waitUntil(
          "the api-server's metrics to show the campaign's calls in flight",
          Duration.ofSeconds(60),
          () ->
              value(
                      scrapeNow(stack.adminPort, "/prometheus"),
                      "outdial_calls_in_flight",
                      ofCampaign)
                  > 0);
      List<Sample> during = scrape(worker, "/metrics");
      assertThat(value(during, "outdial_calls_tracked", Map.of("pbx", "default"))).isPositive();
      assertThat(
              value(
                  scrape(stack.adminPort, "/prometheus"),
                  "outdial_pbx_calls_in_flight",
                  Map.of("pbx", "default")))
          .isPositive();

      h.awaitStop(campaign, Duration.ofMinutes(3));
      List<Map<String, Object>> results = h.results(campaign);
      assertThat(results).hasSize(numbers.size());
      Map<String, Long> rowsByDial = new HashMap<>();
      Map<String, Long> rowsByHangup = new HashMap<>();
      for (Map<String, Object> r : results) {
        rowsByDial.merge(DialResult.nameOf(DialHarness.intOf(r, "res_dial")), 1L, Long::sum);
        rowsByHangup.merge(HangupCause.nameOf(DialHarness.intOf(r, "res_hangup")), 1L, Long::sum);
      }
      assertThat(rowsByDial).containsKeys("ANSWERED", "BUSY", "CONGESTION", "NO_ANSWER");

      List<Sample> after = scrape(worker, "/metrics");
      assertThat(by(after, "outdial_results_total", ofCampaign, "res_dial")).isEqualTo(rowsByDial);
      assertThat(by(after, "outdial_hangups_total", ofCampaign, "res_hangup"))
          .isEqualTo(rowsByHangup);
      assertThat(value(after, "outdial_originates_total", Map.of("outcome", "accepted")))
          .isEqualTo(stack.originateCount());
      assertThat(value(after, "outdial_hangup_to_record_seconds_count", Map.of()))
          .isEqualTo(results.size());
      assertThat(value(after, "outdial_originate_to_answer_seconds_count", Map.of()))
          .isEqualTo(rowsByDial.get("ANSWERED").doubleValue());
      assertThat(value(after, "outdial_ami_connected", Map.of("pbx", "default"))).isEqualTo(1);
      assertThat(after).anyMatch(x -> x.name().startsWith("temporal_"));
      assertThat(after).anyMatch(x -> x.name().startsWith("jvm_memory_used_bytes"));
      // Every metric the Grafana dashboard queries is one the processes serve.
      assertThat(dashboardMetrics())
          .hasSizeGreaterThan(20)
          .allSatisfy(n -> assertThat(SEEN).contains(n));
      // Nothing in flight once it stopped.
      assertThat(
              value(scrape(stack.adminPort, "/prometheus"), "outdial_calls_in_flight", ofCampaign))
          .isZero();
    }
  }
}
