package dev.topowatch.topology;

/**
 * The real cells of a {@link LevelGrid} sorted by level with one counting sort:
 * cells of level {@code l} are {@code order[start[l]] .. order[start[l+1]-1]}; the absent level
 * comes last.
 */
final class LevelOrder {
  final int[] order;
  final int[] start;

  LevelOrder(LevelGrid g) {
    int[] count = new int[g.levels + 2];
    int[] key = g.key;
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        int row = i * g.s0 + j * g.s1;
        for (int k = 1; k <= g.n2; k++) {
          count[key[row + k] + 1]++;
        }
      }
    }
    for (int l = 1; l < count.length; l++) {
      count[l] += count[l - 1];
    }
    start = count.clone();
    order = new int[g.realSize()];
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        int row = i * g.s0 + j * g.s1;
        for (int k = 1; k <= g.n2; k++) {
          order[count[key[row + k]]++] = row + k;
        }
      }
    }
  }
}
