package dev.topowatch.experiment.grid;

import java.util.Map;

/**
 * The analyzer settings of each threshold mode the grid can compare (issue 17, item 2): absolute η
 * (the analyzer's default list), quantiles of each volume, and z-scores of each volume. Each scale-free
 * list spans the bulk of a volume's values in eight steps, like the absolute list.
 */
public final class ThresholdModes {

  private ThresholdModes() {}

  public static Map<String, String> settings(String mode) {
    return switch (mode) {
      case "absolute" -> Map.of();
      case "quantile" -> Map.of("engine.threshold-mode", "quantile", "engine.thresholds", "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.9");
      case "standardised" -> Map.of("engine.threshold-mode", "standardised",
          "engine.thresholds", "-1,-0.5,-0.25,0,0.25,0.5,1,1.5");
      default -> throw new IllegalArgumentException("--threshold-mode must be absolute, quantile or standardised, was " + mode);
    };
  }
}
