package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.stream.EngineFailover;
import dev.topowatch.topology.CpuBettiEngine;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.List;
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
      HealthCheck health = new HealthCheck(vertx, admin, () -> true, new EngineFailover(new CpuBettiEngine(1), null, null),
          List.of("t"));
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

  @Test
  void partitionsWithoutALeaderOrWithReplicasOutOfSyncAreNamed() {
    org.apache.kafka.common.Node n1 = new org.apache.kafka.common.Node(1, "h", 1);
    org.apache.kafka.common.Node n2 = new org.apache.kafka.common.Node(2, "h", 2);
    org.apache.kafka.common.Node n3 = new org.apache.kafka.common.Node(3, "h", 3);
    List<org.apache.kafka.common.Node> all = List.of(n1, n2, n3);
    var healthy = new org.apache.kafka.common.TopicPartitionInfo(0, n1, all, all);
    var behind = new org.apache.kafka.common.TopicPartitionInfo(1, n1, all, List.of(n1, n2));
    var leaderless = new org.apache.kafka.common.TopicPartitionInfo(2, null, all, List.of());
    var t = new org.apache.kafka.clients.admin.TopicDescription("a", false, List.of(healthy, behind, leaderless));
    JsonObject r = HealthCheck.replicationOf(Map.of("a", t));
    assertThat(r.getString("state")).isEqualTo("LEADERLESS");
    assertThat(r.getInteger("partitions")).isEqualTo(3);
    assertThat(r.getJsonArray("leaderless").getList()).containsExactly("a-2");
    assertThat(r.getJsonArray("under_replicated").getList()).containsExactly("a-1");
    var recovered = new org.apache.kafka.clients.admin.TopicDescription("a", false, List.of(healthy, behind));
    assertThat(HealthCheck.replicationOf(Map.of("a", recovered)).getString("state")).isEqualTo("UNDER_REPLICATED");
    assertThat(HealthCheck.replicationOf(Map.of("a", new org.apache.kafka.clients.admin.TopicDescription("a", false, List.of(healthy))))
        .getString("state")).isEqualTo("OK");
  }
}
