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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Every request under {@code /v1} must carry {@code Authorization: Bearer <token>}, except
 * {@code GET /v1/openapi.json}. It runs
 * before matching, so an unknown path under /v1 is a 401 too and reveals nothing. The token is
 * compared in constant time (over SHA-256 digests, so not even its length leaks) and never
 * logged.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerTokenFilter implements ContainerRequestFilter {
  public static final String TOKEN_VARIABLE = "OUTDIAL_API_TOKEN";
  private static final String PREFIX = "Bearer ";
  /** The API's OpenAPI document is public: it holds no data, and tools fetch it unauthenticated. */
  public static final String PUBLIC_PATH = "v1/openapi.json";

  private final byte[] expectedDigest;

  public BearerTokenFilter(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the API token must not be empty");
    }
    this.expectedDigest = sha256(token);
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
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= PREFIX.length()
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      request.abortWith(unauthorized("missing bearer token: send Authorization: Bearer <token>"));
      return;
    }
    byte[] given = sha256(header.substring(PREFIX.length()).trim());
    if (!MessageDigest.isEqual(expectedDigest, given)) {
      request.abortWith(unauthorized("invalid bearer token"));
    }
  }

  private static Response unauthorized(String message) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"outdial\"")
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(401, message))
        .build();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
