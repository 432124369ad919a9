package io.outdial.api;

import static io.outdial.api.support.ApiResources.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiFuzzer;
import io.outdial.api.support.ApiResources;
import io.outdial.store.Rows.ResultRow;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Thousands of generated bad requests at every operation and method (the resources of ApiResources,
 * over MariaDB): no 5xx, and every error in the one error body. ApiServerIT runs the same generator
 * against the whole server. {@code -Doutdial.fuzz.seed=} and {@code -Doutdial.fuzz.requests=}
 * replay or lengthen a run.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiFuzzIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  static final long SEED = Long.getLong("outdial.fuzz.seed", 20_261_128L);
  static final int REQUESTS = Integer.getInteger("outdial.fuzz.requests", 3000);

  /** Fresh resources to aim at (the fuzzer may have changed or deleted the last ones). */
  private Map<String, String> fixture() {
    String pbx =
        body(API.post(
                "/v1/pbxs",
                "{\"name\":\"fuzz-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"amiHost\":\"10.0.0.1\",\"amiUser\":\"u\","
                    + "\"secretRef\":\"env:S\",\"trunks\":[{\"name\":\"main\"}]}"))
            .path("id")
            .asText();
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String destination =
        body(API.post("/v1/destinations", "{\"name\":\"d\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(API.post("/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    String entry =
        body(API.post("/v1/dlmas/" + dlma + "/entries", "[{\"numbers\":[\"1\"]}]"))
            .path("ids")
            .get(0)
            .asText();
    String campaign =
        body(API.post(
                "/v1/campaigns",
                "{\"name\":\"c\",\"plan\":\""
                    + plan
                    + "\",\"destination\":\""
                    + destination
                    + "\",\"dlma\":\""
                    + dlma
                    + "\"}"))
            .path("id")
            .asText();
    String result = UUID.randomUUID().toString();
    API.insertResult(
        new ResultRow(
            result,
            UUID.randomUUID().toString(),
            campaign,
            entry,
            6,
            "[]",
            4,
            16,
            null,
            null,
            "PJSIP/1-1",
            "1",
            1,
            1,
            "{}",
            null,
            null,
            Instant.now()));
    return Map.of(
        "plan",
        plan,
        "pbx",
        pbx,
        "destination",
        destination,
        "dlma",
        dlma,
        "entry",
        entry,
        "campaign",
        campaign,
        "result",
        result);
  }

  private ApiFuzzer.Answer send(ApiFuzzer.Request r) {
    URI uri =
        URI.create(API.extension.target("/").getUri().toString().replaceAll("/$", "") + r.path());
    Invocation.Builder b =
        API.extension
            .client()
            .property(ClientProperties.SUPPRESS_HTTP_COMPLIANCE_VALIDATION, true)
            .target(uri)
            .request()
            .header("Authorization", "Bearer " + ApiResources.TOKEN);
    if (r.operator() != null) {
      b.header("X-Operator", r.operator());
    }
    Response response;
    if (r.body() == null || r.contentType() == null) {
      response = b.method(r.method());
    } else {
      response = b.method(r.method(), Entity.entity(r.body(), r.contentType()));
    }
    return new ApiFuzzer.Answer(response.getStatus(), response.readEntity(String.class));
  }

  @Test
  void noGeneratedRequestGetsA5xxAndEveryErrorHasTheOneBody() {
    API.reset();
    long t0 = System.nanoTime();
    ApiFuzzer fuzzer = new ApiFuzzer(SEED);
    Map<Integer, Integer> statuses = fuzzer.run(REQUESTS, this::fixture, this::send, SEED);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf(
        "ApiFuzzIT: %d requests over %d operations in %d ms, statuses %s%n",
        REQUESTS, fuzzer.operations().size(), ms, statuses);
    // The generator reaches past the parsers: some requests are valid enough to be refused by
    // rules, and some to succeed.
    assertThat(statuses).containsKeys(200, 201, 400, 404, 405, 415, 422);
  }
}
