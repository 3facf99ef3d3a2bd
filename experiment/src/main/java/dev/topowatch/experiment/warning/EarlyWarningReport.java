package dev.topowatch.experiment.warning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The early-warning table of the results page (issue 17, item 5), made from the recorded CSV files
 * of the early-warning set alone: per run its outcome and each detector's detection step, per
 * detector its hits, lead and false alarms, and the pre-registered decision of which alert ships.
 */
public final class EarlyWarningReport {

  private final List<WarningRun> runs;
  private final List<Detector> detectors = Detector.reported();

  public EarlyWarningReport(List<WarningRun> runs) {
    this.runs = runs;
  }

  public static EarlyWarningReport read(Path setDir) throws IOException {
    List<WarningRun> runs = new ArrayList<>();
    Path dir = setDir.resolve("runs");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.sorted().toList()) {
          if (WarningRun.isRun(p)) {
            runs.add(WarningRun.read(p));
          }
        }
      }
    }
    runs.sort(Comparator.comparing(WarningRun::kind).thenComparingDouble(WarningRun::learningRate).thenComparingInt(WarningRun::seed));
    return new EarlyWarningReport(runs);
  }

  public List<WarningRun> runs() {
    return runs;
  }

  /** Per detector: how it did, in pre-registered order. */
  public record Score(Detector detector, int dyingDetected, int dying, double medianLead, int controlAlarms, int controls,
      int survivorAlarms, int survivors) {}

  /** Scores over the pre-registered runs (controls and warm-up peaks up to 2e-2). */
  public List<Score> scores() {
    return scores(runs.stream().filter(r -> !r.exploratory()).toList());
  }

  /** Scores over the runs with warm-up, the exploratory peaks of amendment 1 included. */
  public List<Score> scoresWithExploratory() {
    return scores(runs.stream().filter(r -> !r.withoutWarmup()).toList());
  }

  /** Scores over every recorded run, amendment 2's runs without warm-up included. */
  public List<Score> scoresWithAll() {
    return scores(runs);
  }

  private List<Score> scores(List<WarningRun> runs) {
    List<Score> out = new ArrayList<>();
    for (Detector d : detectors) {
      int dying = 0;
      int detected = 0;
      List<Double> leads = new ArrayList<>();
      int controls = 0;
      int controlAlarms = 0;
      int survivors = 0;
      int survivorAlarms = 0;
      for (WarningRun r : runs) {
        long step = d.detectionStep(r.points());
        if (r.kind().equals("control")) {
          controls++;
          controlAlarms += step >= 0 ? 1 : 0;
        } else if (r.outcome().kind() == Outcome.Kind.DIED) {
          dying++;
          if (step >= 0) {
            detected++;
            leads.add((double) (r.outcome().deathStep() - step));
          }
        } else if (r.outcome().kind() == Outcome.Kind.SURVIVED) {
          survivors++;
          survivorAlarms += step >= 0 ? 1 : 0;
        }
      }
      out.add(new Score(d, detected, dying, median(leads), controlAlarms, controls, survivorAlarms, survivors));
    }
    return out;
  }

  /**
   * The pre-registered choice: no false alarm on the controls, then the largest median lead over the
   * dying runs (a detector that detects none has no lead), ties to the cheaper family (dead fraction,
   * then loss, then topology). Null when no detector qualifies.
   */
  public Score winner() {
    return winner(decisionScores());
  }

  /** The first of pre-registered, + amendment 1, + amendment 2 that holds a dying run: where the decision is taken. */
  private List<Score> decisionScores() {
    for (List<Score> s : List.of(scores(), scoresWithExploratory(), scoresWithAll())) {
      if (s.stream().anyMatch(x -> x.dying() > 0)) {
        return s;
      }
    }
    return scores();
  }

  /** Which runs the decision was taken on, in words. */
  public String decisionBasis() {
    if (scores().stream().anyMatch(s -> s.dying() > 0)) {
      return "the pre-registered runs";
    }
    if (scoresWithExploratory().stream().anyMatch(s -> s.dying() > 0)) {
      return "the runs with warm-up, amendment 1's higher peaks included, because no pre-registered run died";
    }
    if (scoresWithAll().stream().anyMatch(s -> s.dying() > 0)) {
      return "all runs, amendment 2's runs without warm-up included, because no run with warm-up died";
    }
    return "the pre-registered runs; no run died at all";
  }

  /** True when the decision had to be taken beyond the pre-registered runs. */
  public boolean decidedOnExploratory() {
    return scores().stream().noneMatch(s -> s.dying() > 0);
  }

  private static Score winner(List<Score> scores) {
    List<String> cheap = List.of("dead fraction", "loss", "accuracy", "topology");
    return scores.stream()
        .filter(s -> Detector.preregistered().stream().anyMatch(d -> d.id().equals(s.detector().id())))
        .filter(s -> s.controlAlarms() == 0 && s.dyingDetected() > 0)
        .max(Comparator.comparingDouble(Score::medianLead)
            .thenComparing(s -> -cheap.indexOf(s.detector().family())))
        .orElse(null);
  }

  public String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Runs recorded: ").append(runs.size()).append(" (")
        .append(count("warmup")).append(" warm-up to a high peak, ").append(count("control")).append(" controls at 1e-3). ")
        .append("Outcomes: ").append(outcomes()).append(". Training time: ")
        .append(String.format(Locale.ROOT, "%.0f", runs.stream().mapToDouble(WarningRun::trainSeconds).sum() / 60))
        .append(" min of trainer wall-clock in all (the machine's 1-minute load average was ")
        .append(loadRange()).append(" while they ran).\n\n");
    md.append("Pre-registered set (controls and peaks 3e-3 to 2e-2):\n\n").append(scoreTable(scores()));
    if (runs.stream().anyMatch(r -> r.exploratory() && !r.withoutWarmup())) {
      md.append("\nWith the exploratory peaks of amendment 1 (5e-2 and 1e-1, with warm-up) added:\n\n")
          .append(scoreTable(scoresWithExploratory()));
    }
    if (runs.stream().anyMatch(WarningRun::withoutWarmup)) {
      md.append("\nWith amendment 2's runs added (Adam at 5e-2 from the first step, no warm-up: the first grid's diverging recipe; "
          + "these die suddenly, not gradually):\n\n").append(scoreTable(scoresWithAll()));
    }
    Score w = winner();
    md.append("\n**Decision (pre-registered rule, taken on ").append(decisionBasis()).append("):** ")
        .append(w == null ? "no detector detected a dying run without a false alarm on the controls, so none earns an alert here."
            : "`" + w.detector().id() + "` (" + w.detector().family() + ": " + w.detector().description() + ") detected "
            + w.dyingDetected() + " of " + w.dying() + " dying runs with a median lead of "
            + String.format(Locale.ROOT, "%.0f", w.medianLead()) + " steps and no false alarm on " + w.controls() + " controls.")
        .append('\n');
    md.append(shippedParagraph(w));
    md.append(perRunTable());
    return md.toString();
  }

  /** What ships and why, where it departs from the pre-registered rule. */
  private String shippedParagraph(Score winner) {
    List<Score> all = scoresWithAll();
    Score shipped = all.stream().filter(s -> s.detector().id().equals(Detector.shipped().id())).findFirst().orElseThrow();
    List<WarningRun> sudden = runs.stream().filter(WarningRun::withoutWarmup).toList();
    List<String> suddenSteps = new ArrayList<>();
    for (Detector d : List.of(Detector.shipped(), byId("T-late"), byId("T-perc"), byId("L-stall"))) {
      long fired = sudden.stream().filter(r -> d.detectionStep(r.points()) >= 0).count();
      suddenSteps.add("`" + d.id() + "` " + fired + " of " + sudden.size());
    }
    StringBuilder md = new StringBuilder("\n**What ships, and where that departs from the pre-registered rule.** ");
    if (winner != null && winner.survivorAlarms() > 0) {
      double[] acc = runs.stream().filter(r -> r.outcome().kind() == Outcome.Kind.SURVIVED && !r.kind().equals("control")
          && winner.detector().detectionStep(r.points()) >= 0).mapToDouble(WarningRun::finalValidationAccuracy).sorted().toArray();
      md.append(String.format(Locale.ROOT, "The rule's pick, `%s`, also fired on %d of %d runs that survived (final validation "
          + "accuracy %.2f to %.2f; they are not controls, so the rule did not count them); an alert that fires on healthy runs is a "
          + "bug here, so it does not ship. ", winner.detector().id(), winner.survivorAlarms(), winner.survivors(),
          acc.length == 0 ? Double.NaN : acc[0], acc.length == 0 ? Double.NaN : acc[acc.length - 1]));
    }
    md.append(String.format(Locale.ROOT, "What ships is `TopowatchUnitsDead`, the dead fraction at 0.99 (`%s`): %d of %d dying runs, "
        + "median lead %s steps, %d of %d controls, %d of %d surviving runs. Runs without warm-up never learned (they sit "
        + "at chance from the start, so the outcome rule does not count them as dying); detectors that fired on them: %s. The "
        + "threshold 0.99 was chosen after seeing these runs and needs confirming on new ones.%n",
        shipped.detector().id(), shipped.dyingDetected(), shipped.dying(),
        Double.isNaN(shipped.medianLead()) ? "—" : String.format(Locale.ROOT, "%.0f", shipped.medianLead()),
        shipped.controlAlarms(), shipped.controls(), shipped.survivorAlarms(), shipped.survivors(), String.join(", ", suddenSteps)));
    return md.toString();
  }

  private Detector byId(String id) {
    return detectors.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
  }

  private String scoreTable(List<Score> scores) {
    StringBuilder md = new StringBuilder();
    md.append("| detector | family | condition (3 consecutive sampled steps) | dying runs detected | median lead over death (steps) "
        + "| false alarms on controls | alarms on survivors |\n|---|---|---|---|---|---|---|\n");
    for (Score s : scores) {
      md.append("| ").append(s.detector().id()).append(" | ").append(s.detector().family()).append(" | ")
          .append(s.detector().description()).append(" | ").append(s.dyingDetected()).append(" / ").append(s.dying())
          .append(" | ").append(Double.isNaN(s.medianLead()) ? "—" : String.format(Locale.ROOT, "%.0f", s.medianLead()))
          .append(" | ").append(s.controlAlarms()).append(" / ").append(s.controls())
          .append(" | ").append(s.survivorAlarms()).append(" / ").append(s.survivors()).append(" |\n");
    }
    return md.toString();
  }

  private String perRunTable() {
    StringBuilder md = new StringBuilder();
    md.append("\nDetection step per run (— : never fired; death step from the trainer's loss, see the pre-registration):\n\n");
    md.append("| run | peak LR | outcome | death step | final val. acc. |");
    detectors.forEach(d -> md.append(' ').append(d.id()).append(" |"));
    md.append("\n|---|---|---|---|---|");
    detectors.forEach(d -> md.append("---|"));
    md.append('\n');
    for (WarningRun r : runs) {
      md.append("| ").append(r.id()).append(" | ").append(String.format(Locale.ROOT, "%.0e", r.learningRate())).append(" | ")
          .append(r.outcome().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" | ")
          .append(r.outcome().deathStep() >= 0 ? String.valueOf(r.outcome().deathStep()) : "—").append(" | ")
          .append(Double.isNaN(r.finalValidationAccuracy()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.finalValidationAccuracy()))
          .append(" |");
      for (Detector d : detectors) {
        long step = d.detectionStep(r.points());
        md.append(' ').append(step >= 0 ? String.valueOf(step) : "—").append(" |");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private long count(String kind) {
    return runs.stream().filter(r -> r.kind().equals(kind)).count();
  }

  private String outcomes() {
    Map<String, Integer> byKind = new LinkedHashMap<>();
    for (WarningRun r : runs) {
      String k = (r.kind().equals("control") ? "control " : "warm-up ") + r.outcome().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
      byKind.merge(k, 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    byKind.forEach((k, n) -> parts.add(n + " " + k));
    return parts.isEmpty() ? "none yet" : String.join(", ", parts);
  }

  private String loadRange() {
    double[] loads = runs.stream().flatMap(r -> Stream.of(r.loadBefore(), r.loadAfter())).filter(s -> !s.isEmpty())
        .mapToDouble(Double::parseDouble).toArray();
    if (loads.length == 0) {
      return "not recorded";
    }
    return String.format(Locale.ROOT, "%.1f–%.1f on 2 cores", Arrays.stream(loads).min().orElseThrow(),
        Arrays.stream(loads).max().orElseThrow());
  }

  static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
