package dev.topowatch.analyzer.topology;

/**
 * β_{d−1} by Alexander duality: the number of bounded components of the complement, at every
 * level, in one descending sweep. The padding is one pre-merged set (the unbounded component), so
 * bounded components = arrivals − successful merges, merges into the padding included.
 */
final class ComplementComponents {
  private ComplementComponents() {}

  /**
   * Number of bounded components of the cells with level &gt; l, for every l.
   *
   * @param offsets the dual connectivity (V: full, T: faces)
   */
  static long[] perLevel(LevelGrid g, LevelOrder o, int[] offsets) {
    long[] out = new long[g.levels];
    int[] key = g.key;
    int[] order = o.order;
    UnionFind uf = padded(g);
    int[] before = Offsets.negative(offsets);
    int[] after = Offsets.positive(offsets);
    long bounded = 0;
    for (int level = g.absent; level >= 1; level--) {
      for (int p = o.start[level], end = o.start[level + 1]; p < end; p++) {
        int c = order[p];
        bounded++;
        for (int off : before) { // as in ComponentSweep, each adjacent pair is looked at once
          int nb = c + off;
          if (key[nb] >= level && uf.union(c, nb)) {
            bounded--;
          }
        }
        for (int off : after) {
          int nb = c + off;
          if (key[nb] > level && uf.union(c, nb)) {
            bounded--;
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
