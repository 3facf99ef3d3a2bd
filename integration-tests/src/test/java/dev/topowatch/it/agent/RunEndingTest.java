package dev.topowatch.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.broker.SharedBroker;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent tells how runs ended, in a real trainer JVM: a hand-written loop that throws (its
 * try-with-resources closes the trainer, picocli prints the exception and exits 1) is FAILED, not
 * COMPLETED; a script that fine-tunes with a second Trainer gets two runs, each complete.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RunEndingTest {
  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  @TempDir static Path dir;

  @BeforeAll
  static void agentJarIsBuilt() {
    RepoLayout.find().agentJar();
  }

  @Test
  void aHandWrittenLoopThatThrowsIsFailed() throws Exception {
    String runId = "it-throws";
    TrainerRun.Result r = TrainerRun.run(dir.resolve("throws"),
        "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId + ",sample.every=3",
        List.of("--synthetic", "--loop", "manual", "--steps", "20", "--fail-at-step", "7", "--batch-size", "8", "--log-every", "0"),
        Duration.ofMinutes(3));
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.stderr()).contains("injected failure before step 7");
    assertThat(r.stderr()).contains("[topowatch] run it-throws failed after 7 steps");
    Telemetry t = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(30));
    assertThat(t.events).filteredOn(TrainingEvent::hasRunFinished).hasSize(1);
    assertThat(t.runFinished().getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(t.runFinished().getStepCount()).isEqualTo(7);
    assertThat(t.samples).as("samples of steps 0, 3 and 6").isNotEmpty();
  }

  @Test
  void aSecondTrainerIsASecondRunAndBothComplete() throws Exception {
    String runId = "it-finetune";
    TrainerRun.Result r = TrainerRun.run(dir.resolve("finetune"),
        "kafka.bootstrap=" + KAFKA.bootstrapServers() + ",run.id=" + runId + ",sample.every=4",
        List.of("--synthetic", "--loop", "manual", "--steps", "12", "--fine-tune-steps", "6", "--batch-size", "8", "--log-every", "0"),
        Duration.ofMinutes(3));
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).contains("fine-tuned: 6 steps");

    Telemetry first = Telemetry.read(KAFKA.bootstrapServers(), runId, Duration.ofSeconds(30));
    Telemetry second = Telemetry.read(KAFKA.bootstrapServers(), runId + "-2", Duration.ofSeconds(30));
    for (Telemetry t : List.of(first, second)) {
      assertThat(t.events).filteredOn(TrainingEvent::hasRunStarted).hasSize(1);
      assertThat(t.events).filteredOn(TrainingEvent::hasRunFinished).hasSize(1);
      assertThat(t.runFinished().getStatus()).isEqualTo(RunStatus.COMPLETED);
      assertThat(t.runStarted().getLayersCount()).isEqualTo(first.runStarted().getLayersCount());
    }
    assertThat(first.runFinished().getStepCount()).isEqualTo(12);
    assertThat(second.runFinished().getStepCount()).isEqualTo(6);
    // Each run samples its own steps 0, 4, 8 (first) and 0, 4 (second): step numbers restart per run.
    assertThat(first.samples).extracting(s -> s.getStep()).containsOnly(0L, 4L, 8L);
    assertThat(second.samples).extracting(s -> s.getStep()).containsOnly(0L, 4L);
    assertThat(second.sampleKeys).allMatch(k -> k.startsWith(runId + "-2/"));
    assertThat(r.stderr()).contains("[topowatch] run it-finetune completed after 12 steps")
        .contains("[topowatch] run it-finetune-2 completed after 6 steps");
  }
}
