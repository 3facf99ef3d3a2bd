package dev.topowatch.experiment.zoo;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.topowatch.experiment.data.Csv;
import dev.topowatch.rank.Candidate;
import dev.topowatch.rank.CandidateLoader;
import dev.topowatch.rank.CandidateScores;
import dev.topowatch.rank.Images;
import dev.topowatch.rank.ModelRanker;
import dev.topowatch.rank.RankOptions;
import dev.topowatch.rank.RankProgress;
import dev.topowatch.rank.TargetSample;
import dev.topowatch.rank.zoo.Training;
import dev.topowatch.rank.zoo.ZooModel;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The zoo study, resumable step by step: pretrain every (architecture, seed) on Fashion-MNIST 0–4;
 * for every target, score it before fine-tuning (rank's scores on the target sample) and fine-tune
 * it with the one recipe. Each finished step is a row in a CSV file under {@code out} (written
 * atomically), and a step whose row exists is skipped, so the study resumes where it stopped.
 * Weights go to {@code models} (outside git).
 */
public final class ZooStudy {
  /** The scale-free thresholds: quartiles of each volume's values. */
  static final double[] QUANTILES = {0.25, 0.5, 0.75};

  private final Path out;
  private final Path models;
  private final ZooBudget budget;
  private final PrintStream log;

  public ZooStudy(Path out, Path models, ZooBudget budget, PrintStream log) {
    this.out = out;
    this.models = models;
    this.budget = budget;
    this.log = log;
  }

  static List<String> pretrainHeader() {
    return List.of("model", "architecture", "seed", "depth", "parameters", "steps", "source_accuracy", "seconds");
  }

  static List<String> scoresHeader() {
    List<String> h = new ArrayList<>(List.of("model", "target", "layers"));
    for (double t : RankOptions.PAPER_THRESHOLDS) {
      h.add("theta_" + label(t));
    }
    for (double q : QUANTILES) {
      h.add("theta_q" + label(q));
    }
    for (double t : RankOptions.PAPER_THRESHOLDS) {
      h.add("trend_" + label(t));
    }
    h.addAll(List.of("logme", "leep", "nce", "hscore", "seconds"));
    return h;
  }

  static List<String> finetuneHeader() {
    return List.of("model", "target", "steps", "test_images", "accuracy", "seconds");
  }

  public void run(StudyData data) throws IOException {
    Files.createDirectories(out);
    Csv pretrain = open("pretrain.csv", pretrainHeader());
    Csv scores = open("scores.csv", scoresHeader());
    Csv finetune = open("finetune.csv", finetuneHeader());
    int total = budget.architectures().size() * budget.seeds();
    int done = 0;
    try (BettiEngine engine = BettiEngines.open("cpu").engine()) {
      ModelRanker ranker = new ModelRanker(engine, new RankOptions(RankOptions.PAPER_THRESHOLDS.clone(), QUANTILES.clone(), null));
      // seed by seed, so a study stopped early still spans every architecture
      for (int seed = 1; seed <= budget.seeds(); seed++) {
        for (String arch : budget.architectures()) {
          String id = arch + "-s" + seed;
          done++;
          Path dir = models.resolve(id);
          if (!has(pretrain, id, null) || !ZooModel.isZooModel(dir)) {
            say("[%d/%d] %s: pretraining %d steps", done, total, id, budget.pretrain());
            long t0 = System.nanoTime();
            double accuracy;
            int depth;
            long parameters;
            try (Model model = Model.newInstance("model")) {
              SequentialBlock block = dev.topowatch.rank.zoo.ZooArchitectures.build(arch, budget.width(), 5);
              model.setBlock(block);
              Training.fit(model, data.sourceTrain, new Training.Recipe(budget.pretrain(), 64, 1e-3f, seed));
              accuracy = Training.accuracy(model, data.sourceTest);
              depth = weightLayers(block);
              parameters = block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
              new ZooModel(ZooModel.FORMAT, arch, budget.width(), 5, new int[] {1, 28, 28}, seed,
                  "Fashion-MNIST classes 0-4", budget.pretrain(), accuracy).save(model, dir);
            }
            refuseRetraining(pretrain, id);
            pretrain.add(id, arch, seed, depth, parameters, budget.pretrain(), Csv.num(accuracy), seconds(t0));
            pretrain.write(out.resolve("pretrain.csv"));
            say("  source accuracy %.4f, %s s", accuracy, seconds(t0));
          }
          for (StudyData.Target target : data.targets) {
            if (!has(scores, id, target.name())) {
              long t0 = System.nanoTime();
              Images sample = TargetSample.perClass(target.train(), budget.samplesPerClass());
              CandidateScores s;
              try (Candidate c = new CandidateLoader(null, null).load(dir)) {
                s = ranker.score(c, sample, RankProgress.NONE, 0, 1);
              }
              List<Object> row = new ArrayList<>(List.of(id, target.name(), s.layers().size()));
              for (double v : s.theta()) {
                row.add(Csv.num(v));
              }
              for (int r = 0; r < RankOptions.PAPER_THRESHOLDS.length; r++) {
                row.add(Csv.num(s.depthTrend()[r]));
              }
              row.addAll(List.of(Csv.num(s.logMe()), Csv.num(s.leep()), Csv.num(s.nce()), Csv.num(s.hScore()), seconds(t0)));
              scores.add(row.toArray());
              scores.write(out.resolve("scores.csv"));
              say("[%d/%d] %s on %s: θ̄ %.4f, LogME %.4f (%s s)", done, total, id, target.name(),
                  s.meanTheta(RankOptions.PAPER_THRESHOLDS.length), s.logMe(), seconds(t0));
            }
            if (!has(finetune, id, target.name())) {
              long t0 = System.nanoTime();
              double accuracy = fineTune(dir, target, seed);
              finetune.add(id, target.name(), budget.finetune(), target.test().count(), Csv.num(accuracy), seconds(t0));
              finetune.write(out.resolve("finetune.csv"));
              say("[%d/%d] %s fine-tuned on %s: accuracy %.4f (%s s)", done, total, id, target.name(), accuracy, seconds(t0));
            }
          }
        }
      }
    }
    say("zoo study complete: %s", out);
  }

  /** The recipe: the pretrained body, a fresh head for the target's classes, every layer trained. */
  private double fineTune(Path dir, StudyData.Target target, int seed) throws IOException {
    ZooModel meta = ZooModel.read(dir);
    try (Model source = ZooModel.load(dir); Model tuned = Model.newInstance("tuned")) {
      SequentialBlock block = dev.topowatch.rank.zoo.ZooArchitectures.build(meta.architecture(), meta.width(), target.train().classes());
      ai.djl.engine.Engine.getInstance().setRandomSeed(1000 + seed);
      block.initialize(tuned.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 28, 28));
      Training.copyBody((SequentialBlock) source.getBlock(), block);
      tuned.setBlock(block);
      Training.fit(tuned, target.train(), new Training.Recipe(budget.finetune(), 32, 1e-3f, 1000 + seed));
      return Training.accuracy(tuned, target.test());
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException(dir + ": " + e.getMessage(), e);
    }
  }

  /** Convolutions and linear layers: the network's depth in weight layers (shortcut projections included). */
  static int weightLayers(Block block) {
    if (block instanceof Conv2d || block instanceof Linear) {
      return 1;
    }
    int n = 0;
    for (Block child : block.getChildren().values()) {
      n += weightLayers(child);
    }
    return n;
  }

  private Csv open(String name, List<String> header) {
    Path file = out.resolve(name);
    if (Files.isRegularFile(file)) {
      Csv csv = Csv.read(file);
      if (!csv.header().equals(header)) {
        throw new IllegalStateException(file + " has columns " + csv.header() + ", this version writes " + header);
      }
      return csv;
    }
    return new Csv(header);
  }

  private static boolean has(Csv csv, String model, String target) {
    for (int r = 0; r < csv.size(); r++) {
      if (csv.text(r, "model").equals(model) && (target == null || csv.text(r, "target").equals(target))) {
        return true;
      }
    }
    return false;
  }

  /** A model whose results are recorded but whose weights are gone is not silently trained again. */
  private static void refuseRetraining(Csv csv, String model) {
    if (has(csv, model, null)) {
      throw new IllegalStateException("the pretrain.csv row of " + model + " exists but its weights are gone: "
          + "remove the row (and its scores and fine-tuning rows) to train it again");
    }
  }

  private void say(String format, Object... args) {
    log.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
    log.flush();
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] all = new Object[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  private static String seconds(long t0) {
    return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
  }

  static String label(double v) {
    return v == 0 ? "0" : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
