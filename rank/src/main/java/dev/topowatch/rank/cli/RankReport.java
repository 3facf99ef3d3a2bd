package dev.topowatch.rank.cli;

import dev.topowatch.rank.CandidateScores;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * rank's answer: per candidate θ at each threshold, the depth trend, the four baselines; and the
 * candidates ranked by each score, best first (θ and the depth trend lowest first, as the paper
 * reads θ; the baselines highest first, as their papers do).
 */
final class RankReport {

  /** A score to rank by: its name, its value per candidate, and whether lower is better. */
  record Score(String name, ToDoubleFunction<CandidateScores> value, boolean lowerIsBetter) {}

  private final List<CandidateScores> scores;
  private final List<String> thresholdLabels;
  private final int absolute;

  RankReport(List<CandidateScores> scores, double[] thresholds, double[] quantiles) {
    this.scores = scores;
    this.absolute = thresholds.length;
    this.thresholdLabels = new ArrayList<>();
    for (double t : thresholds) {
      thresholdLabels.add(plain(t));
    }
    for (double q : quantiles) {
      thresholdLabels.add("q" + plain(q));
    }
  }

  List<Score> rankedScores() {
    List<Score> list = new ArrayList<>();
    if (absolute > 0) {
      list.add(new Score("theta", s -> s.meanTheta(absolute), true));
      list.add(new Score("depth_trend", s -> s.meanDepthTrend(absolute), true));
    }
    if (thresholdLabels.size() > absolute) {
      list.add(new Score("theta_quantile", s -> s.meanThetaQuantile(absolute), true));
    }
    list.add(new Score("logme", CandidateScores::logMe, false));
    list.add(new Score("leep", CandidateScores::leep, false));
    list.add(new Score("nce", CandidateScores::nce, false));
    list.add(new Score("hscore", CandidateScores::hScore, false));
    return list;
  }

  /** Candidate names, best first; NaN scores last. */
  List<String> ranking(Score score) {
    Comparator<CandidateScores> order = Comparator.comparingDouble(s -> {
      double v = score.value().applyAsDouble(s);
      return Double.isNaN(v) ? Double.POSITIVE_INFINITY : score.lowerIsBetter() ? v : -v;
    });
    return scores.stream().sorted(order).map(CandidateScores::name).toList();
  }

  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("thresholds", thresholdLabels);
    List<Object> candidates = new ArrayList<>();
    for (CandidateScores s : scores) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", s.name());
      c.put("layers", s.layers());
      Map<String, Object> theta = new LinkedHashMap<>();
      Map<String, Object> trend = new LinkedHashMap<>();
      Map<String, Object> omega = new LinkedHashMap<>();
      for (int r = 0; r < thresholdLabels.size(); r++) {
        theta.put(thresholdLabels.get(r), finite(s.theta()[r]));
        trend.put(thresholdLabels.get(r), finite(s.depthTrend()[r]));
        omega.put(thresholdLabels.get(r), s.omega()[r]);
      }
      c.put("theta", theta);
      c.put("depth_trend", trend);
      c.put("omega", omega);
      for (Score score : rankedScores()) {
        c.put(score.name().equals("theta") || score.name().equals("depth_trend") || score.name().equals("theta_quantile")
            ? score.name() + "_mean" : score.name(), finite(score.value().applyAsDouble(s)));
      }
      c.put("feature_layer", s.featureLayer());
      candidates.add(c);
    }
    root.put("candidates", candidates);
    Map<String, Object> rankings = new LinkedHashMap<>();
    for (Score score : rankedScores()) {
      rankings.put(score.name(), ranking(score));
    }
    root.put("rankings", rankings);
    return root;
  }

  String table() {
    StringBuilder b = new StringBuilder();
    List<String> head = new ArrayList<>(List.of("candidate", "layers"));
    for (Score s : rankedScores()) {
      head.add(s.name().equals("theta") ? "θ mean" : s.name().equals("depth_trend") ? "ρ mean"
          : s.name().equals("theta_quantile") ? "θq mean" : s.name().equals("hscore") ? "H-score"
          : s.name().equals("logme") ? "LogME" : s.name().toUpperCase(Locale.ROOT));
    }
    List<List<String>> rows = new ArrayList<>();
    for (CandidateScores c : scores) {
      List<String> row = new ArrayList<>(List.of(c.name(), Integer.toString(c.layers().size())));
      for (Score s : rankedScores()) {
        row.add(number(s.value().applyAsDouble(c)));
      }
      rows.add(row);
    }
    b.append(grid(head, rows));
    b.append("\nθ at each threshold (lower ranks first in the paper):\n");
    b.append(perThreshold(CandidateScores::theta));
    b.append("\ndepth trend, Spearman ρ of Ω against layer index (below 0: complexity falls with depth):\n");
    b.append(perThreshold(CandidateScores::depthTrend));
    b.append("\nranking, best first:\n");
    for (Score s : rankedScores()) {
      b.append(String.format(Locale.ROOT, "  %-19s %s%n", s.name() + (s.lowerIsBetter() ? " (low)" : " (high)"),
          String.join(" > ", ranking(s))));
    }
    return b.toString();
  }

  private String perThreshold(java.util.function.Function<CandidateScores, double[]> values) {
    List<String> head = new ArrayList<>(List.of("candidate"));
    head.addAll(thresholdLabels.stream().map(t -> "η=" + t).toList());
    List<List<String>> rows = new ArrayList<>();
    for (CandidateScores c : scores) {
      List<String> row = new ArrayList<>(List.of(c.name()));
      for (double v : values.apply(c)) {
        row.add(number(v));
      }
      rows.add(row);
    }
    return grid(head, rows);
  }

  private static String grid(List<String> head, List<List<String>> rows) {
    int[] width = new int[head.size()];
    for (int i = 0; i < head.size(); i++) {
      width[i] = head.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    appendRow(b, head, width);
    for (List<String> r : rows) {
      appendRow(b, r, width);
    }
    return b.toString();
  }

  private static void appendRow(StringBuilder b, List<String> cells, int[] width) {
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      b.append(i == 0 ? String.format("%-" + width[i] + "s", cell) : String.format("  %" + width[i] + "s", cell));
    }
    b.append('\n');
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String plain(double v) {
    return v == 0 ? "0" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
