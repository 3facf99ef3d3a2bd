package dev.topowatch.analyzer.topology;

/**
 * β0 at every level in one ascending sweep: cells arrive in level order and merge with present
 * neighbours; components = arrivals − successful merges. Within a level cells arrive in raster
 * order, so each adjacent pair is looked at once: by the later of the two.
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
    int[] before = Offsets.negative(offsets);
    int[] after = Offsets.positive(offsets);
    long components = 0;
    for (int level = 0; level < g.levels; level++) {
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        components++;
        for (int off : before) { // earlier in raster order: present if its level is <= ours
          int nb = c + off;
          if (key[nb] <= level && uf.union(c, nb)) {
            components--;
          }
        }
        for (int off : after) { // later in raster order: a same-level one will look back at us
          int nb = c + off;
          if (key[nb] < level && uf.union(c, nb)) {
            components--;
          }
        }
      }
      out[level] = components;
    }
    return out;
  }
}
