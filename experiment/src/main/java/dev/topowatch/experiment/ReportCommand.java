package dev.topowatch.experiment;

import dev.topowatch.harness.RepoLayout;
import dev.topowatch.experiment.report.ResultsReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code experiment report}: the results page, plots and alert replay suite from a recorded grid, without training. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Make docs/results.md, its plots and the alert replay rule tests from a grid's CSV files.")
final class ReportCommand implements Callable<Integer> {

  @Option(names = "--grid", description = "the grid folder written by `run --out` (default: the copy beside the page, docs/results/grid)")
  Path grid;

  @Option(names = "--early-warning", description = "the early-warning set written by `run --set early-warning --out` (default: "
      + "OUT/results/early-warning, the copy beside the page)")
  Path earlyWarning;

  @Option(names = "--out", description = "where results.md and results/ go (default: docs/ of this checkout)")
  Path out;

  @Option(names = "--paper-bettis", description = "the authors' released Betti arrays (default: the repository's copy under "
      + "topology/src/test/resources/paper-bettis, else ../shared/data/paper-bettis beside the checkout)")
  Path paperBettis;

  @Option(names = "--rules", description = "the alert rules (default: dashboards/alerts/topowatch-rules.yml of this checkout)")
  Path rules;

  @Option(names = "--rule-suite", description = "the replay rule tests to write (default: dashboards/alerts/tests/replay_test.yml of this checkout)")
  Path suite;

  @Option(names = "--threshold", description = "the threshold η of the plots and headline figures (default ${DEFAULT-VALUE}); tables cover all")
  String threshold = "0.5";

  @Override
  public Integer call() throws Exception {
    RepoLayout repo = null;
    if (out == null || grid == null || rules == null || suite == null || paperBettis == null) {
      repo = RepoLayout.find();
    }
    Path docs = out != null ? out : repo.root().resolve("docs");
    Path gridDir = grid != null ? grid : docs.resolve(ResultsReport.GRID_COPY);
    Path rulesFile = rules != null ? rules : repo.rulesFile();
    Path suiteFile = suite != null ? suite : repo.ruleTestsDir().resolve("replay_test.yml");
    Path arrays = paperBettis != null ? paperBettis : paperArrays(repo.root());
    ResultsReport report = new ResultsReport(gridDir, docs, arrays, rulesFile, suiteFile, threshold);
    if (earlyWarning != null) {
      report.withWarningSet(earlyWarning);
    }
    String table = report.write();
    System.out.println("wrote " + docs.resolve("results.md") + " and " + suiteFile);
    System.out.println(table);
    return 0;
  }

  private static Path paperArrays(Path root) {
    Path inRepo = root.resolve("topology/src/test/resources/paper-bettis");
    if (Files.isDirectory(inRepo)) {
      return inRepo;
    }
    Path shared = root.resolve("../shared/data/paper-bettis").normalize();
    if (Files.isDirectory(shared)) {
      return shared;
    }
    throw new IllegalStateException("the authors' Betti arrays are in neither " + inRepo + " nor " + shared + ": pass --paper-bettis DIR");
  }
}
