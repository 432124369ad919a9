package io.outdial.api.auth;

import io.outdial.api.errors.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every request under {@code /v1} must carry {@code Authorization: Bearer <token>} (see {@link
 * BearerToken}), except {@code GET /v1/openapi.json}. It runs before matching, so an unknown path
 * under /v1 is a 401 too and reveals nothing.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
  public static final String TOKEN_VARIABLE = "OUTDIAL_API_TOKEN";

  /** The API's OpenAPI document is public: it holds no data, and tools fetch it unauthenticated. */
  public static final String PUBLIC_PATH = "v1/openapi.json";

  static final String CHALLENGE = "Bearer realm=\"outdial\"";

  private final BearerToken token;

  public BearerTokenFilter(String token) {
    this(new BearerToken(token));
  }

  public BearerTokenFilter(BearerToken token) {
    this.token = token;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (!(path.equals("v1") || path.startsWith("v1/")) || path.equals(PUBLIC_PATH)) {
      return;
    }
    String refusal = token.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (refusal != null) {
      request.abortWith(
          Response.status(Response.Status.UNAUTHORIZED)
              .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(new ApiError(401, refusal))
              .build());
    }
  }
}
