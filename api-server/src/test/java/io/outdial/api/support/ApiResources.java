package io.outdial.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.ApiJson;
import io.outdial.api.auth.BearerTokenFilter;
import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.destinations.DestinationResource;
import io.outdial.api.dlmas.DlmaResource;
import io.outdial.api.dlmas.EntryImporter;
import io.outdial.api.dlmas.EntryResource;
import io.outdial.api.openapi.OpenApiResource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outdial.api.errors.ApiExceptionMapper;
import io.outdial.api.errors.JsonInputExceptionMapper;
import io.outdial.api.errors.UnexpectedExceptionMapper;
import io.outdial.api.errors.WebApplicationExceptionMapper;
import io.outdial.api.plans.PlanResource;
import io.outdial.api.results.ResultResource;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Every resource of the API, wired as ApiServerApplication wires them but over an in-memory
 * store and fake workflows, for ResourceExtension tests.
 */
public final class ApiResources {
  public static final String TOKEN = "test-token-0123456789";
  public static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  public static final ObjectMapper MAPPER = ApiJson.configure(Jackson.newObjectMapper());

  public final InMemoryResourceStore store = new InMemoryResourceStore();
  public final FakeCampaignRuns runs = new FakeCampaignRuns();
  public final ResourceExtension extension;

  public ApiResources() {
    extension = ResourceExtension.builder()
        .setMapper(MAPPER)
        .setRegisterDefaultExceptionMappers(false)
        .addProvider(new ApiExceptionMapper())
        .addProvider(new JsonInputExceptionMapper())
        .addProvider(new WebApplicationExceptionMapper())
        .addProvider(new UnexpectedExceptionMapper())
        .addProvider(new BearerTokenFilter(TOKEN))
        .addResource(new PlanResource(store))
        .addResource(new DestinationResource(store))
        .addResource(new DlmaResource(store))
        .addResource(new EntryResource(store, new EntryImporter(store, MAPPER), runs))
        .addResource(new CampaignResource(store, runs, Clock.fixed(NOW, ZoneOffset.UTC)))
        .addResource(new ResultResource(store))
        .addResource(new OpenApiResource(MAPPER))
        .build();
  }

  public void reset() {
    store.clear();
    runs.clear();
  }

  /** A request with the token; a query string in {@code path} ({@code ?a=1&b=2}) is kept. */
  public Invocation.Builder request(String path) {
    return target(path).request(MediaType.APPLICATION_JSON)
        .header("Authorization", "Bearer " + TOKEN);
  }

  /** The target of {@code path}, its query string (if any) as query parameters. */
  public jakarta.ws.rs.client.WebTarget target(String path) {
    int q = path.indexOf('?');
    jakarta.ws.rs.client.WebTarget t = extension.target(q < 0 ? path : path.substring(0, q));
    if (q >= 0) {
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        t = eq < 0 ? t.queryParam(pair, "") : t.queryParam(pair.substring(0, eq),
            java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return t;
  }

  /** POSTs raw JSON text, so tests can send what a typed client never would. */
  public Response post(String path, String json) {
    return request(path).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  public Response put(String path, String json) {
    return request(path).put(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  public Response delete(String path) {
    return request(path).delete();
  }

  public Response get(String path) {
    return request(path).get();
  }

  /** POSTs a body of any media type. */
  public Response post(String path, String body, String mediaType) {
    return request(path).post(Entity.entity(body, mediaType));
  }

  public static JsonNode body(Response r) {
    return r.readEntity(JsonNode.class);
  }

  /** The rule reported for {@code field}, or null. */
  public static String rule(JsonNode error, String field) {
    for (JsonNode e : error.path("errors")) {
      if (e.path("field").asText().equals(field)) {
        return e.path("rule").asText();
      }
    }
    return null;
  }
}
