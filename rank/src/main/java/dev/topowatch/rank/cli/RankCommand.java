package dev.topowatch.rank.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topowatch.rank.Candidate;
import dev.topowatch.rank.CandidateLoader;
import dev.topowatch.rank.CandidateScores;
import dev.topowatch.rank.Images;
import dev.topowatch.rank.ModelRanker;
import dev.topowatch.rank.RankOptions;
import dev.topowatch.rank.TargetSample;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rank MODEL_DIR… --images I --labels L [--samples N]}: which candidate to fine-tune, by θ,
 * the depth trend and the four transferability baselines measured on a target sample. Self-contained
 * (its own one-line errors, exit code 1), so any command line can register it.
 */
@Command(
    name = "rank",
    mixinStandardHelpOptions = true,
    description = {
        "Ranks pretrained models for a target task before fine-tuning. Each candidate is a directory:",
        "a topowatch zoo model (zoo-model.json), or a DJL model whose network a BlockFactory builds",
        "(--block-factory or blockFactory= in its serving.properties; the factory's classes on --classpath).",
        "Every layer's output on N target images per class gives θ and the depth trend per threshold;",
        "the penultimate layer gives LogME and H-score, the softmax of the last layer LEEP and NCE."})
public final class RankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "MODEL_DIR", description = "candidate model directories")
  List<Path> models;

  @Option(names = "--images", required = true, description = "target images: IDX (e.g. t10k-images-idx3-ubyte.gz) or .npy (N,H,W) / (N,C,H,W)")
  Path images;

  @Option(names = "--labels", required = true, description = "target labels: IDX or .npy (N,)")
  Path labels;

  @Option(names = "--samples", defaultValue = "20", description = "images per class (the first N of each class; default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--block-factory", paramLabel = "CLASS", description = "the ai.djl.nn.BlockFactory of the non-zoo candidates (default: blockFactory= in serving.properties)")
  String blockFactory;

  @Option(names = "--classpath", paramLabel = "PATHS", description = "jars and class folders holding the factory classes (separated by ':')")
  String classpath;

  @Option(names = "--thresholds", split = ",", description = "absolute thresholds η (default: the paper's 0,0.25,…,1.75)")
  double[] thresholds;

  @Option(names = "--quantiles", split = ",", description = "also scale-free thresholds: these quantiles of each volume, e.g. 0.25,0.5,0.75")
  double[] quantiles;

  @Option(names = "--layers", paramLabel = "REGEX", description = "layers that enter θ (agent names; default: a zoo model's block outputs, every layer otherwise)")
  String layers;

  @Option(names = "--engine", defaultValue = "cpu", description = "Betti back end (default ${DEFAULT-VALUE})")
  String engineName;

  @Option(names = "--json", description = "print JSON instead of tables")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = new ProgressBar(err);
    try {
      RankOptions options = new RankOptions(thresholds == null ? RankOptions.PAPER_THRESHOLDS.clone() : thresholds,
          quantiles == null ? new double[0] : quantiles, layerPattern());
      Images sample = TargetSample.perClass(TargetSample.read(images, labels), samples);
      CandidateLoader loader = new CandidateLoader(blockFactory, classLoader());
      List<CandidateScores> results = new ArrayList<>();
      BettiEngines.Choice choice = BettiEngines.open(engineName);
      try (BettiEngine engine = choice.engine()) {
        ModelRanker ranker = new ModelRanker(engine, options);
        for (int i = 0; i < models.size(); i++) {
          bar.update(i, models.size(), models.get(i).getFileName().toString(), "loading", 0);
          try (Candidate candidate = loader.load(models.get(i))) {
            results.add(ranker.score(candidate, sample, bar, i, models.size()));
          }
        }
      }
      bar.update(models.size() - 1, models.size(), "all", "done", 1);
      bar.finish();
      RankReport report = new RankReport(results, options.thresholds(), options.quantiles());
      PrintWriter out = spec.commandLine().getOut();
      out.print(json ? new ObjectMapper().writeValueAsString(report.json()) + "\n" : report.table());
      out.flush();
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      bar.finish();
      err.println("rank: error: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private Pattern layerPattern() {
    if (layers == null) {
      return null;
    }
    try {
      return Pattern.compile(layers);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--layers is not a regular expression: " + e.getDescription());
    }
  }

  private ClassLoader classLoader() throws MalformedURLException {
    if (classpath == null || classpath.isBlank()) {
      return null;
    }
    List<URL> urls = new ArrayList<>();
    for (String part : classpath.split(File.pathSeparator)) {
      if (!part.isBlank()) {
        File f = new File(part.trim());
        if (!f.exists()) {
          throw new IllegalArgumentException("--classpath: no such file or folder: " + f);
        }
        urls.add(f.toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), RankCommand.class.getClassLoader());
  }
}
