package io.outdial.api.auth;

import static io.outdial.api.support.ApiResources.body;
import static io.outdial.api.support.ApiResources.rule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import io.outdial.api.support.FakeCampaignRuns.Call;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operators sign in with their own tokens: a viewer reads, a supervisor also writes and acts on
 * campaigns, and the workflow history names the operator who asked, not {@code api}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperatorAuthIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;

  @BeforeEach
  void reset() {
    API.reset();
  }

  private static Invocation.Builder as(String token, String path) {
    return API.target(path)
        .request(MediaType.APPLICATION_JSON)
        .header("Authorization", "Bearer " + token);
  }

  /** Creates an operator with the shared token; returns their token. */
  private static String operator(String name, String role) {
    Response r = API.post("/v1/operators", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
    JsonNode b = body(r);
    assertThat(r.getStatus()).as("%s", b).isEqualTo(201);
    assertThat(b.path("name").asText()).isEqualTo(name);
    assertThat(b.path("role").asText()).isEqualTo(role);
    assertThat(b.path("createdBy").asText()).isEqualTo("api");
    assertThat(r.getLocation().getPath()).isEqualTo("/v1/operators/" + name);
    String token = b.path("token").asText();
    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    return token;
  }

  private static Response post(String token, String path, String json) {
    return as(token, path).post(Entity.entity(json, MediaType.APPLICATION_JSON_TYPE));
  }

  @Test
  void meNamesWhoTheTokenBelongsTo() {
    JsonNode shared = body(API.get("/v1/me"));
    assertThat(shared.path("name").asText()).isEqualTo("api");
    assertThat(shared.path("role").asText()).isEqualTo("supervisor");
    assertThat(shared.path("sharedToken").asBoolean()).isTrue();

    String ann = operator("Ann Lee", "viewer");
    JsonNode me = body(as(ann, "/v1/me").get());
    assertThat(me.path("name").asText()).isEqualTo("Ann Lee");
    assertThat(me.path("role").asText()).isEqualTo("viewer");
    assertThat(me.path("sharedToken").asBoolean()).isFalse();

    Response bad = as("not-a-token-of-anyone", "/v1/me").get();
    assertThat(bad.getStatus()).isEqualTo(401);
    assertThat(body(bad).path("message").asText()).isEqualTo("invalid bearer token");
    Response none = API.target("/v1/me").request().get();
    assertThat(none.getStatus()).isEqualTo(401);
    // Only the digest is kept.
    int rows =
        API.database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM operator WHERE token_sha256 = :t")
                        .bind("t", BearerToken.sha256(ann))
                        .mapTo(Integer.class)
                        .one());
    assertThat(rows).isEqualTo(1);
  }

  @Test
  void aViewerReadsButCannotWriteOrActOnCampaigns() {
    String viewer = operator("vic", "viewer");
    String plan = body(API.post("/v1/plans", "{\"name\":\"p\"}")).path("id").asText();

    assertThat(as(viewer, "/v1/plans/" + plan).get().getStatus()).isEqualTo(200);
    assertThat(as(viewer, "/v1/operators").get().getStatus()).isEqualTo(200);
    Response create = post(viewer, "/v1/plans", "{\"name\":\"q\"}");
    assertThat(create.getStatus()).isEqualTo(403);
    assertThat(body(create).path("message").asText())
        .isEqualTo("forbidden: this needs the supervisor role, and vic is a viewer");
    assertThat(as(viewer, "/v1/plans/" + plan).delete().getStatus()).isEqualTo(403);
    assertThat(
            post(viewer, "/v1/operators", "{\"name\":\"x\",\"role\":\"supervisor\"}").getStatus())
        .isEqualTo(403);
    assertThat(API.rows("plan")).isEqualTo(1);
    assertThat(API.rows("operator")).isEqualTo(1);
  }

  @Test
  void theHistoryNamesTheSupervisorWhoCreatedAndActed() {
    String sue = operator("sue", "supervisor");
    String plan = body(post(sue, "/v1/plans", "{\"name\":\"p\"}")).path("id").asText();
    String destination =
        body(post(
                sue, "/v1/destinations", "{\"name\":\"park\",\"type\":1,\"application\":\"Park\"}"))
            .path("id")
            .asText();
    String dlma = body(post(sue, "/v1/dlmas", "{\"name\":\"l\"}")).path("id").asText();
    Response created =
        post(
            sue,
            "/v1/campaigns",
            "{\"name\":\"spring\",\"plan\":\""
                + plan
                + "\",\"destination\":\""
                + destination
                + "\",\"dlma\":\""
                + dlma
                + "\"}");
    assertThat(created.getStatus()).isEqualTo(201);
    String id = body(created).path("id").asText();
    assertThat(API.runs.calls("create"))
        .singleElement()
        .satisfies(c -> assertThat(c.action().requestedBy()).isEqualTo("sue"));

    Response start = post(sue, "/v1/campaigns/" + id + "/start", "{}");
    assertThat(start.getStatus()).as("%s", body(start)).isEqualTo(202);
    Call started = API.runs.calls("start").get(0);
    assertThat(started.action().requestedBy()).isEqualTo("sue");

    // Signed in as herself, she cannot say someone else asked.
    Response named =
        as(sue, "/v1/campaigns/" + id + "/pause")
            .header("X-Operator", "bob")
            .post(Entity.entity("{}", MediaType.APPLICATION_JSON_TYPE));
    assertThat(named.getStatus()).isEqualTo(422);
    assertThat(rule(body(named), "X-Operator"))
        .isEqualTo("only the shared API token may name who asks; you are signed in as sue");
    assertThat(API.runs.calls("pause")).isEmpty();
    // The shared token may (scripts acting for someone), and says api when it does not.
    Response shared =
        API.request("/v1/campaigns/" + id + "/pause")
            .header("X-Operator", "bob")
            .post(Entity.entity("{}", MediaType.APPLICATION_JSON_TYPE));
    assertThat(shared.getStatus()).as("%s", body(shared)).isEqualTo(202);
    assertThat(API.runs.calls("pause").get(0).action().requestedBy()).isEqualTo("bob");
  }

  @Test
  void aDeletedOperatorsTokenStopsWorkingAtOnce() {
    String ann = operator("ann", "supervisor");
    assertThat(as(ann, "/v1/me").get().getStatus()).isEqualTo(200);
    Response created = post(ann, "/v1/operators", "{\"name\":\"bo\",\"role\":\"viewer\"}");
    assertThat(body(created).path("createdBy").asText()).isEqualTo("ann");
    assertThat(API.delete("/v1/operators/ann").getStatus()).isEqualTo(204);
    assertThat(as(ann, "/v1/me").get().getStatus()).isEqualTo(401);
    assertThat(API.delete("/v1/operators/ann").getStatus()).isEqualTo(404);
    JsonNode list = body(API.get("/v1/operators"));
    assertThat(list.path("items")).hasSize(1);
    assertThat(list.path("items").get(0).path("name").asText()).isEqualTo("bo");
    assertThat(list.path("items").get(0).has("token")).isFalse();
  }

  @Test
  void namesAndRolesAreChecked() {
    assertThat(rule(body(API.post("/v1/operators", "{\"role\":\"viewer\"}")), "name"))
        .isEqualTo("is required");
    assertThat(
            rule(body(API.post("/v1/operators", "{\"name\":\"  \",\"role\":\"viewer\"}")), "name"))
        .isEqualTo("is required");
    assertThat(
            rule(body(API.post("/v1/operators", "{\"name\":\"API\",\"role\":\"viewer\"}")), "name"))
        .isEqualTo("must not be api: it names the shared API token");
    String tooLong = "\uD83D\uDE00".repeat(65);
    assertThat(
            rule(
                body(
                    API.post(
                        "/v1/operators", "{\"name\":\"" + tooLong + "\",\"role\":\"viewer\"}")),
                "name"))
        .isEqualTo("must be at most 64 characters");
    assertThat(
            rule(
                body(API.post("/v1/operators", "{\"name\":\"a\\tb\",\"role\":\"viewer\"}")),
                "name"))
        .isEqualTo("must not contain a tab or a /");
    assertThat(rule(body(API.post("/v1/operators", "{\"name\":\"x\",\"role\":\"boss\"}")), "role"))
        .isEqualTo("must be viewer or supervisor");
    assertThat(rule(body(API.post("/v1/operators", "{\"name\":\"x\"}")), "role"))
        .isEqualTo("is required: viewer or supervisor");
    assertThat(API.rows("operator")).isZero();

    // 64 emoji fit (the column counts characters).
    assertThat(
            API.post(
                    "/v1/operators",
                    "{\"name\":\"" + "\uD83D\uDE00".repeat(64) + "\",\"role\":\"viewer\"}")
                .getStatus())
        .isEqualTo(201);
    operator("sam", "viewer");
    Response again = API.post("/v1/operators", "{\"name\":\"SAM\",\"role\":\"viewer\"}");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(rule(body(again), "name")).isEqualTo("must be unique: an operator is named SAM");
  }
}
