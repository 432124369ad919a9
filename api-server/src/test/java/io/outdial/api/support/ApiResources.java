package io.outdial.api.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.ApiJson;
import io.outdial.api.auth.BearerTokenFilter;
import io.outdial.api.campaigns.CampaignResource;
import io.outdial.api.destinations.DestinationResource;
import io.outdial.api.dlmas.DlmaResource;
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

  public final InMemoryResourceStore store = new InMemoryResourceStore();
  public final FakeCampaignRuns runs = new FakeCampaignRuns();
  public final ResourceExtension extension;

  public ApiResources() {
    extension = ResourceExtension.builder()
        .setMapper(ApiJson.configure(Jackson.newObjectMapper()))
        .setRegisterDefaultExceptionMappers(false)
        .addProvider(new ApiExceptionMapper())
        .addProvider(new JsonInputExceptionMapper())
        .addProvider(new WebApplicationExceptionMapper())
        .addProvider(new UnexpectedExceptionMapper())
        .addProvider(new BearerTokenFilter(TOKEN))
        .addResource(new PlanResource(store))
        .addResource(new DestinationResource(store))
        .addResource(new DlmaResource(store))
        .addResource(new CampaignResource(store, runs, Clock.fixed(NOW, ZoneOffset.UTC)))
        .addResource(new ResultResource(store))
        .build();
  }

  public void reset() {
    store.clear();
    runs.clear();
  }

  public Invocation.Builder request(String path) {
    return extension.target(path).request(MediaType.APPLICATION_JSON)
        .header("Authorization", "Bearer " + TOKEN);
  }

  /** POSTs raw JSON text, so tests can send what a typed client never would. */
  public Response post(String path, String json) {
    return request(path).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
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
