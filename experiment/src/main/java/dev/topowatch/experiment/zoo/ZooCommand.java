package dev.topowatch.experiment.zoo;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.experiment.report.RankStudyReport;
import dev.topowatch.trainer.FashionMnistTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code experiment zoo run|report}: the model-zoo study of issue 18 (is θ a good transferability score?). */
@Command(name = "zoo", mixinStandardHelpOptions = true,
    description = "The model-zoo study: does θ before fine-tuning rank models by fine-tuned accuracy, against LogME, LEEP, NCE, H-score?",
    subcommands = {ZooCommand.Run.class, ZooCommand.Report.class})
public final class ZooCommand implements Runnable {
  /** Where the committed CSV files live. */
  static final String CSV_DIR = "docs/rank/zoo";

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "missing command: run or report");
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Pretrain, score and fine-tune the zoo; resumable (finished steps are rows in the CSV files and are skipped).")
  static final class Run implements Callable<Integer> {
    @Option(names = "--out", description = "CSV folder (default: docs/rank/zoo of this checkout)")
    Path out;

    @Option(names = "--models", required = true, description = "folder for the zoo's weights (keep it out of git)")
    Path models;

    @Option(names = "--budget", description = "full (the pre-registered study) or tiny (a pipeline check); default ${DEFAULT-VALUE}")
    String budget = "full";

    @Option(names = "--data-dir", description = "Fashion-MNIST IDX files (default ${DEFAULT-VALUE})")
    Path dataDir = FashionMnistTrainer.DEFAULT_DATA_DIR;

    @Option(names = "--digits", description = "scikit-learn's digits.csv.gz (default ${DEFAULT-VALUE})")
    Path digits = StudyData.DIGITS;

    @Override
    public Integer call() throws Exception {
      ZooBudget b = ZooBudget.of(budget);
      Path csv = out != null ? out : RepoLayout.find().root().resolve(CSV_DIR);
      if (!Files.isRegularFile(dataDir.resolve("train-images-idx3-ubyte.gz"))) {
        System.err.println("zoo: error: Fashion-MNIST not found in " + dataDir + ": install Debian's dataset-fashion-mnist");
        return 1;
      }
      StudyData data = StudyData.load(dataDir, digits, b.finetunePerClass(), b.testPerClass());
      new ZooStudy(csv, models, b, System.out).run(data);
      return 0;
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "Write docs/rank-results.md and its scatter plots from the study's CSV files (no training).")
  static final class Report implements Callable<Integer> {
    @Option(names = "--zoo", description = "the CSV folder (default: docs/rank/zoo of this checkout)")
    Path zoo;

    @Option(names = "--page", description = "the page to write (default: docs/rank-results.md of this checkout)")
    Path page;

    @Option(names = "--preregistration", description = "the pre-registration commit to cite (default: the last commit that changed docs/preregistration-rank.md)")
    String preregistration;

    @Override
    public Integer call() throws Exception {
      Path root = (zoo == null || page == null || preregistration == null) ? RepoLayout.find().root() : null;
      Path z = zoo != null ? zoo : root.resolve(CSV_DIR);
      Path p = page != null ? page : root.resolve("docs/rank-results.md");
      String commit = preregistration != null ? preregistration : preregistrationCommit(root);
      new RankStudyReport(z, p, commit).write();
      System.out.println("wrote " + p);
      return 0;
    }

    private static String preregistrationCommit(Path root) throws Exception {
      Process git = new ProcessBuilder("git", "log", "-1", "--format=%h", "--", "docs/preregistration-rank.md")
          .directory(root.toFile()).redirectErrorStream(true).start();
      String hash = new String(git.getInputStream().readAllBytes()).strip();
      return git.waitFor() == 0 && !hash.isEmpty() ? "`" + hash + "`" : "(not committed)";
    }
  }
}
