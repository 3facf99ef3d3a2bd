package dev.topowatch.analyzer.stream;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which layers enter θ and the late-layer complexity (setting {@code engine.theta-layers}). Ω and the
 * Betti numbers of every layer are published whatever the rule; only the fit across depth is
 * restricted, because Ω is only comparable between layers of the same kind: a 1-D dense vector has
 * β0 only, and its β0 (runs of values along one axis) dwarfs or undercuts the Ω of a C×H×W volume
 * for reasons that have nothing to do with depth (see docs/results.md, "Which layers enter θ").
 *
 * <ul>
 *   <li>{@code spatial} (default): layers whose samples have at least two dimensions (convolution and
 *       pooling volumes, 2-D maps); dense vectors, flatten and global-pooling outputs are left out.
 *   <li>{@code all}: every layer that was analysed.
 *   <li>{@code regex:PATTERN}: layers whose name (agent path, e.g. {@code 03_conv2d}) contains a match.
 * </ul>
 *
 * <p><b>Duplicated layers</b> (setting {@code engine.skip-duplicate-layers}, default true): a layer
 * whose sublevel sets equal its input's at every threshold in use repeats its input in every fit, so
 * it is left out of θ and the depth trend whatever the rule above says. That is an elementwise
 * monotone activation directly after the layer it reads (same shape, the layer index before it):
 * with fixed thresholds all ≥ 0, a ReLU or leaky ReLU ({@code relu(x) ≤ η ⟺ x ≤ η} for η ≥ 0); in
 * quantile mode, a strictly increasing activation (sigmoid, tanh, softplus, ELU, SELU, leaky ReLU),
 * because the q-quantile moves with the map and picks the same cells. A ReLU in quantile mode is
 * not a duplicate (the q-quantile of its output is 0 wherever the input's is negative), nor is any
 * activation under standardised thresholds (the map changes mean and spread).
 */
public final class ThetaLayers {

  public static final String DEFAULT = "spatial";

  private final String text;
  private final Pattern names;
  private final int minDimensions;

  /** Activation names (the agent's layer name without its {@code NN_} prefix) that duplicate their input here. */
  private final Set<String> duplicating;

  private ThetaLayers(String text, Pattern names, int minDimensions) {
    this(text, names, minDimensions, Set.of());
  }

  private ThetaLayers(String text, Pattern names, int minDimensions, Set<String> duplicating) {
    this.text = text;
    this.names = names;
    this.minDimensions = minDimensions;
    this.duplicating = duplicating;
  }

  /**
   * This rule, leaving out layers that duplicate their input under thresholds {@code thresholds} in
   * {@code mode} (see the class comment for which those are).
   */
  public ThetaLayers skippingDuplicates(ThresholdSpec.Mode mode, double[] thresholds) {
    Set<String> dup = switch (mode) {
      case ABSOLUTE -> java.util.Arrays.stream(thresholds).allMatch(t -> t >= 0) ? Set.of("relu", "leakyrelu") : Set.of();
      case QUANTILE -> Set.of("sigmoid", "tanh", "softplus", "elu", "selu", "leakyrelu");
      case STANDARDISED -> Set.of();
    };
    return new ThetaLayers(text, names, minDimensions, dup);
  }

  /**
   * True when the layer enters θ and the depth trend: the rule admits it and it does not duplicate
   * the layer before it ({@code previousName}/{@code previousShape}: the layer with the index one
   * lower, null if there is none).
   */
  public boolean includes(String name, int[] shape, String previousName, int[] previousShape) {
    return includes(name, shape) && duplicateOf(name, shape, previousName, previousShape) == null;
  }

  /** The name of the layer this one duplicates, or null. */
  public String duplicateOf(String name, int[] shape, String previousName, int[] previousShape) {
    if (duplicating.isEmpty() || name == null || previousName == null || shape == null
        || !java.util.Arrays.equals(shape, previousShape)) {
      return null;
    }
    String kind = name.replaceFirst("^\\d+_", "").toLowerCase(Locale.ROOT);
    return duplicating.contains(kind) ? previousName : null;
  }

  public static final ThetaLayers ALL = new ThetaLayers("all", null, 0);
  public static final ThetaLayers SPATIAL = new ThetaLayers("spatial", null, 2);

  /** Parses the setting; a clear error for anything else. */
  public static ThetaLayers parse(String setting) {
    String s = setting == null ? "" : setting.trim();
    switch (s.toLowerCase(Locale.ROOT)) {
      case "all":
        return ALL;
      case "spatial":
        return SPATIAL;
      default:
        break;
    }
    if (s.startsWith("regex:") && s.length() > "regex:".length()) {
      try {
        return new ThetaLayers(s, Pattern.compile(s.substring("regex:".length())), 0);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("engine.theta-layers: bad regular expression: " + e.getDescription(), e);
      }
    }
    throw new IllegalArgumentException("engine.theta-layers must be spatial, all or regex:PATTERN, was '" + setting + "'");
  }

  /** True when a layer with this name and per-sample shape enters θ. */
  public boolean includes(String name, int[] shape) {
    if (names != null) {
      return name != null && names.matcher(name).find();
    }
    return rank(shape) >= minDimensions;
  }

  /** Dimensions of the sample that are larger than one (a 64×1×1 output is a vector). */
  private static int rank(int[] shape) {
    int rank = 0;
    if (shape != null) {
      for (int d : shape) {
        if (d > 1) {
          rank++;
        }
      }
    }
    return rank;
  }

  @Override
  public String toString() {
    return text;
  }

  /** The rule in words, the duplicate rule included. */
  public String description() {
    return duplicating.isEmpty() ? text : text + ", without layers that duplicate their input (" + String.join(", ",
        new java.util.TreeSet<>(duplicating)) + " after the layer it reads)";
  }
}
