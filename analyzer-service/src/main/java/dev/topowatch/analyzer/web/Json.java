package dev.topowatch.analyzer.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON responses of the web API, with the service's 404 shape for an unknown run. */
final class Json {

  private Json() {}

  static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  static void notFound(RoutingContext ctx, String runId) {
    send(ctx, 404, new JsonObject().put("error", "unknown run").put("run_id", runId));
  }
}
