package dev.topowatch.analyzer.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code http.api-token}, held only as its SHA-256 digest. A candidate is compared digest to
 * digest with {@link MessageDigest#isEqual}: the time taken depends neither on where the first wrong
 * character is nor on the token's length, so timing tells a caller nothing about the token.
 */
final class ApiToken {

  private static final String BEARER = "Bearer ";

  private final byte[] digest;

  ApiToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("an API token must not be blank");
    }
    this.digest = sha256(token);
  }

  /** True when {@code candidate} is the token. */
  boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  /** True when an {@code Authorization} header value is {@code Bearer} (any case) followed by the token. */
  boolean matchesBearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return matches(authorization.substring(BEARER.length()).trim());
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
