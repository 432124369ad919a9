package io.outdial.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A real worker's health check (issue #14): healthy with its AMI link, Temporal and MariaDB up; 503
 * naming the PBX while the simulator has dropped the AMI link and refuses it; healthy again once
 * the worker is back on.
 */
class WorkerHealthIT {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static HttpResponse<String> health(Stack stack) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + stack.workerAdminPort("worker") + "/healthcheck"))
              .timeout(Duration.ofSeconds(10))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null; // not listening yet
    }
  }

  private static JsonNode awaitStatus(Stack stack, int status, String what) throws Exception {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    Stack.waitUntil(
        what,
        Duration.ofSeconds(60),
        () -> {
          last.set(health(stack));
          return last.get() != null && last.get().statusCode() == status;
        });
    return Stack.JSON.readTree(last.get().body());
  }

  @Test
  void theWorkersHealthFollowsItsAmiLinkAndNamesEachCheck() throws Exception {
    try (Stack stack = new Stack()) {
      stack.startSimulatorWithControlPort("answer=answer:5:500");
      stack.startWorker();

      JsonNode up = awaitStatus(stack, 200, "the worker to be healthy");
      assertThat(up.path("healthy").asBoolean()).isTrue();
      JsonNode checks = up.path("checks");
      assertThat(checks.path("ami-default").path("healthy").asBoolean()).isTrue();
      assertThat(checks.path("temporal").path("healthy").asBoolean()).isTrue();
      assertThat(checks.path("database").path("healthy").asBoolean()).isTrue();

      assertThat(stack.simulatorControl("drop 8")).startsWith("ok dropped");
      JsonNode down = awaitStatus(stack, 503, "the worker to say its AMI link is down");
      assertThat(down.path("healthy").asBoolean()).isFalse();
      JsonNode ami = down.path("checks").path("ami-default");
      assertThat(ami.path("healthy").asBoolean()).isFalse();
      assertThat(ami.path("message").asText())
          .isEqualTo("not connected to the AMI of PBX default (reconnecting)");
      assertThat(down.path("checks").path("database").path("healthy").asBoolean()).isTrue();

      JsonNode back = awaitStatus(stack, 200, "the worker to be healthy again");
      assertThat(back.path("checks").path("ami-default").path("healthy").asBoolean()).isTrue();
    }
  }
}
