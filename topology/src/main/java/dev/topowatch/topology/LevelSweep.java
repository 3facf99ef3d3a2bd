package dev.topowatch.topology;

/**
 * Connected components at every level in one sweep over the cells in level order, merging each
 * arriving cell with the neighbours that arrived before it: components = arrivals − successful
 * merges. Two sweeps use it (spec section 3):
 *
 * <ul>
 *   <li>{@link #components}: ascending, the cells with level ≤ l — β0;
 *   <li>{@link #boundedComplement}: descending, the cells with level &gt; l, the padding pre-merged
 *       as the unbounded component — β_{d−1} by Alexander duality.
 * </ul>
 *
 * <p>One comparison serves both directions: with {@code sign} = +1 (ascending) or −1 (descending),
 * a cell of key k has arrived by the current level l when {@code sign·k ≤ sign·l}. Within a level
 * cells arrive in raster order, so each adjacent pair is looked at once, by the later of the two:
 * a neighbour later in raster order counts only if it arrived at an earlier level
 * ({@code sign·k < sign·l}); one of the same level will look back at this cell when it arrives.
 */
final class LevelSweep {
  private LevelSweep() {}

  /**
   * Number of connected components of the cells with level ≤ l, for every l.
   *
   * @param n the connectivity (V: faces, T: full)
   */
  static long[] components(LevelGrid g, LevelOrder o, Neighbourhood n) {
    return sweep(g, o, n, new UnionFind(g.paddedSize), 0, g.levels - 1, 1);
  }

  /**
   * Number of bounded components of the cells with level &gt; l, for every l.
   *
   * @param n the dual connectivity (V: full, T: faces)
   */
  static long[] boundedComplement(LevelGrid g, LevelOrder o, Neighbourhood n) {
    // Cells of level ≥ L are those with level > L − 1: sweeping L from "absent" down to 1 fills
    // out[L − 1]. Merges into the pre-merged padding count like any other, so what is left
    // counted is the bounded components.
    return sweep(g, o, n, paddedUnionFind(g), g.absent, 1, -1);
  }

  private static long[] sweep(LevelGrid g, LevelOrder o, Neighbourhood n, UnionFind uf, int first, int last, int sign) {
    long[] out = new long[g.levels];
    int[] key = g.key;
    int[] order = o.order;
    int shift = sign > 0 ? 0 : 1;
    long components = 0;
    for (int level = first; sign * level <= sign * last; level += sign) {
      int now = sign * level;
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        components++;
        int root = c; // an arriving cell is still a singleton: only arrived cells are ever merged
        int[] before = n.before;
        int[] after = n.after;
        if (sign * key[c - 1] <= now) { // c - 1 arrived: merge with it, skip what it already covers
          root = uf.link(root, uf.find(c - 1));
          components--;
          before = n.beforeAfterPrevious;
          after = n.afterAfterPrevious;
        }
        for (int off : before) { // earlier in raster order: arrived if its level is this one or earlier
          int nb = c + off;
          if (sign * key[nb] <= now) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              components--;
            }
          }
        }
        for (int off : after) { // later in raster order: only if it arrived at an earlier level
          int nb = c + off;
          if (sign * key[nb] < now) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              components--;
            }
          }
        }
      }
      out[level - shift] = components;
    }
    return out;
  }

  /** A union-find in which every padding cell already belongs to the set rooted at cell 0. */
  private static UnionFind paddedUnionFind(LevelGrid g) {
    UnionFind uf = new UnionFind(g.paddedSize);
    int[] parent = uf.parent;
    int[] key = g.key;
    int pads = 0;
    for (int i = 0; i < key.length; i++) {
      if (key[i] == g.pad) {
        parent[i] = 0;
        pads++;
      }
    }
    parent[0] = -pads; // cell 0 is a padding corner
    return uf;
  }
}
