package dev.topowatch.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.broker.SharedBroker;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.TrainingEvent;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training JVM stopped before training returns: the agent's Prometheus endpoint was serving its
 * counters while it ran, and its shutdown hook reports the run as INTERRUPTED.
 */
class AgentLifecycleTest {
  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  @TempDir static Path dir;

  @BeforeAll
  static void agentJarIsBuilt() {
    RepoLayout.find().agentJar();
  }

  @Test
  void servesCountersWhileRunningAndReportsAnInterruptedRun() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String runId = "it-interrupted";
    Path work = dir.resolve("run");
    Process p = TrainerRun.start(work,
        "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId + ",sample.every=20,metrics.port=" + port,
        List.of("--synthetic", "--steps", "5", "--epochs", "100000", "--batch-size", "8", "--log-every", "0"));
    try {
      Telemetry running = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(60),
          t -> t.samples.size() > 0);
      assertThat(running.samples).as("samples while running").isNotEmpty();
      HttpResponse<String> scrape = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .containsPattern("(?m)^topowatch_agent_samples_sent_total [1-9]")
          .contains("topowatch_agent_samples_dropped_total{reason=\"queue_full\"} 0")
          .contains("topowatch_agent_events_sent_total")
          .contains("topowatch_agent_queue_bytes");
    } finally {
      p.destroy(); // SIGTERM: the JVM runs its shutdown hooks
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    TrainerRun.Result result = TrainerRun.result(work, p, Duration.ZERO);
    assertThat(result.stdout()).doesNotContain("summary:");
    assertThat(result.stderr()).contains("[topowatch] run it-interrupted interrupted after");
    Telemetry t = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(30));
    assertThat(t.events).filteredOn(TrainingEvent::hasRunFinished).hasSize(1);
    assertThat(t.runFinished().getStatus()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(t.runFinished().getStepCount()).isPositive();
    assertThat(t.runFinished().getSamplesSent()).isPositive();
  }
}
