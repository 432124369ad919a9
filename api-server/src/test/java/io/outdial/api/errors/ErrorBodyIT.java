package io.outdial.api.errors;

import static io.outdial.api.support.ApiResources.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.outdial.api.support.ApiResources;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Authentication and the one error body, whatever goes wrong. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorBodyIT {
  @RegisterExtension static final ApiResources API = new ApiResources();
  static final ResourceExtension RESOURCES = API.extension;
  static final String ID = "0b6c52a4-4c1b-4c41-9d1e-2f4cfb1d1b5e";

  @BeforeEach
  void reset() {
    API.reset();
  }

  @Test
  void withoutTokenIs401WithJsonBody() {
    Response r = API.extension.target("/v1/plans/" + ID).request().get();
    assertThat(r.getStatus()).isEqualTo(401);
    assertThat(r.getHeaderString("WWW-Authenticate")).startsWith("Bearer");
    JsonNode e = body(r);
    assertThat(e.path("status").asInt()).isEqualTo(401);
    assertThat(e.path("message").asText()).startsWith("missing bearer token");
    assertThat(e.path("errors").isArray()).isTrue();
  }

  @Test
  void wrongTokenIs401AndNothingIsWritten() {
    Response r =
        API.extension
            .target("/v1/plans")
            .request()
            .header("Authorization", "Bearer " + ApiResources.TOKEN + "x")
            .post(Entity.json("{\"name\":\"p\"}"));
    assertThat(r.getStatus()).isEqualTo(401);
    assertThat(body(r).path("message").asText()).isEqualTo("invalid bearer token");
    assertThat(API.rows("plan")).isZero();
    assertThat(
            API.extension
                .target("/v1/plans")
                .request()
                .header("Authorization", "Basic abc")
                .post(Entity.json("{\"name\":\"p\"}"))
                .getStatus())
        .isEqualTo(401);
  }

  @Test
  void unknownPathsUnderV1NeedTheTokenToo() {
    assertThat(API.extension.target("/v1/nothing").request().get().getStatus()).isEqualTo(401);
    Response r = API.request("/v1/nothing").get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("message").asText()).isEqualTo("no such resource");
  }

  @Test
  void schemeIsCaseInsensitive() {
    assertThat(
            API.extension
                .target("/v1/plans/" + ID)
                .request()
                .header("Authorization", "bearer " + ApiResources.TOKEN)
                .get()
                .getStatus())
        .isEqualTo(404);
  }

  @Test
  void jerseyRefusalsUseTheErrorBody() {
    Response method = API.request("/v1/plans").delete();
    assertThat(method.getStatus()).isEqualTo(405);
    assertThat(body(method).path("status").asInt()).isEqualTo(405);
    Response media = API.request("/v1/plans").post(Entity.entity("name=p", MediaType.TEXT_PLAIN));
    assertThat(media.getStatus()).isEqualTo(415);
    assertThat(body(media).path("message").asText()).startsWith("unsupported media type");
  }

  @Test
  void unexpectedFailureIs500WithoutInternals() {
    API.failure = new SQLException("connection to db-secret-host refused");
    Response r = API.request("/v1/plans/" + ID).get();
    assertThat(r.getStatus()).isEqualTo(500);
    String text = r.readEntity(String.class);
    assertThat(text).contains("\"status\":500").contains("internal server error (logged as ");
    assertThat(text)
        .doesNotContain("db-secret-host")
        .doesNotContain("IllegalStateException")
        .doesNotContain("SQLException")
        .doesNotContain("at io.");
  }

  @Test
  void pathsOutsideV1NeedNoToken() {
    Response r = API.extension.target("/health").request().get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r).path("status").asInt()).isEqualTo(404);
  }
}
