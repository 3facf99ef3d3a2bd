package dev.topowatch.topology;

import java.util.Locale;

/**
 * How an array becomes a filtered cubical complex (spec section 2).
 *
 * <ul>
 *   <li>{@link #V}: every entry is a vertex; a higher cube takes the max of its vertices
 *       (CubicalRipser's default, and the default of this project).
 *   <li>{@link #T}: every entry is a top-dimensional cube; a lower cell takes the min of the top
 *       cubes it bounds (GUDHI's {@code CubicalComplex(top_dimensional_cells=…)}).
 * </ul>
 */
public enum Construction {
  /** Entries are vertices; foreground is face-connected, the complement fully connected. */
  V,
  /** Entries are top cubes; foreground is fully connected, the complement face-connected. */
  T;

  /**
   * Parses {@code "v"} or {@code "t"}, case-insensitive.
   *
   * @throws IllegalArgumentException for anything else, naming the accepted values
   */
  public static Construction parse(String s) {
    if (s != null) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "v":
          return V;
        case "t":
          return T;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("unknown construction '" + s + "': expected 'v' or 't'");
  }

  /** The lower-case name used on the command line and in JSON ({@code "v"} or {@code "t"}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
