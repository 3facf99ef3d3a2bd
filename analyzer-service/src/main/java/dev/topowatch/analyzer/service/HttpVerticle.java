package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.access.ApiAccess;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.web.WebUi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /metrics}, {@code /health}, {@code /api/runs/{runId}} (the live state) on {@code
 * http.host:http.port} (loopback by default), and the web page with the rest of its API ({@link
 * WebUi}). With {@code http.api-token} every {@code /api/*} route needs that bearer token or a
 * login session ({@link ApiAccess}), and {@code /metrics} too with {@code http.metrics-need-token};
 * {@code /health} always answers, for probes, and says only whether the analyzer is up and why not.
 */
public final class HttpVerticle extends VerticleBase {

  private final PrometheusMeterRegistry prometheus;
  private final RunRegistry runs;
  private final HealthCheck health;
  private final WebUi web;
  private volatile int actualPort;

  HttpVerticle(PrometheusMeterRegistry prometheus, RunRegistry runs, HealthCheck health, WebUi web) {
    this.prometheus = prometheus;
    this.runs = runs;
    this.health = health;
    this.web = web;
  }

  @Override
  public Future<?> start() {
    AnalyzerConfig config = AnalyzerConfig.fromJson(config());
    Router router = Router.router(vertx);
    // Registered first, so routes added under /api later are guarded as well.
    ApiAccess.mount(router, config);
    router.get("/metrics").handler(this::metrics);
    router.get("/health").handler(this::health);
    router.get("/api/runs/:runId").handler(this::run);
    web.mount(vertx, router); // the page, /api/runs and the rest of the API behind it
    // Plain HTTP/1.1: clients that offer an h2c upgrade (java.net.http does by default) were seen to
    // hang on it; Prometheus, curl and browsers speak HTTP/1.1 here anyway.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .requestHandler(router)
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(server -> actualPort = server.actualPort());
  }

  /** The bound port (useful with {@code http.port=0}). */
  int actualPort() {
    return actualPort;
  }

  private void metrics(RoutingContext ctx) {
    // Scraping walks every meter: off the event loop.
    vertx.executeBlocking(prometheus::scrape, false).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private void health(RoutingContext ctx) {
    health.check().onComplete(ar -> {
      JsonObject body = ar.succeeded() ? ar.result() : new JsonObject().put("status", "DOWN").put("reason", String.valueOf(ar.cause()));
      json(ctx, "UP".equals(body.getString("status")) ? 200 : 503, body);
    });
  }

  private void run(RoutingContext ctx) {
    String runId = ctx.pathParam("runId");
    runs.get(runId).ifPresentOrElse(
        run -> json(ctx, 200, RunJson.run(run.snapshot(), run.thetaLayers())),
        () -> json(ctx, 404, new JsonObject().put("error", "unknown run").put("run_id", runId)));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
