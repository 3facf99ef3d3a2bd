package dev.topowatch.analyzer.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topowatch.analyzer.history.HistoryStore;
import dev.topowatch.analyzer.history.RunCsv;
import dev.topowatch.analyzer.history.RunSeries;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * A run's full record over HTTP: {@code GET /api/runs/{runId}/series} (the page's charts) and
 * {@code GET /api/runs/{runId}/export?format=csv|json} (a download). Both fold the record to one
 * value per step ({@link RunSeries}); files are read on a worker thread.
 */
final class RecordHandlers {

  private final Vertx vertx;
  private final HistoryStore history;
  private final RunCatalog catalog;

  RecordHandlers(Vertx vertx, HistoryStore history, RunCatalog catalog) {
    this.vertx = vertx;
    this.history = history;
    this.catalog = catalog;
  }

  /** {@code {"run": row of /api/runs, "records": [history lines, folded]}}. */
  void series(RoutingContext ctx) {
    String runId = ctx.pathParam("runId");
    vertx.executeBlocking(() -> document(runId), false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        Json.notFound(ctx, runId);
      } else {
        Json.send(ctx, 200, ar.result().get());
      }
    });
  }

  void export(RoutingContext ctx) {
    String runId = ctx.pathParam("runId");
    String format = Optional.ofNullable(ctx.queryParams().get("format")).orElse("json");
    if (!format.equals("json") && !format.equals("csv")) {
      Json.send(ctx, 400, new JsonObject().put("error", "format must be csv or json").put("format", format));
      return;
    }
    vertx.executeBlocking(() -> format.equals("csv") ? csv(runId) : document(runId).map(JsonObject::encodePrettily), false)
        .onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else if (ar.result().isEmpty()) {
            Json.notFound(ctx, runId);
          } else {
            ctx.response()
                .putHeader("content-type", format.equals("csv") ? "text/csv; charset=utf-8" : "application/json")
                .putHeader("content-disposition", "attachment; filename=\"" + fileName(runId) + "." + format + "\"")
                .end(ar.result().get());
          }
        });
  }

  private Optional<JsonObject> document(String runId) {
    Optional<JsonObject> row = catalog.row(runId);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<String> lines = history.lines(runId).orElse(List.of());
    JsonArray records = new JsonArray();
    for (ObjectNode record : RunSeries.fold(lines).records()) {
      records.add(new JsonObject(record.toString()));
    }
    return Optional.of(new JsonObject().put("run", row.get()).put("records", records));
  }

  private Optional<String> csv(String runId) {
    if (catalog.row(runId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(RunCsv.of(runId, RunSeries.fold(history.lines(runId).orElse(List.of()))));
  }

  /** The run id with everything but letters, digits, '-', '_' and '.' replaced, for a download name. */
  static String fileName(String runId) {
    return "topowatch-" + runId.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
