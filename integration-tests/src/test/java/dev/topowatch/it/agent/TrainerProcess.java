package dev.topowatch.it.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the sample trainer in a child JVM with the agent attached, as a user would: {@code java
 * -javaagent:topowatch-agent.jar=ARGS -cp CLASSPATH dev.topowatch.trainer.FashionMnistTrainer ...}.
 */
final class TrainerProcess {
  static final String MAIN = "dev.topowatch.trainer.FashionMnistTrainer";

  /** What a finished run left behind. */
  record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
    String describe() {
      return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + stdout + "\n--- stderr\n" + tail(stderr);
    }

    private static String tail(String s) {
      return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
  }

  private TrainerProcess() {}

  /** The test class path minus the (unshaded) agent artifact: the agent comes only through -javaagent. */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> !e.contains("topowatch-agent"))
        .collect(Collectors.joining(File.pathSeparator));
  }

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
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    if (agentArgs != null) {
      command.add("-javaagent:" + AgentJar.require() + "=" + agentArgs);
    }
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(classPath());
    command.add(MAIN);
    command.addAll(trainerArgs);
    Files.createDirectories(workDir);
    Path out = workDir.resolve("stdout.txt");
    Path err = workDir.resolve("stderr.txt");
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("DJL_OFFLINE", "true");
    pb.environment().keySet().removeIf(k -> k.startsWith("TOPOWATCH_"));
    return pb.start();
  }
}
