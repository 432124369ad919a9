package io.outdial.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The token every protected request must carry as {@code Authorization: Bearer <token>}. It is
 * compared in constant time (over SHA-256 digests, so not even its length leaks) and never logged.
 * The API's filter takes it beside the operators' own tokens; the admin port's tasks take only it.
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
   * The token an {@code Authorization} header (null when absent) carries as {@code Bearer <token>},
   * or null when it carries none.
   */
  public static String credentials(String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = authorization.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** Whether {@code token} is this token, compared in constant time. */
  public boolean matches(String token) {
    return token != null && MessageDigest.isEqual(expectedDigest, sha256(token));
  }

  /**
   * Why a request with this {@code Authorization} header (null when absent) is refused, or null
   * when it carries the token.
   */
  public String refusal(String authorization) {
    String token = credentials(authorization);
    if (token == null) {
      return MISSING;
    }
    return matches(token) ? null : INVALID;
  }

  static final String MISSING = "missing bearer token: send Authorization: Bearer <token>";
  static final String INVALID = "invalid bearer token";

  /** The SHA-256 digest of {@code s}'s UTF-8 bytes: what the operator table keeps of a token. */
  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
