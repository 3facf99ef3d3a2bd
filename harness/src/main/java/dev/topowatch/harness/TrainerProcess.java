package dev.topowatch.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sample DJL trainer in its own JVM with {@code -javaagent:topowatch-agent.jar=…}: the way a user
 * attaches topowatch to a job. Its output goes to a log file; the step it reports is tracked.
 */
public final class TrainerProcess {

  /** The sample trainer's main class; it knows nothing of topowatch. */
  public static final String MAIN_CLASS = "dev.topowatch.trainer.FashionMnistTrainer";

  private static final Pattern STEP = Pattern.compile("\\bstep\\s+(\\d+)");

  private final Process process;
  private final AtomicLong lastStep = new AtomicLong(-1);
  private final List<String> dataLines = new java.util.concurrent.CopyOnWriteArrayList<>();

  private TrainerProcess(Process process) {
    this.process = process;
  }

  /**
   * Starts the trainer with this JVM's class path (it holds DJL and the trainer) and the agent.
   *
   * @param agentOptions agent keys, e.g. {@code kafka.bootstrap}; joined as {@code key=value,…}
   */
  public static TrainerProcess start(Path agentJar, Map<String, String> agentOptions, List<String> trainerArgs, Path log)
      throws IOException {
    ProcessBuilder builder = command(agentJar, join(agentOptions), trainerArgs, "2g").redirectErrorStream(true);
    TrainerProcess trainer = new TrainerProcess(builder.start());
    trainer.copyOutput(log);
    return trainer;
  }

  /**
   * The trainer's command line, as a user writes it: {@code java -javaagent:JAR=ARGS -cp CP MAIN ARGS},
   * with this JVM's class path (it holds DJL and the trainer) and DJL kept offline.
   *
   * @param agentJar the shaded agent jar, or null to run without the agent
   * @param agentArgs the text after {@code =} in {@code -javaagent}, may be empty
   */
  public static ProcessBuilder command(Path agentJar, String agentArgs, List<String> trainerArgs, String heap) {
    return command(Path.of(System.getProperty("java.home")), agentJar, agentArgs, trainerArgs, heap);
  }

  /**
   * As {@link #command(Path, String, List, String)}, on another Java runtime: users' training JVMs
   * may be as old as JDK 17, which the agent and the sample trainer are built for.
   *
   * @param javaHome the runtime's home folder (its {@code bin/java} runs the trainer)
   */
  public static ProcessBuilder command(Path javaHome, Path agentJar, String agentArgs, List<String> trainerArgs,
      String heap) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    if (agentJar != null) {
      command.add("-javaagent:" + agentJar.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
    }
    command.add("-Xmx" + heap);
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(trainerClassPath(System.getProperty("java.class.path")));
    command.add(MAIN_CLASS);
    command.addAll(trainerArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DJL_OFFLINE", "true");
    // Only the options given here configure the agent, not the environment of whoever runs this.
    builder.environment().keySet().removeIf(k -> k.startsWith("TOPOWATCH_"));
    return builder;
  }

  /**
   * This JVM's class path without the agent's plain jar or classes (a launcher that also runs
   * {@code rank} has them for the agent's layer naming): the {@code -javaagent} jar brings the agent,
   * and an unshaded copy earlier on the class path would shadow its classes.
   */
  static String trainerClassPath(String classPath) {
    return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
        .filter(entry -> {
          Path p = Path.of(entry);
          String name = p.getFileName() == null ? "" : p.getFileName().toString();
          boolean agentJar = name.startsWith("topowatch-agent-") && name.endsWith(".jar");
          boolean agentClasses = p.endsWith(Path.of("agent", "target", "classes"));
          return !agentJar && !agentClasses;
        })
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  private static String join(Map<String, String> options) {
    return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private void copyOutput(Path log) throws IOException {
    ProcessOutput.copy(process, log, this::read, "topowatch-trainer-output");
  }

  private void read(String line) {
    if (line.startsWith("data: ")) {
      dataLines.add(line.substring("data: ".length()));
    }
    Matcher m = STEP.matcher(line);
    if (m.find()) {
      lastStep.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
    }
  }

  /** The highest step number the trainer has printed, -1 before the first. */
  public long lastReportedStep() {
    return lastStep.get();
  }

  /** What the trainer says of its data (training set, then validation set): Fashion-MNIST, or the synthetic fallback. */
  public String dataLine() {
    return dataLines.isEmpty() ? "data: (not reported yet)" : "data: " + String.join("; ", dataLines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the trainer to exit; its exit code, or -1 when it is still running after {@code timeout}. */
  public int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** SIGTERM (the agent's shutdown hook sends RunFinished), then a kill after 10 s. */
  public void stop() {
    GracefulStop.stop(process);
  }

  /** SIGTERM, then a kill after {@code grace} (a loaded machine may need longer than 10 s for the agent's last sends). */
  public void stop(Duration grace) {
    GracefulStop.stop(process, grace.toSeconds());
  }
}
