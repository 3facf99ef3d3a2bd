package dev.topowatch.analyzer.web;

import dev.topowatch.analyzer.access.ApiAccess;
import dev.topowatch.analyzer.history.HistoryStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code GET /api/events[?run=ID…]}: server-sent events for the page. Each history flush (about
 * twice a second while a run streams) becomes an {@code event: run} with the run's row of {@code
 * /api/runs}, to every client, and an {@code event: records} with the new history lines of the runs
 * a client named, in the order the history wrote them. A client that cannot keep up is disconnected
 * rather than sent a series with holes: its EventSource reconnects and the page reloads what it shows.
 * A stream let in by a session ends when the session does (at the next event or ping, within 15 s).
 */
final class LiveEvents {

  static final String ADDRESS = "topowatch.history.flushed";
  private static final long PING_MS = 15_000;

  private final Vertx vertx;

  LiveEvents(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The history sink: every flush onto the event bus, with the run's current row. */
  static Consumer<HistoryStore.Flushed> publisher(Vertx vertx, RunCatalog catalog) {
    return flushed -> {
      String runId = flushed.summary().runId();
      JsonObject row = catalog.row(runId).orElseGet(() -> RunCatalog.recorded(flushed.summary()));
      vertx.eventBus().publish(ADDRESS, new JsonObject().put("run_id", runId).put("row", row)
          .put("lines", new JsonArray(flushed.lines())));
    };
  }

  void handle(RoutingContext ctx) {
    Set<String> runIds = Set.copyOf(ctx.queryParam("run"));
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS, message -> {
      if (response.closed() || response.ended()) {
        return;
      }
      if (response.writeQueueFull() || !ApiAccess.stillAllowed(ctx)) {
        response.end(); // the client reconnects: to reload, or to be refused (its session ended)
        return;
      }
      JsonObject m = message.body();
      response.write("event: run\ndata: " + m.getJsonObject("row").encode() + "\n\n");
      JsonArray lines = m.getJsonArray("lines");
      if (runIds.contains(m.getString("run_id")) && !lines.isEmpty()) {
        response.write("event: records\ndata: " + records(m.getString("run_id"), lines) + "\n\n");
      }
    });
    // Only now do the headers go out: a client that loads its snapshot once the stream is open (the
    // page does) cannot miss a flush published between the two.
    response.write("retry: 2000\n\n");
    long ping = vertx.setPeriodic(PING_MS, id -> {
      if (response.closed() || response.ended()) {
        return;
      }
      if (ApiAccess.stillAllowed(ctx)) {
        response.write(": ping\n\n"); // keeps proxies from closing an idle stream
      } else {
        response.end();
      }
    });
    Runnable stop = () -> {
      consumer.unregister();
      vertx.cancelTimer(ping);
    };
    response.closeHandler(v -> stop.run());
    response.endHandler(v -> stop.run());
  }

  /** {@code {"run_id": …, "records": [line, …]}}; the lines are JSON already and go as they are. */
  private static String records(String runId, JsonArray lines) {
    StringBuilder out = new StringBuilder("{\"run_id\":").append(io.vertx.core.json.Json.encode(runId)).append(",\"records\":[");
    for (int i = 0; i < lines.size(); i++) {
      out.append(i == 0 ? "" : ",").append(lines.getString(i));
    }
    return out.append("]}").toString();
  }
}
