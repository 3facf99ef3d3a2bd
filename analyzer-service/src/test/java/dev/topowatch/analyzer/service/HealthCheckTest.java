package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.EngineFailover;
import dev.topowatch.topology.CpuBettiEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  @Test
  void anUnreachableBrokerMakesTheServiceNotReadyWithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Vertx vertx = Vertx.vertx();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200"))) {
      HealthCheck health = new HealthCheck(vertx, admin, () -> true, new EngineFailover(new CpuBettiEngine(1), null, null));
      long start = System.nanoTime();
      JsonObject body = health.check().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
      assertThat(body.getString("status")).isEqualTo("DOWN");
      assertThat(body.getBoolean("broker_reachable")).isFalse();
      assertThat(body.getString("reason")).startsWith("broker unreachable");
      // The answer is cached: a second check does not wait again.
      long again = System.nanoTime();
      health.check().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again)).isLessThan(500);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
