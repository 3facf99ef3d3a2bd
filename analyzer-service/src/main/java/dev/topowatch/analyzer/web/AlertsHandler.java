package dev.topowatch.analyzer.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Optional;

/**
 * {@code GET /api/runs/{runId}/alerts}: which shipped alert rules hold for the run, as the
 * Prometheus named by {@code ui.prometheus-url} evaluates them (the analyzer does not evaluate rules
 * itself: one evaluator, one truth). Without that setting, or when Prometheus does not answer, the
 * rules are listed unevaluated with the reason. {@code GET /api/rules} and {@code /api/rules/file}
 * give the shipped rules.
 */
final class AlertsHandler {

  private static final long TIMEOUT_MS = 5_000;

  private final RuleCatalog catalog;
  private final Optional<URI> prometheus;
  private final HttpClientAgent client;

  AlertsHandler(Vertx vertx, RuleCatalog catalog, Optional<URI> prometheus) {
    this.catalog = catalog;
    this.prometheus = prometheus;
    this.client = vertx.createHttpClient();
  }

  void alerts(RoutingContext ctx) {
    String runId = ctx.pathParam("runId");
    if (prometheus.isEmpty()) {
      Json.send(ctx, 200, PrometheusAlerts.notEvaluated(catalog,
          "no Prometheus configured (ui.prometheus-url): the rules are listed, not evaluated").put("source", "none"));
      return;
    }
    String base = prometheus.get().toString();
    String url = (base.endsWith("/") ? base : base + "/") + "api/v1/rules?type=alert"; // keeps a path prefix
    fetch(url).onComplete(ar -> {
      JsonObject body = ar.succeeded()
          ? PrometheusAlerts.forRun(catalog, ar.result(), runId)
          : PrometheusAlerts.notEvaluated(catalog, "Prometheus did not answer: " + ar.cause().getMessage());
      Json.send(ctx, 200, body.put("source", "prometheus").put("prometheus_url", prometheus.get().toString()));
    });
  }

  void rules(RoutingContext ctx) {
    Json.send(ctx, 200, catalog.toJson());
  }

  void file(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; charset=utf-8").end(catalog.text());
  }

  private Future<JsonObject> fetch(String url) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS);
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body()
            : Future.failedFuture("HTTP " + response.statusCode() + " from " + url))
        .map(buffer -> buffer.toJsonObject());
  }
}
