package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.EngineFailover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Liveness and readiness: the broker answers {@code describeCluster} within a short timeout (the
 * answer is cached for a few seconds), the consumer holds a group assignment, and the Betti engine
 * can compute (a GPU that failed with no fallback holds the samples until a restart: DOWN, with the
 * failure as the reason). The engine's state is in every answer, for the page's health view.
 */
final class HealthCheck {

  private static final long CACHE_MS = 3_000;
  private static final int TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Admin admin;
  private final BooleanSupplier consumerAssigned;
  private final EngineFailover engine;
  private volatile long checkedAt;
  private volatile String brokerProblem = "not checked yet";
  private Future<String> inProgress;

  HealthCheck(Vertx vertx, Admin admin, BooleanSupplier consumerAssigned, EngineFailover engine) {
    this.vertx = vertx;
    this.admin = admin;
    this.consumerAssigned = consumerAssigned;
    this.engine = engine;
  }

  /**
   * Resolves to {@code {"status":"UP"|"DOWN", "broker_reachable":…, "consumer_assigned":…, "reason":…,
   * "engine":{…}}}.
   */
  Future<JsonObject> check() {
    return brokerProblem().map(problem -> {
      boolean assigned = consumerAssigned.getAsBoolean();
      EngineFailover.Status e = engine.status();
      String reason = e.broken() ? "Betti engine broken, samples held until a restart: " + e.failure().orElse("")
          : problem != null ? "broker unreachable: " + problem
          : assigned ? null : "consumer has no partition assignment yet";
      return new JsonObject()
          .put("status", reason == null ? "UP" : "DOWN")
          .put("broker_reachable", problem == null)
          .put("consumer_assigned", assigned)
          .put("reason", reason)
          .put("engine", new JsonObject()
              .put("backend", e.engine())
              .put("configured", e.configured())
              .put("broken", e.broken())
              .put("failure", e.failure().orElse(null))
              .put("failures", new JsonObject(new java.util.TreeMap<String, Object>(e.failuresByKind())))
              .put("samples_recomputed", e.recomputed()));
    });
  }

  private synchronized Future<String> brokerProblem() {
    long now = System.currentTimeMillis();
    if (now - checkedAt < CACHE_MS) {
      return Future.succeededFuture(brokerProblem);
    }
    if (inProgress != null) {
      return inProgress;
    }
    Future<String> f = Future.fromCompletionStage(
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId().toCompletionStage(),
            vertx.getOrCreateContext())
        .map(id -> (String) null)
        .otherwise(e -> e.getClass().getSimpleName() + ": " + e.getMessage())
        .timeout(TIMEOUT_MS + 500, TimeUnit.MILLISECONDS)
        .otherwise("no answer within " + TIMEOUT_MS + " ms");
    inProgress = f;
    return f.onComplete(ar -> {
      synchronized (this) {
        brokerProblem = ar.result();
        checkedAt = System.currentTimeMillis();
        inProgress = null;
      }
    });
  }
}
