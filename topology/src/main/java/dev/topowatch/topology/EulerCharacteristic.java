package dev.topowatch.topology;

/**
 * χ of the sublevel set at every level from one pass of a 2×2×2 stencil.
 *
 * <p>Every cell of the complex is addressed by a base point and the axes it extends along. For the
 * V-construction the base is a vertex and a cell's level is the max over its vertices; for the
 * T-construction the base is a grid point and a cell's level is the min over the top cubes that
 * contain it, which are the corners of the 2×2×2 block of the padded key array at that point with
 * coordinate 1 along the cell's axes. Each cell adds (−1)^dim at its level; a prefix sum over the
 * levels gives χ. Cells touching the padding or an absent entry never enter and are skipped.
 */
final class EulerCharacteristic {
  private EulerCharacteristic() {}

  static long[] perLevel(LevelGrid g, Construction construction) {
    long[] hist = new long[g.levels];
    if (construction == Construction.V) {
      vertexStencil(g, hist);
    } else {
      topCubeStencil(g, hist);
    }
    for (int l = 1; l < hist.length; l++) {
      hist[l] += hist[l - 1];
    }
    return hist;
  }

  private static void vertexStencil(LevelGrid g, long[] hist) {
    int[] key = g.key;
    int a = g.absent;
    int x = g.s0;
    int y = g.s1;
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        int row = i * x + j * y;
        for (int b = row + 1, end = row + g.n2; b <= end; b++) {
          int k000 = key[b];
          if (k000 >= a) {
            continue; // every cell based here contains this vertex
          }
          int k001 = key[b + 1];
          int k010 = key[b + y];
          int k011 = key[b + y + 1];
          int k100 = key[b + x];
          int k101 = key[b + x + 1];
          int k110 = key[b + x + y];
          int k111 = key[b + x + y + 1];
          hist[k000]++;
          int ez = Math.max(k000, k001);
          int ey = Math.max(k000, k010);
          int ex = Math.max(k000, k100);
          add(hist, ez, a, -1);
          add(hist, ey, a, -1);
          add(hist, ex, a, -1);
          int fyz = Math.max(ez, Math.max(k010, k011));
          int fxz = Math.max(ez, Math.max(k100, k101));
          int fxy = Math.max(ey, Math.max(k100, k110));
          add(hist, fyz, a, 1);
          add(hist, fxz, a, 1);
          add(hist, fxy, a, 1);
          add(hist, Math.max(Math.max(fyz, fxz), Math.max(k110, k111)), a, -1);
        }
      }
    }
  }

  private static void topCubeStencil(LevelGrid g, long[] hist) {
    int[] key = g.key;
    int a = g.absent;
    int x = g.s0;
    int y = g.s1;
    for (int i = 0; i <= g.n0; i++) {
      for (int j = 0; j <= g.n1; j++) {
        int row = i * x + j * y;
        for (int b = row, end = row + g.n2; b <= end; b++) {
          int k000 = key[b];
          int k001 = key[b + 1];
          int k010 = key[b + y];
          int k011 = key[b + y + 1];
          int k100 = key[b + x];
          int k101 = key[b + x + 1];
          int k110 = key[b + x + y];
          int k111 = key[b + x + y + 1];
          int fyz = Math.min(k011, k111);
          int fxz = Math.min(k101, k111);
          int fxy = Math.min(k110, k111);
          int ez = Math.min(fyz, Math.min(k001, k101));
          int ey = Math.min(fyz, Math.min(k010, k110));
          int ex = Math.min(fxz, Math.min(k100, k110));
          int v = Math.min(Math.min(ez, ey), Math.min(ex, k000));
          if (v >= a) {
            continue; // no cell based here is ever present
          }
          hist[v]++;
          add(hist, ez, a, -1);
          add(hist, ey, a, -1);
          add(hist, ex, a, -1);
          add(hist, fyz, a, 1);
          add(hist, fxz, a, 1);
          add(hist, fxy, a, 1);
          add(hist, k111, a, -1);
        }
      }
    }
  }

  private static void add(long[] hist, int level, int absent, int sign) {
    if (level < absent) {
      hist[level] += sign;
    }
  }
}
