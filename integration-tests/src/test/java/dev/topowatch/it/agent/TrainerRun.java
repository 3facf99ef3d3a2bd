package dev.topowatch.it.agent;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.TrainerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the sample trainer in a child JVM with the agent attached, as a user would (the command line
 * is {@link TrainerProcess#command}), and collects its stdout and stderr.
 */
final class TrainerRun {
  /** What a finished run left behind. */
  record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
    String describe() {
      return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + stdout + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String s) {
      return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
  }

  private TrainerRun() {}

  /**
   * Runs the trainer and waits for it.
   *
   * @param agentArgs the text after {@code =} in -javaagent, or null for no agent
   */
  static Result run(Path workDir, String agentArgs, List<String> trainerArgs, Duration timeout)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = start(workDir, agentArgs, trainerArgs);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("trainer did not finish within " + timeout + "\n" + Files.readString(workDir.resolve("stderr.txt")));
    }
    return result(workDir, p, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The outcome of a process started with {@link #start} that has ended. */
  static Result result(Path workDir, Process p, Duration elapsed) throws IOException {
    return new Result(
        p.exitValue(),
        Files.readString(workDir.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(workDir.resolve("stderr.txt"), StandardCharsets.UTF_8),
        elapsed);
  }

  /** Starts the trainer; stdout and stderr go to files in {@code workDir}. */
  static Process start(Path workDir, String agentArgs, List<String> trainerArgs) throws IOException {
    return start(Path.of(System.getProperty("java.home")), workDir, agentArgs, trainerArgs);
  }

  /** Starts the trainer on the Java runtime at {@code javaHome}. */
  static Process start(Path javaHome, Path workDir, String agentArgs, List<String> trainerArgs) throws IOException {
    Path agentJar = agentArgs == null ? null : RepoLayout.find().agentJar();
    ProcessBuilder pb = TrainerProcess.command(javaHome, agentJar, agentArgs == null ? "" : agentArgs, trainerArgs, "1g");
    Files.createDirectories(workDir);
    return pb.redirectOutput(workDir.resolve("stdout.txt").toFile()).redirectError(workDir.resolve("stderr.txt").toFile()).start();
  }
}
