package dev.topowatch.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trainers' class path leaves out the agent's plain jar and classes, keeps everything else. */
class TrainerClassPathTest {
  @Test
  void agentLeftOut() {
    String cp = String.join(java.io.File.pathSeparator,
        "/w/experiment/target/classes", "/w/experiment/target/lib/topowatch-agent-0.1.0-SNAPSHOT.jar",
        "/w/experiment/target/lib/api-0.36.0.jar", "/w/agent/target/classes", "/w/rank/target/classes",
        "/w/lib/topowatch-agent-helper.txt");
    assertThat(TrainerProcess.trainerClassPath(cp)).isEqualTo(String.join(java.io.File.pathSeparator,
        "/w/experiment/target/classes", "/w/experiment/target/lib/api-0.36.0.jar", "/w/rank/target/classes",
        "/w/lib/topowatch-agent-helper.txt"));
  }
}
