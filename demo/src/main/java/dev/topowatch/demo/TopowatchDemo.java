package dev.topowatch.demo;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.AnalyzerClient;
import dev.topowatch.harness.TrainerProcess;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.service.AnalyzerService;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo a new user runs: the analyzer with its embedded Kafka broker in this JVM, the sample DJL
 * trainer in its own JVM with {@code -javaagent:topowatch-agent.jar}, and a live terminal view read
 * from the analyzer's HTTP API; the web page is on the analyzer's port. After training the analyzer
 * keeps serving, so every address printed works, until Ctrl-C ({@code --exit-when-done} ends it at
 * once). Each demo starts from an empty data directory unless {@code --keep-data}.
 */
@Command(
    name = "topowatch-demo",
    mixinStandardHelpOptions = true,
    description = "Train a small CNN on Fashion-MNIST with the topowatch agent and watch Betti numbers, Ω and θ live.")
public final class TopowatchDemo implements Callable<Integer> {

  @Option(names = "--steps", description = "training steps in all (default ${DEFAULT-VALUE})")
  int steps = 300;

  @Option(names = "--epochs", description = "epochs the steps are split into; validation runs at each end (default ${DEFAULT-VALUE})")
  int epochs = 3;

  @Option(names = "--batch-size", description = "batch size (default ${DEFAULT-VALUE})")
  int batchSize = 32;

  @Option(names = "--alpha", description = "PowerGrad α in [0, 1]; unset = ordinary training")
  Double alpha;

  @Option(names = "--sample-every", description = "sample layer outputs every N steps (default ${DEFAULT-VALUE})")
  int sampleEvery = 10;

  @Option(names = "--sample-size", description = "samples per layer per sampled step (default ${DEFAULT-VALUE})")
  int sampleSize = 8;

  @Option(names = "--threshold", description = "threshold η shown in the table (default ${DEFAULT-VALUE})")
  String threshold = "0.5";

  @Option(names = "--synthetic", description = "use the synthetic data set even when Fashion-MNIST is installed")
  boolean synthetic;

  @Option(names = "--http-port", description = "analyzer HTTP port (default ${DEFAULT-VALUE})")
  int httpPort = 8080;

  @Option(names = "--kafka-port", description = "embedded broker port (default ${DEFAULT-VALUE})")
  int kafkaPort = 9092;

  @Option(names = "--data-dir", description = "broker data, journals, run history and logs (default ~/.topowatch/demo)")
  Path dataDir = Path.of(System.getProperty("user.home"), ".topowatch", "demo");

  @Option(names = "--keep-data", description = "keep the runs of earlier demos (default: start from an empty data directory)")
  boolean keepData;

  @Option(names = "--exit-when-done", description = "stop the analyzer as soon as training ends (for scripts and tests);"
      + " by default it keeps serving the page until Ctrl-C")
  boolean exitWhenDone;

  @Option(names = "--prometheus-url", description = "a Prometheus that scrapes this analyzer with the shipped rules"
      + " (docs/prometheus-grafana.md): the page then shows which alert rules hold for the run")
  String prometheusUrl;

  @Option(names = "--agent-jar", description = "the agent jar (default: agent/target/topowatch-agent.jar of this checkout)")
  Path agentJar;

  /** The processed count stood still this long after training: the analyzer has caught up. */
  static final Duration CATCH_UP_QUIET = Duration.ofSeconds(5);

  /**
   * The longest the summary waits for the analyzer after training ended. An idle machine catches
   * up within seconds; this leaves a heavily loaded one minutes before the demo gives up waiting.
   */
  static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(3);

