package dev.topowatch.analyzer.stream;

import java.util.Locale;
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
 */
public final class ThetaLayers {

  public static final String DEFAULT = "spatial";

  private final String text;
  private final Pattern names;
  private final int minDimensions;

  private ThetaLayers(String text, Pattern names, int minDimensions) {
    this.text = text;
    this.names = names;
    this.minDimensions = minDimensions;
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
}
