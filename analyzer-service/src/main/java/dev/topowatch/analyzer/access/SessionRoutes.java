package dev.topowatch.analyzer.access;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /api/session}: the web page's login. {@code GET} says whether a token is needed and whether
 * this browser has a session; {@code POST} with {@code {"token": "…"}} checks the token and sets the
 * session cookie; {@code DELETE} ends the session (logout). The token travels in a JSON body, never
 * in a URL, since URLs end up in logs and browser history.
 */
final class SessionRoutes {

  /** Bodies above this are refused (413) before they are read: a token is far shorter. */
  static final long MAX_BODY_BYTES = 4096;

  private final Optional<ApiToken> token;
  private final Sessions sessions;

  SessionRoutes(Optional<ApiToken> token, Sessions sessions) {
    this.token = token;
    this.sessions = sessions;
  }

  void status(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("token_required", token.isPresent());
    if (token.isEmpty()) {
      send(ctx, 200, body.put("authenticated", true));
      return;
    }
    OptionalLong expiry = sessions.expiry(SessionCookie.read(ctx.request()));
    boolean bearer = token.get().matchesBearer(ctx.request().getHeader("Authorization"));
    body.put("authenticated", bearer || expiry.isPresent());
    if (expiry.isPresent()) {
      body.put("expires_unix_ms", expiry.getAsLong());
    }
    send(ctx, 200, body);
  }

  void login(RoutingContext ctx) {
    if (token.isEmpty()) {
      send(ctx, 400, error("no http.api-token is set: the API needs no login"));
      return;
    }
    // Only JSON: a page on another site can post a plain form here without asking, but not JSON.
    String type = ctx.request().getHeader("content-type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      send(ctx, 415, error("send the token as JSON: {\"token\": \"…\"} with content-type application/json"));
      return;
    }
    String candidate;
    try {
      JsonObject body = ctx.body().asJsonObject();
      candidate = body == null ? null : body.getValue("token") instanceof String s ? s : null;
    } catch (DecodeException e) {
      candidate = null;
    }
    if (candidate == null) {
      send(ctx, 400, error("the body must be {\"token\": \"…\"}"));
      return;
    }
    if (!token.get().matches(candidate)) {
      send(ctx, 401, error("wrong token (http.api-token)"));
      return;
    }
    sessions.close(SessionCookie.read(ctx.request())); // a new id at every login: an id seen before never becomes valid
    String id = sessions.open();
    ctx.response().addCookie(SessionCookie.of(ctx.request(), id, sessions.ttl()));
    send(ctx, 200, new JsonObject().put("token_required", true).put("authenticated", true)
        .put("expires_unix_ms", sessions.expiry(id).orElse(0)));
  }

  /** A login whose body could not be read (too large: 413): a plain answer instead of the router's error log. */
  void unreadable(RoutingContext ctx) {
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 400;
    send(ctx, status, error(status == 413 ? "the body is too large for a login (" + MAX_BODY_BYTES + " bytes at most)" : "cannot read the login"));
  }

  void logout(RoutingContext ctx) {
    sessions.close(SessionCookie.read(ctx.request()));
    ctx.response().addCookie(SessionCookie.expired(ctx.request())).setStatusCode(204).end();
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
        .end(body.encode());
  }
}
