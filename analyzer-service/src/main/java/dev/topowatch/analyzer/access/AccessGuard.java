package dev.topowatch.analyzer.access;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * Lets a request through with {@code Authorization: Bearer TOKEN} (scripts, Prometheus) or with the
 * cookie of a live session (the web page, whose server-sent events cannot carry a header);
 * otherwise answers 401 JSON with {@code WWW-Authenticate: Bearer}.
 */
final class AccessGuard implements Handler<RoutingContext> {

  private final ApiToken token;
  private final Sessions sessions;

  AccessGuard(ApiToken token, Sessions sessions) {
    this.token = token;
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token.matchesBearer(ctx.request().getHeader("Authorization"))) {
      ctx.next();
      return;
    }
    String session = SessionCookie.read(ctx.request());
    if (sessions.valid(session)) {
      // A long answer (the live events) asks again as it goes: its session may end meanwhile.
      ctx.put(ApiAccess.STILL_ALLOWED, (BooleanSupplier) () -> sessions.valid(session));
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"topowatch\"")
        .putHeader("content-type", "application/json")
        .end(new JsonObject().put("error", "missing or wrong bearer token (http.api-token), and no live session (POST /api/session)").encode());
  }
}
