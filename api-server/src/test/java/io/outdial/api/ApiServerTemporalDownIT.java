package io.outdial.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.outdial.api.support.MariaDbDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server with Temporal unreachable: campaigns are still created (their workflow is started by
 * the first operator action later), operator actions are 503 within seconds, imports and reads
 * work, and the health check says what is wrong.
 */
class ApiServerTemporalDownIT {
  static final String TOKEN = "it-" + UUID.randomUUID();
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension static final MariaDbDatabase DB = new MariaDbDatabase();

  public static class TestApp extends ApiServerApplication {
    public TestApp() {
      super(Map.of("OUTDIAL_API_TOKEN", TOKEN, "OUTDIAL_DB_PASSWORD", DB.password));
    }
  }

  @RegisterExtension
  static final DropwizardAppExtension<ApiServerConfiguration> APP =
      new DropwizardAppExtension<>(
          TestApp.class,
          "config.yml",
          ConfigOverride.randomPorts(),
          ConfigOverride.config("database.host", DB.host),
          ConfigOverride.config("database.port", String.valueOf(DB.port)),
          ConfigOverride.config("database.user", DB.user),
          ConfigOverride.config("database.name", () -> DB.name),
          ConfigOverride.config("temporal.address", "127.0.0.1:1"),
          ConfigOverride.config("temporal.rpcTimeout", "1s"),
          ConfigOverride.config("temporal.createTimeout", "1s"),
          ConfigOverride.config("temporal.controlTimeout", "2s"),
          ConfigOverride.config("logging.level", "ERROR"));

  record Answer(int status, JsonNode body) {}

  static Answer call(String method, String path, String type, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      b.header("Content-Type", type);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  void campaignsAreCreatedActionsAre503AndEverythingElseWorks() throws Exception {
    String plan =
        call("POST", "/v1/plans", "application/json", "{\"name\":\"p\"}")
            .body()
            .path("id")
            .asText();
    String dest =
        call(
                "POST",
                "/v1/destinations",
                "application/json",
                "{\"name\":\"d\",\"type\":1,\"application\":\"Park\"}")
            .body()
            .path("id")
            .asText();
    String dlma =
        call("POST", "/v1/dlmas", "application/json", "{\"name\":\"l\"}")
            .body()
            .path("id")
            .asText();

    long t0 = System.nanoTime();
    Answer c =
        call(
            "POST",
            "/v1/campaigns",
            "application/json",
            "{\"name\":\"c\",\"plan\":\""
                + plan
                + "\",\"destination\":\""
                + dest
                + "\",\"dlma\":\""
                + dlma
                + "\"}");
    assertThat(c.status()).as("%s", c.body()).isEqualTo(201);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    String id = c.body().path("id").asText();
    assertThat(DB.count("SELECT COUNT(*) FROM campaign WHERE id = ?", id)).isEqualTo(1);

    for (String action : new String[] {"start", "stop", "pause", "force-stop"}) {
      long t = System.nanoTime();
      Answer a = call("POST", "/v1/campaigns/" + id + "/" + action, null, null);
      assertThat(a.status()).as(action).isEqualTo(503);
      assertThat(a.body().path("message").asText()).startsWith("Temporal is unavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(DB.count("SELECT COUNT(*) FROM campaign WHERE id = ? AND status = 0", id))
        .isEqualTo(1);

    Answer imported =
        call("POST", "/v1/dlmas/" + dlma + "/entries", "text/csv", "number1\n1001\n1002\n");
    assertThat(imported.status()).isEqualTo(201);
    assertThat(
            call("GET", "/v1/campaigns/" + id, null, null)
                .body()
                .path("counts")
                .path("remaining")
                .asLong())
        .isEqualTo(2);

    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode h = JSON.readTree(health.body());
    assertThat(h.path("database").path("healthy").asBoolean()).isTrue();
    assertThat(h.path("temporal").path("healthy").asBoolean()).isFalse();
  }
}
