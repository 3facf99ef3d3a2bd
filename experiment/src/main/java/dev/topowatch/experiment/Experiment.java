package dev.topowatch.experiment;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.experiment.grid.Budget;
import dev.topowatch.experiment.grid.EarlyWarningPlan;
import dev.topowatch.experiment.grid.ThresholdModes;
import dev.topowatch.experiment.grid.GridRunner;
import dev.topowatch.experiment.zoo.ZooCommand;
import dev.topowatch.trainer.FashionMnistTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code experiment run} trains the grid through the real pipeline and records it to CSV; {@code
 * experiment report} makes the results page, its plots and the alert-replay rule tests from those
 * CSVs alone (no training).
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    subcommands = {Experiment.Run.class, ReportCommand.class, ZooCommand.class},
    description = "What the topology signal says about generalisation: run the grid, then report.")
public final class Experiment {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Experiment()).execute(args));
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Train the grid (trainer JVMs with the agent -> Kafka -> analyzer) and record every run under --out.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--budget", description = "full (3 seeds per kind, about half an hour on an idle 2-core machine) or tiny (a few steps, one seed per kind); default ${DEFAULT-VALUE}")
    String budget = "full";

    @Option(names = "--set", description = "grid (the grid of kinds), early-warning (warm-up to high peak rates beside"
        + " controls, docs/preregistration.md), early-warning-extra (its exploratory higher peaks) or early-warning-diverging (amendment 2: no warm-up); default ${DEFAULT-VALUE}")
    String set = "grid";

    @Option(names = "--threshold-mode", description = "the analyzer's engine.threshold-mode for the grid: absolute (η 0..1.75, the "
        + "default), quantile (q 0.1..0.9) or standardised (z −1..1.5), to compare them on the same plan (use one --out per mode)")
    String thresholdMode = "absolute";

    @Option(names = "--out", required = true, description = "output folder: runs/<run id>/*.csv, analyzer/, grid.log")
    Path out;

    @Option(names = "--data-dir", description = "Fashion-MNIST IDX files (default ${DEFAULT-VALUE})")
    Path dataDir = FashionMnistTrainer.DEFAULT_DATA_DIR;

    @Option(names = "--agent-jar", description = "the agent jar (default: agent/target/topowatch-agent.jar of this checkout)")
    Path agentJar;

    @Override
    public Integer call() throws Exception {
      Budget b;
      try {
        b = Budget.of(budget);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--budget must be full or tiny, was " + budget);
      }
      if (!java.nio.file.Files.isRegularFile(dataDir.resolve("train-images-idx3-ubyte.gz"))
          && !java.nio.file.Files.isRegularFile(dataDir.resolve("train-images-idx3-ubyte"))) {
        System.err.println("Fashion-MNIST not found in " + dataDir + ": install Debian's dataset-fashion-mnist (the grid never trains on synthetic data)");
        return 1;
      }
      java.nio.file.Files.createDirectories(out);
      // Before the first logger exists: the analyzer's and the broker's logs go to a file.
      System.setProperty("org.slf4j.simpleLogger.logFile", out.resolve("analyzer.log").toString());
      Path agent = agentJar != null ? agentJar : RepoLayout.find().agentJar();
      GridRunner runner = new GridRunner(out, agent, dataDir, System.out);
      switch (set) {
        case "grid" -> runner.run(b, b.plan(), ThresholdModes.settings(thresholdMode));
        case "early-warning" -> runner.run(b, EarlyWarningPlan.plan(b), EarlyWarningPlan.ANALYZER);
        case "early-warning-extra" -> runner.run(b, EarlyWarningPlan.extra(b), EarlyWarningPlan.ANALYZER);
        case "early-warning-diverging" -> runner.run(b, EarlyWarningPlan.diverging(b), EarlyWarningPlan.ANALYZER);
        default -> throw new CommandLine.ParameterException(new CommandLine(this), "--set must be grid, early-warning, early-warning-extra or early-warning-diverging, was " + set);
      }
      return 0;
    }
  }
}
