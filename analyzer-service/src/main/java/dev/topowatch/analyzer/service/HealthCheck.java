package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.EngineFailover;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Liveness and readiness: the broker answers {@code describeCluster} within a short timeout, the
 * consumer holds a group assignment, and the Betti engine can compute (a GPU that failed with no
 * fallback holds the samples until a restart: DOWN, with the failure as the reason). The engine's
 * state is in every answer, for the page's health view. Also the replication of the analyzer's topics
 * (activations, events, run state): partitions without a leader (their records can be neither
 * written nor read until one is elected) and under-replicated ones (fewer in-sync replicas than
 * replicas: a broker is down or behind; with fewer than {@code min.insync.replicas} in sync, {@code
 * acks=all} writes are refused). Neither makes the analyzer DOWN: it serves what it can and says what
 * is missing. The broker answers are cached for a few seconds.
 */
final class HealthCheck {

  private static final long CACHE_MS = 3_000;
  private static final int TIMEOUT_MS = 2_000;

  /** What the last look at the cluster found: a broker problem, or the topics' replication. */
  private record Probe(String brokerProblem, JsonObject replication) {}

  private final Vertx vertx;
  private final Admin admin;
  private final BooleanSupplier consumerAssigned;
  private final EngineFailover engine;
  private final List<String> topics;
  private volatile long checkedAt;
  private volatile Probe probe = new Probe("not checked yet", null);
  private Future<Probe> inProgress;

  HealthCheck(Vertx vertx, Admin admin, BooleanSupplier consumerAssigned, EngineFailover engine, List<String> topics) {
    this.vertx = vertx;
    this.admin = admin;
    this.consumerAssigned = consumerAssigned;
    this.engine = engine;
    this.topics = List.copyOf(topics);
  }

  /**
   * Resolves to {@code {"status":"UP"|"DOWN", "broker_reachable":…, "consumer_assigned":…, "reason":…,
   * "engine":{…}, "replication":{"state":"OK"|"UNDER_REPLICATED"|"LEADERLESS"|"UNKNOWN", "partitions":…,
   * "under_replicated":[…], "leaderless":[…]}}}.
   */
  Future<JsonObject> check() {
    return probe().map(p -> {
      boolean assigned = consumerAssigned.getAsBoolean();
      EngineFailover.Status e = engine.status();
      String reason = e.broken() ? "Betti engine broken, samples held until a restart: " + e.failure().orElse("")
          : p.brokerProblem() != null ? "broker unreachable: " + p.brokerProblem()
          : assigned ? null : "consumer has no partition assignment yet";
      return new JsonObject()
          .put("status", reason == null ? "UP" : "DOWN")
          .put("broker_reachable", p.brokerProblem() == null)
          .put("consumer_assigned", assigned)
          .put("reason", reason)
          .put("engine", new JsonObject()
              .put("backend", e.engine())
              .put("configured", e.configured())
              .put("broken", e.broken())
              .put("failure", e.failure().orElse(null))
              .put("failures", new JsonObject(new java.util.TreeMap<String, Object>(e.failuresByKind())))
              .put("samples_recomputed", e.recomputed()))
          .put("replication", p.replication() != null ? p.replication() : new JsonObject().put("state", "UNKNOWN"));
    });
  }

  private synchronized Future<Probe> probe() {
    long now = System.currentTimeMillis();
    if (now - checkedAt < CACHE_MS) {
      return Future.succeededFuture(probe);
    }
    if (inProgress != null) {
      return inProgress;
    }
    Future<Probe> f = Future.fromCompletionStage(
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId().toCompletionStage(),
            vertx.getOrCreateContext())
        .compose(id -> replication().map(r -> new Probe(null, r)))
        .otherwise(e -> new Probe(e.getClass().getSimpleName() + ": " + e.getMessage(), null))
        .timeout(2L * TIMEOUT_MS + 500, TimeUnit.MILLISECONDS)
        .otherwise(new Probe("no answer within " + TIMEOUT_MS + " ms", null));
    inProgress = f;
    return f.onComplete(ar -> {
      synchronized (this) {
        probe = ar.result();
        checkedAt = System.currentTimeMillis();
        inProgress = null;
      }
    });
  }

  /** The topics' partitions without a leader or with fewer in-sync replicas than replicas; UNKNOWN if not described. */
  private Future<JsonObject> replication() {
    return Future.fromCompletionStage(
            admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS)).allTopicNames().toCompletionStage(),
            vertx.getOrCreateContext())
        .map(HealthCheck::replicationOf)
        .otherwise(e -> new JsonObject().put("state", "UNKNOWN").put("reason", e.getClass().getSimpleName() + ": " + e.getMessage()));
  }

  static JsonObject replicationOf(Map<String, TopicDescription> described) {
    List<String> leaderless = new ArrayList<>();
    List<String> underReplicated = new ArrayList<>();
    int partitions = 0;
    for (TopicDescription t : described.values()) {
      for (TopicPartitionInfo p : t.partitions()) {
        partitions++;
        String name = t.name() + "-" + p.partition();
        if (p.leader() == null || p.leader().isEmpty()) {
          leaderless.add(name);
        } else if (p.isr().size() < p.replicas().size()) {
          underReplicated.add(name);
        }
      }
    }
    leaderless.sort(null);
    underReplicated.sort(null);
    String state = !leaderless.isEmpty() ? "LEADERLESS" : !underReplicated.isEmpty() ? "UNDER_REPLICATED" : "OK";
    return new JsonObject().put("state", state).put("partitions", partitions)
        .put("leaderless", new JsonArray(leaderless)).put("under_replicated", new JsonArray(underReplicated));
  }
}
