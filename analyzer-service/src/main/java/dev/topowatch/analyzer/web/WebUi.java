package dev.topowatch.analyzer.web;

import dev.topowatch.analyzer.history.HistoryStore;
import dev.topowatch.analyzer.stream.RunRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.util.Optional;

/**
 * The web page and the JSON API behind it (docs/api.md), on the analyzer's HTTP port: the page's
 * addresses ({@code /}, {@code /runs/{runId}}, {@code /compare}) all answer with the one
 * {@code index.html}, whose ES modules ({@code /static/}) route on the path; uPlot comes from its
 * WebJar ({@code /vendor/uplot/}), so nothing is fetched from outside.
 */
public final class WebUi {

  private static final String INDEX = "webroot/index.html";

  private final RunCatalog catalog;
  private final HistoryStore history;
  private final RuleCatalog rules = RuleCatalog.shipped();
  private final Optional<URI> prometheus;

  public WebUi(RunRegistry runs, HistoryStore history, Optional<URI> prometheus) {
    this.catalog = new RunCatalog(runs, history);
    this.history = history;
    this.prometheus = prometheus;
  }

  /** Sends what the history writes to the page's live events (call once, with the service's Vert.x). */
  public void publishTo(Vertx vertx) {
    history.sink(LiveEvents.publisher(vertx, catalog));
  }

  /** Adds the page and the API routes (except {@code /api/runs/{runId}}, the live state, which the caller serves). */
  public void mount(Vertx vertx, Router router) {
    RecordHandlers records = new RecordHandlers(vertx, history, catalog);
    AlertsHandler alerts = new AlertsHandler(vertx, rules, prometheus);
    LiveEvents events = new LiveEvents(vertx);
    router.get("/api/runs").handler(this::list);
    router.get("/api/runs/:runId/series").handler(records::series);
    router.get("/api/runs/:runId/export").handler(records::export);
    router.get("/api/runs/:runId/alerts").handler(alerts::alerts);
    router.get("/api/rules").handler(alerts::rules);
    router.get("/api/rules/file").handler(alerts::file);
    router.get("/api/events").handler(events::handle);

    // The page's own files change with the jar: no browser caching, so an upgrade shows at once.
    router.get("/static/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setMaxAgeSeconds(0));
    router.get("/vendor/uplot/*").handler(StaticHandler.create(WebJar.npm("uplot").root() + "/dist"));
    router.get("/").handler(WebUi::page);
    router.get("/runs/:runId").handler(WebUi::page);
    router.get("/compare").handler(WebUi::page);
  }

  private void list(RoutingContext ctx) {
    ctx.vertx().executeBlocking(() -> new JsonObject().put("runs", catalog.list()), false).onComplete(ar -> {
      if (ar.succeeded()) {
        Json.send(ctx, 200, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  private static void page(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-cache").sendFile(INDEX);
  }
}
