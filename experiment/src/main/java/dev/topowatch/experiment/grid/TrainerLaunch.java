package dev.topowatch.experiment.grid;

import dev.topowatch.harness.TrainerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts one grid job: the sample trainer in its own JVM with {@code -javaagent}, exactly the command
 * line a user writes ({@link TrainerProcess#command}), plus what makes PyTorch on CPU fast and
 * repeatable on a shared 2-core machine: one intra-op and one inter-op thread, and glibc malloc's
 * mmap and trim thresholds pinned (without them a JVM may settle into mapping and unmapping
 * PyTorch's buffers every step, several times slower; see docs/agent.md, overhead).
 */
final class TrainerLaunch {

  private TrainerLaunch() {}

  static Process start(Path agentJar, RunSpec spec, String bootstrap, Path dataDir, Path dir) throws IOException {
    String agentArgs = spec.agentOptions(bootstrap).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    ProcessBuilder builder = TrainerProcess.command(agentJar, agentArgs, spec.trainerArgs(dataDir, dir), "1g");
    List<String> command = builder.command();
    command.addAll(1, List.of("-XX:+UseSerialGC", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1"));
    Map<String, String> env = builder.environment();
    env.put("OMP_NUM_THREADS", "1");
    env.put("MALLOC_MMAP_THRESHOLD_", "33554432");
    env.put("MALLOC_TRIM_THRESHOLD_", "268435456");
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("trainer.log").toFile());
    return builder.start();
  }
}
