package dev.topowatch.experiment.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import dev.topowatch.harness.AnalyzerClient;
import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.probe.ActivationProbe;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import dev.topowatch.trainer.ImageData;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the grid through the real pipeline: one analyzer with its embedded Kafka broker for the whole
 * grid (runs told apart by run id), and for each job a trainer JVM with the agent. A job is done when
 * its {@code run.csv} exists; a grid started again skips those, so one that died at 80 % only redoes
 * the job it died in. The analyzer starts from an empty data directory every time: a half-recorded
 * job is trained again from scratch under the same id, and its old saved state must not mark its samples
 * as already seen.
 */
public final class GridRunner {

  /** Beyond this a job is killed and recorded as failed (exit code -1). */
  private static final Duration JOB_LIMIT = Duration.ofMinutes(30);

  private final Path out;
  private final Path agentJar;
  private final Path dataDir;
  private final PrintStream log;

  public GridRunner(Path out, Path agentJar, Path dataDir, PrintStream log) {
    this.out = out;
    this.agentJar = agentJar;
    this.dataDir = dataDir;
    this.log = log;
  }

  public void run(Budget budget) throws Exception {
    run(budget, budget.plan(), Map.of());
  }

  /**
   * Trains {@code plan} into {@code out}, skipping jobs recorded before, with the analyzer's settings
   * changed by {@code analyzerOverrides} (e.g. the early-warning set's thresholds).
   */
  public void run(Budget budget, List<RunSpec> plan, Map<String, String> analyzerOverrides) throws Exception {
    Path analyzerDir = out.resolve("analyzer");
    deleteTree(analyzerDir);
    Files.createDirectories(analyzerDir);
    Instant start = Instant.now();
    log.printf("grid: %d jobs (%s budget) into %s%n", plan.size(), budget.name().toLowerCase(), out.toAbsolutePath());
    Map<String, String> settings = analyzerSettings(analyzerDir);
    settings.putAll(analyzerOverrides);
    try (AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(settings));
        BettiEngine engine = BettiEngines.open("cpu").engine()) {
      AnalyzerClient api = new AnalyzerClient(URI.create("http://127.0.0.1:" + analyzer.httpPort() + "/"));
      AnalyzerConfig config = AnalyzerConfig.of(settings);
      for (int i = 0; i < plan.size(); i++) {
        RunSpec spec = plan.get(i);
        Path dir = out.resolve("runs").resolve(spec.id());
        if (Files.isRegularFile(dir.resolve("run.csv"))) {
          log.printf("[%d/%d] %s: done before, skipped%n", i + 1, plan.size(), spec.id());
          continue;
        }
        deleteTree(dir);
        Files.createDirectories(dir);
        log.printf("[%d/%d] %s: %d steps, sampled every %d%n", i + 1, plan.size(), spec.id(), spec.totalSteps(), spec.sampleEvery());
        runOne(spec, dir, analyzer.bootstrapServers(), new RunRecorder(api), engine, config, budget);
      }
    }
    log.printf("grid: finished in %s (this invocation)%n", Duration.between(start, Instant.now()).withNanos(0));
  }

  private void runOne(RunSpec spec, Path dir, String bootstrap, RunRecorder recorder, BettiEngine engine,
      AnalyzerConfig config, Budget budget) throws Exception {
    Instant started = Instant.now();
    String loadBefore = loadAverage();
    Process trainer = TrainerLaunch.start(agentJar, spec, bootstrap, dataDir, dir);
    int exit = trainer.waitFor(JOB_LIMIT.toMillis(), TimeUnit.MILLISECONDS) ? trainer.exitValue() : -1;
    if (exit == -1) {
      trainer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    double trainSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    if (exit != 0) {
      throw new IOException(spec.id() + ": the trainer exited with " + exit + "; see " + dir.resolve("trainer.log"));
    }
    JsonNode run;
    try {
      run = recorder.awaitSettled(spec);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; the trainer's log ends with:\n" + tail(dir.resolve("trainer.log"), 15), e);
    }
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("api.json").toFile(), run);
    RunRecorder.write(run, dir);
    SeriesRecorder.write(recorder.series(spec.id()), dir);
    if (spec.probe()) {
      ImageData test = ImageData.readIdx(dataDir, "t10k", spec.validationImages(), spec.testImages());
      if (test == null) {
        throw new IOException("Fashion-MNIST not found in " + dataDir + " (Debian: apt-get install dataset-fashion-mnist)");
      }
      Csv claims = new Csv(ActivationProbe.header());
      new ActivationProbe(engine, config.thresholds(), labels(run)).measure(dir.resolve("params"), test, probePlan(budget, spec), claims);
      claims.write(dir.resolve("claims.csv"));
    }
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    Csv summary = new Csv(List.of("run_id", "kind", "seed", "alpha", "train_images", "epochs", "batch_size", "learning_rate",
        "sample_every", "sample_size", "total_steps", "lr_warmup", "train_seconds", "seconds", "samples_processed", "samples_rejected",
        "agent_logit_norm", "started_utc", "load_before", "load_after"));
    summary.add(spec.id(), spec.kind().label(), spec.seed(), spec.alpha(), spec.trainImages(), spec.epochs(), spec.batchSize(),
        spec.learningRate(), spec.sampleEvery(), spec.sampleSize(), spec.totalSteps(), spec.lrWarmup(), trainSeconds, seconds,
        run.path("samples_processed").asLong(), run.path("samples_rejected").asLong(),
        run.path("step_metrics").path("logit_norm").isNumber() ? run.path("step_metrics").path("logit_norm").asDouble() : null,
        started.toString(), loadBefore, loadAverage());
    summary.write(dir.resolve("run.csv")); // last: its presence marks the job done
    log.printf("    %s: %.0f s (training %.0f s), %d samples analysed, %d rejected%n", spec.id(), seconds, trainSeconds,
        run.path("samples_processed").asLong(), run.path("samples_rejected").asLong());
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(" + log + " unreadable: " + e.getMessage() + ")";
    }
  }

  private static ActivationProbe.Plan probePlan(Budget budget, RunSpec spec) {
    return budget == Budget.FULL ? new ActivationProbe.Plan(4, 200, 1000L + spec.seed()) : new ActivationProbe.Plan(2, 8, 1000L + spec.seed());
  }

  private static List<String> labels(JsonNode run) {
    return java.util.stream.StreamSupport.stream(run.path("thresholds").spliterator(), false).map(JsonNode::asText).toList();
  }

  /**
   * The analyzer as a user runs it (default thresholds, construction and θ layer rule) on free ports,
   * with history and idle limits raised so that nothing of a run is dropped while the grid lasts.
   */
  private static Map<String, String> analyzerSettings(Path dir) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(AnalyzerConfig.HTTP_PORT, "0");
    s.put(AnalyzerConfig.KAFKA_PORT, "0");
    s.put(AnalyzerConfig.DATA_DIR, dir.toString());
    s.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "10s");
    s.put(AnalyzerConfig.RUNS_THETA_HISTORY, "100000");
    s.put(AnalyzerConfig.RUNS_IDLE_TIMEOUT, "7d");
    s.put(AnalyzerConfig.RUNS_MAX_LIVE, "1000");
    return s;
  }

  /** The 1-minute load average, to say honestly whether the machine was shared while a job ran. */
  private static String loadAverage() {
    try {
      return Arrays.stream(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
