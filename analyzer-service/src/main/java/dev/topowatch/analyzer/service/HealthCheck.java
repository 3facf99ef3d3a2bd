package dev.topowatch.analyzer.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Liveness and readiness: the broker answers {@code describeCluster} within a short timeout (the
 * answer is cached for a few seconds) and the consumer holds a group assignment.
 */
final class HealthCheck {

  private static final long CACHE_MS = 3_000;
  private static final int TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final Admin admin;
  private final BooleanSupplier consumerAssigned;
  private volatile long checkedAt;
  private volatile String brokerProblem = "not checked yet";
  private Future<String> inProgress;

  HealthCheck(Vertx vertx, Admin admin, BooleanSupplier consumerAssigned) {
    this.vertx = vertx;
    this.admin = admin;
    this.consumerAssigned = consumerAssigned;
  }

  /** Resolves to {@code {"status":"UP"|"DOWN", "broker":…, "consumer_assigned":…, "reason":…}}. */
  Future<JsonObject> check() {
    return brokerProblem().map(problem -> {
      boolean assigned = consumerAssigned.getAsBoolean();
      String reason = problem != null ? "broker unreachable: " + problem : assigned ? null : "consumer has no partition assignment yet";
      return new JsonObject()
          .put("status", reason == null ? "UP" : "DOWN")
          .put("broker_reachable", problem == null)
          .put("consumer_assigned", assigned)
          .put("reason", reason);
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
