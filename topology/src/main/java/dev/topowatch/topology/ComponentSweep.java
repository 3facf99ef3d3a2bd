package dev.topowatch.topology;

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
   * @param n the connectivity (V: faces, T: full)
   */
  static long[] perLevel(LevelGrid g, LevelOrder o, Neighbourhood n) {
    long[] out = new long[g.levels];
    int[] key = g.key;
    int[] order = o.order;
    UnionFind uf = new UnionFind(g.paddedSize);
    long components = 0;
    for (int level = 0; level < g.levels; level++) {
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        components++;
        int root = c; // an arriving cell is still a singleton: only arrived cells are ever merged
        int[] before = n.before;
        int[] after = n.after;
        if (key[c - 1] <= level) { // c - 1 arrived: merge with it, skip what it already covers
          root = uf.link(root, uf.find(c - 1));
          components--;
          before = n.beforeAfterPrevious;
          after = n.afterAfterPrevious;
        }
        for (int off : before) { // earlier in raster order: present if its level is <= ours
          int nb = c + off;
          if (key[nb] <= level) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              components--;
            }
          }
        }
        for (int off : after) { // later in raster order: a same-level one will look back at us
          int nb = c + off;
          if (key[nb] < level) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              components--;
            }
          }
        }
      }
      out[level] = components;
    }
    return out;
  }
}
