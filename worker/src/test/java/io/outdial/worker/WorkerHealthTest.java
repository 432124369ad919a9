package io.outdial.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker's health check over HTTP, on a free port. */
class WorkerHealthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private WorkerHealth health;

  @BeforeEach
  void serve() throws Exception {
    health = new WorkerHealth("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    health.close();
  }

  private HttpResponse<String> get() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/healthcheck"))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void aWorkerThatIsStartingIsNotHealthyYet() throws Exception {
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(body(r).path("message").asText()).isEqualTo("the worker is starting");
  }

  @Test
  void everyCheckPassingIs200AndNamesEachCheck() throws Exception {
    health.add("ami-default", () -> {});
    health.add("database", () -> {});
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode b = body(r);
    assertThat(b.path("healthy").asBoolean()).isTrue();
    assertThat(b.path("checks").path("ami-default").path("healthy").asBoolean()).isTrue();
    assertThat(b.path("checks").path("database").path("healthy").asBoolean()).isTrue();
  }

  @Test
  void aFailingCheckIs503WithItsReasonAndTheOthersStillReported() throws Exception {
    health.add(
        "ami-b",
        () -> {
          throw new IllegalStateException("not connected to the AMI of PBX b (reconnecting)");
        });
    health.add("database", () -> {});
    HttpResponse<String> r = get();
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode checks = body(r).path("checks");
    assertThat(checks.path("ami-b").path("healthy").asBoolean()).isFalse();
    assertThat(checks.path("ami-b").path("message").asText())
        .isEqualTo("not connected to the AMI of PBX b (reconnecting)");
    assertThat(checks.path("database").path("healthy").asBoolean()).isTrue();
  }

  @Test
  void aCheckThatHangsFailsAfterItsTimeoutInsteadOfHangingTheAnswer() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    health.add("database", never::await);
    health.add("temporal", () -> {});
    long start = System.nanoTime();
    HttpResponse<String> r = get();
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode()).isEqualTo(503);
    JsonNode checks = body(r).path("checks");
    assertThat(checks.path("database").path("message").asText())
        .isEqualTo("no answer within " + WorkerHealth.CHECK_TIMEOUT.toMillis() + " ms");
    assertThat(checks.path("temporal").path("healthy").asBoolean()).isTrue();
    // Bounded by the check's timeout, not by the hung check (it never returns).
    assertThat(tookMs).isLessThan(WorkerHealth.CHECK_TIMEOUT.toMillis() + 5_000);
  }

  @Test
  void aCheckStillHungFromAnEarlierRequestIsNotStartedAgain() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    health.add(
        "database",
        () -> {
          runs.incrementAndGet();
          never.await();
        });
    assertThat(get().statusCode()).isEqualTo(503);
    HttpResponse<String> again = get();
    assertThat(again.statusCode()).isEqualTo(503);
    assertThat(body(again).path("checks").path("database").path("message").asText())
        .startsWith("no answer within");
    assertThat(runs).hasValue(1);
    // Once it returns, the next request runs it afresh.
    never.countDown();
    assertThat(get().statusCode()).isEqualTo(200);
    assertThat(runs).hasValue(2);
  }

  @Test
  void onlyGetIsServed() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/healthcheck"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }

  @Test
  void aBadPortSettingStopsTheWorkerWithTheVariableNamed() {
    assertThatThrownBy(() -> WorkerMain.serveHealth(Map.of("OUTDIAL_WORKER_ADMIN_PORT", "eighty")))
        .hasMessageContaining(
            "OUTDIAL_WORKER_ADMIN_PORT must be a port number or off, not 'eighty'");
    assertThatThrownBy(() -> WorkerMain.serveHealth(Map.of("OUTDIAL_WORKER_ADMIN_PORT", "70000")))
        .hasMessageContaining("between 0 and 65535");
    assertThat(WorkerMain.serveHealth(Map.of("OUTDIAL_WORKER_ADMIN_PORT", "off"))).isNull();
    // A port already taken: this test's own server's.
    assertThatThrownBy(
            () ->
                WorkerMain.serveHealth(
                    Map.of("OUTDIAL_WORKER_ADMIN_PORT", String.valueOf(health.port()))))
        .hasMessageContaining("cannot serve the health check on 127.0.0.1:" + health.port());
  }
}