  private final PrintStream out = System.out;
  private final RunReading reading = new RunReading();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopowatchDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || epochs < 1 || steps < epochs) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--steps and --epochs must be at least 1, and --steps at least --epochs");
    }
    if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--alpha must be in [0, 1], was " + alpha);
    }
    URI page = URI.create("http://127.0.0.1:" + httpPort + "/");
    out.println("open " + page);
    Path agent = agentJar != null ? agentJar : RepoLayout.find().agentJar();
    if (keepData) {
      Files.createDirectories(dataDir);
    } else {
      try {
        DemoDataDir.empty(dataDir);
      } catch (IllegalArgumentException notADemoDir) {
        throw new CommandLine.ParameterException(new CommandLine(this), notADemoDir.getMessage());
      }
    }
    Path analyzerLog = dataDir.resolve("analyzer.log");
    Path trainerLog = dataDir.resolve("trainer.log");
    // Before the first logger exists: the analyzer's and the broker's logs go to a file, not the screen.
    System.setProperty("org.slf4j.simpleLogger.logFile", analyzerLog.toString());

    String runId = "demo-" + Long.toString(Instant.now().getEpochSecond(), 36);
    out.printf("topowatch demo: run %s, %d steps in %d epochs, PowerGrad %s, sampling every %d steps x %d samples%n",
        runId, steps, epochs, alpha == null ? "off" : "α=" + alpha, sampleEvery, sampleSize);
    out.printf("starting the analyzer and its embedded Kafka broker on 127.0.0.1:%d (log: %s)...%n", kafkaPort, analyzerLog);
    AnalyzerService analyzer = AnalyzerService.start(AnalyzerConfig.of(analyzerSettings()));
    TrainerProcess trainer = null;
    Thread stopOnCtrlC = null;
    try {
      URI api = URI.create("http://127.0.0.1:" + analyzer.httpPort() + "/");
      out.println("the page is up: " + api.resolve("/runs/" + runId));
      trainer = TrainerProcess.start(agent, agentOptions(analyzer.bootstrapServers(), runId), trainerArgs(), trainerLog);
      TrainerProcess started = trainer;
      stopOnCtrlC = new Thread(() -> {
        started.stop();
        analyzer.close();
      }, "topowatch-demo-stop");
      Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
      out.printf("trainer started with -javaagent:%s (log: %s)%n", agent, trainerLog);
      JsonNode last = watch(new AnalyzerClient(api), runId, api, trainer);
      int exit = trainer.waitFor(Duration.ofSeconds(30));
      printSummary(last, runId, api, trainer, trainerLog, exit);
      if (!exitWhenDone) {
        // The addresses above stay valid: the analyzer serves the page and the API until Ctrl-C.
        out.println("training is over; the analyzer keeps serving " + api + " until you press Ctrl-C.");
        out.flush();
        Thread.currentThread().join();
      }
      return exit == 0 ? 0 : 1;
    } finally {
      if (trainer != null) {
        trainer.stop();
      }
      analyzer.close();
      if (stopOnCtrlC != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is already stopping everything.
        }
      }
    }
  }

  /**
   * Redraws the view every second while the trainer runs, then until the analyzer has caught up
   * (its processed count stood still for {@link #CATCH_UP_QUIET}), or {@link #CATCH_UP_LIMIT} after
   * training ended, whichever comes first.
   */
  private JsonNode watch(AnalyzerClient api, String runId, URI page, TrainerProcess trainer) throws Exception {
    boolean tty = System.console() != null;
    JsonNode run = null;
    String label = threshold;
    CatchUp catchUp = null;
    while (true) {
      run = fetch(api, runId, run);
      reading.observe(run);
      if (run != null) {
        label = LiveView.pickThreshold(run, threshold);
      }
      String frame = new LiveView(label, steps).render(run, trainer.lastReportedStep());
      out.print(tty ? "\033[H\033[2J" + header(runId, page) + trainer.dataLine() + "\n" + frame : frame + "\n");
      out.flush();
      if (!trainer.isAlive()) {
        catchUp = catchUp != null ? catchUp : new CatchUp(CATCH_UP_QUIET, CATCH_UP_LIMIT, Instant.now());
        long processed = run == null ? 0 : run.path("samples_processed").asLong();
        switch (catchUp.observe(processed, Instant.now())) {
          case CAUGHT_UP -> {
            return run;
          }
          case GAVE_UP -> {
            out.printf("the analyzer was still processing this run's samples %d min after training ended (%d so far):"
                + " the summary below shows what it had then; the page keeps updating.%n", catchUp.limit().toMinutes(), processed);
            return run;
          }
          case WAITING -> { }
        }
      }
      Thread.sleep(tty ? 1000 : 5000);
    }
  }

  private static JsonNode fetch(AnalyzerClient api, String runId, JsonNode previous) {
    JsonNode run = api.run(runId);
    return run != null ? run : previous;
  }

  private static String header(String runId, URI page) {
    return String.format(Locale.ROOT, "topowatch demo - run %s - open %s - Ctrl-C stops%n%n", runId, page.resolve("/runs/" + runId));
  }

  private void printSummary(JsonNode run, String runId, URI api, TrainerProcess trainer, Path trainerLog, int trainerExit) {
    out.println();
    out.println("=== summary ===");
    out.printf("trainer exit code %d; its log: %s%n", trainerExit, trainerLog);
    out.println(trainer.dataLine());
    if (run == null) {
      out.println("the analyzer received nothing from the agent: see the trainer log for [topowatch] lines.");
      return;
    }
    String label = LiveView.pickThreshold(run, threshold);
    out.print(new LiveView(label, steps).render(run, -1));
    JsonNode history = run.path("theta").path(label);
    List<String> points = new ArrayList<>();
    for (JsonNode p : history) {
      points.add(String.format(Locale.ROOT, "%d:%.4f", p.path("step").asLong(), p.path("theta").asDouble()));
    }
    out.println("θ by step at η=" + label + ": " + (points.isEmpty() ? "none" : String.join("  ", points)));
    out.println("the run's page: " + api.resolve("/runs/" + runId));
    out.println("all runs: " + api + "   its data: " + api.resolve("/api/runs/" + runId + "/export?format=csv")
        + "   metrics: " + api.resolve("/metrics"));
    out.println(reading.line(run, label));
  }

  private Map<String, String> analyzerSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(AnalyzerConfig.HTTP_PORT, String.valueOf(httpPort));
    settings.put(AnalyzerConfig.KAFKA_PORT, String.valueOf(kafkaPort));
    settings.put(AnalyzerConfig.DATA_DIR, dataDir.toString());
    settings.put(AnalyzerConfig.ENGINE_LAYER_WAIT, "10s");
    if (prometheusUrl != null) {
      settings.put(AnalyzerConfig.UI_PROMETHEUS_URL, prometheusUrl);
    }
    return settings;
  }

  private Map<String, String> agentOptions(String bootstrap, String runId) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("kafka.bootstrap", bootstrap);
    options.put("run.id", runId);
    options.put("job.name", "fashion-mnist-demo");
    options.put("sample.every", String.valueOf(sampleEvery));
    options.put("sample.size", String.valueOf(sampleSize));
    options.put("metrics.every", "1");
    if (alpha != null) {
      options.put("powergrad.alpha", String.valueOf(alpha));
    }
    return options;
  }

  private List<String> trainerArgs() {
    // --total-steps, not --steps per epoch: 200 steps in 3 epochs are 67 + 67 + 66, not 3 × 67.
    List<String> args = new ArrayList<>(List.of(
        "--total-steps", String.valueOf(steps), "--epochs", String.valueOf(epochs),
        "--batch-size", String.valueOf(batchSize), "--validation", "--log-every", "1"));
    if (synthetic) {
      args.add("--synthetic");
    }
    return args;
  }
}
