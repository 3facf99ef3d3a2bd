package dev.topowatch.analyzer.service;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Lets a request through only with {@code Authorization: Bearer TOKEN}; otherwise answers 401 JSON
 * with {@code WWW-Authenticate: Bearer}. The comparison is of SHA-256 digests with {@link
 * MessageDigest#isEqual}: its time depends neither on where the first wrong character is nor on the
 * token's length, so timing tells a caller nothing about the token.
 */
final class BearerTokenCheck implements Handler<RoutingContext> {

  private static final String PREFIX = "Bearer ";

  private final byte[] expected;

  BearerTokenCheck(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("an API token must not be blank");
    }
    this.expected = sha256(token);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (accepts(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"topowatch\"")
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "missing or wrong bearer token (http.api-token)").encode());
  }

  /** True when {@code authorization} is {@code Bearer} followed by the token. */
  boolean accepts(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(authorization.substring(PREFIX.length()).trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
