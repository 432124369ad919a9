package io.outdial.api.auth;

import io.dropwizard.auth.AuthFilter;
import io.outdial.api.errors.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Every request under {@code /v1} must carry {@code Authorization: Bearer <token>}, an operator's
 * own or the shared one (see {@link OperatorAuthenticator}), except {@code GET /v1/openapi.json}.
 * It runs before matching, so an unknown path under /v1 is a 401 too and reveals nothing. The
 * request's security context then holds the {@link Operator}, whose role {@code @RolesAllowed}
 * checks.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter extends AuthFilter<String, Operator> {
  public static final String TOKEN_VARIABLE = "OUTDIAL_API_TOKEN";

  /** The API's OpenAPI document is public: it holds no data, and tools fetch it unauthenticated. */
  public static final String PUBLIC_PATH = "v1/openapi.json";

  static final String CHALLENGE = "Bearer realm=\"outdial\"";

  private BearerTokenFilter() {}

  /** The filter over {@code authenticator}, with roles checked by {@link Role#includes}. */
  public static BearerTokenFilter over(
      io.dropwizard.auth.Authenticator<String, Operator> authenticator) {
    return new Builder()
        .setAuthenticator(authenticator)
        .setAuthorizer(
            (operator, role, request) ->
                Role.of(role).map(needed -> operator.role().includes(needed)).orElse(false))
        .setPrefix("Bearer")
        .setRealm("outdial")
        .buildAuthFilter();
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
    String token = BearerToken.credentials(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      refuse(request, BearerToken.MISSING);
    } else if (!authenticate(request, token, "Bearer")) {
      refuse(request, BearerToken.INVALID);
    }
  }

  private static void refuse(ContainerRequestContext request, String why) {
    request.abortWith(
        Response.status(Response.Status.UNAUTHORIZED)
            .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ApiError(401, why))
            .build());
  }

  private static final class Builder
      extends AuthFilter.AuthFilterBuilder<String, Operator, BearerTokenFilter> {
    @Override
    protected BearerTokenFilter newInstance() {
      return new BearerTokenFilter();
    }
  }
}
