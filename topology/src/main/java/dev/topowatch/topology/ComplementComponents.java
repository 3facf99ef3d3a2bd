package dev.topowatch.topology;

/**
 * β_{d−1} by Alexander duality: the number of bounded components of the complement, at every
 * level, in one descending sweep. The padding is one pre-merged set (the unbounded component), so
 * bounded components = arrivals − successful merges, merges into the padding included. Pairs are
 * looked at once, as in {@link ComponentSweep}.
 */
final class ComplementComponents {
  private ComplementComponents() {}

  /**
   * Number of bounded components of the cells with level &gt; l, for every l.
   *
   * @param n the dual connectivity (V: full, T: faces)
   */
  static long[] perLevel(LevelGrid g, LevelOrder o, Neighbourhood n) {
    long[] out = new long[g.levels];
    int[] key = g.key;
    int[] order = o.order;
    UnionFind uf = padded(g);
    long bounded = 0;
    for (int level = g.absent; level >= 1; level--) {
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        bounded++;
        int root = c;
        int[] before = n.before;
        int[] after = n.after;
        if (key[c - 1] >= level) { // c - 1 is in the complement (or padding) already
          root = uf.link(root, uf.find(c - 1));
          bounded--;
          before = n.beforeAfterPrevious;
          after = n.afterAfterPrevious;
        }
        for (int off : before) {
          int nb = c + off;
          if (key[nb] >= level) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              bounded--;
            }
          }
        }
        for (int off : after) {
          int nb = c + off;
          if (key[nb] > level) {
            int other = uf.find(nb);
            if (other != root) {
              root = uf.link(root, other);
              bounded--;
            }
          }
        }
      }
      out[level - 1] = bounded;
    }
    return out;
  }

  /** A union-find in which every padding cell already belongs to the set rooted at cell 0. */
  private static UnionFind padded(LevelGrid g) {
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
