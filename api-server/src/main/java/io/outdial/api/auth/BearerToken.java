package io.outdial.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token every protected request must carry as {@code Authorization: Bearer <token>}. It is
 * compared in constant time (over SHA-256 digests, so not even its length leaks) and never logged.
 * Shared by the API's filter and the admin port's, so both ask for the same token.
 */
public final class BearerToken {
  private static final String PREFIX = "Bearer ";

  private final byte[] expectedDigest;

  public BearerToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the API token must not be empty");
    }
    this.expectedDigest = sha256(token);
  }

  /**
   * Why a request with this {@code Authorization} header (null when absent) is refused, or null
   * when it carries the token.
   */
  public String refusal(String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return "missing bearer token: send Authorization: Bearer <token>";
    }
    byte[] given = sha256(authorization.substring(PREFIX.length()).trim());
    return MessageDigest.isEqual(expectedDigest, given) ? null : "invalid bearer token";
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
