package dev.topowatch.experiment;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.experiment.grid.Budget;
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
      new GridRunner(out, agent, dataDir, System.out).run(b);
      return 0;
    }
  }
}
