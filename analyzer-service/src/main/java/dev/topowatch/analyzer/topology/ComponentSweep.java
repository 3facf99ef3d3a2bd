package dev.topowatch.analyzer.topology;

/**
 * β0 at every level in one ascending sweep: cells arrive in level order and merge with present
 * neighbours; components = arrivals − successful merges.
 */
final class ComponentSweep {
  private ComponentSweep() {}

  /**
   * Number of connected components of the cells with level ≤ l, for every l.
   *
   * @param offsets neighbour offsets that define connectivity (V: faces, T: full)
   */
  static long[] perLevel(LevelGrid g, LevelOrder o, int[] offsets) {
    long[] out = new long[g.levels];
    int[] key = g.key;
    int[] order = o.order;
    UnionFind uf = new UnionFind(g.paddedSize);
    long components = 0;
    for (int level = 0; level < g.levels; level++) {
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        components++;
        for (int off : offsets) {
          int nb = c + off;
          // A same-level neighbour not yet visited arrives later in this level: merging now is fine.
          if (key[nb] <= level && uf.union(c, nb)) {
            components--;
          }
        }
      }
      out[level] = components;
    }
    return out;
  }
}
