package dev.topowatch.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Neighbour offsets of a cell in the padded layout, split the way the raster-order sweeps use them:
 * {@link #before} and {@link #after} in raster order, and the same lists without the neighbours
 * that are also adjacent to the previous cell ({@code c − 1}). When {@code c − 1} belongs to the set
 * being swept, those neighbours are already merged with it, so the sweep checks only the rest
 * (for full connectivity 9 of 26 instead of 26).
 */
final class Neighbourhood {
  final int[] before;
  final int[] after;
  final int[] beforeAfterPrevious;
  final int[] afterAfterPrevious;

  private Neighbourhood(int[] before, int[] after, int[] beforeAfterPrevious, int[] afterAfterPrevious) {
    this.before = before;
    this.after = after;
    this.beforeAfterPrevious = beforeAfterPrevious;
    this.afterAfterPrevious = afterAfterPrevious;
  }

  /** The 6 face neighbours ({@code full = false}) or all 26 ({@code full = true}). */
  static Neighbourhood of(LevelGrid g, boolean full) {
    List<int[]> steps = new ArrayList<>();
    for (int a = -1; a <= 1; a++) {
      for (int b = -1; b <= 1; b++) {
        for (int c = -1; c <= 1; c++) {
          int moved = Math.abs(a) + Math.abs(b) + Math.abs(c);
          if (moved != 0 && (full || moved == 1)) {
            steps.add(new int[] {a, b, c});
          }
        }
      }
    }
    List<Integer> before = new ArrayList<>();
    List<Integer> after = new ArrayList<>();
    List<Integer> beforeRest = new ArrayList<>();
    List<Integer> afterRest = new ArrayList<>();
    for (int[] s : steps) {
      int offset = s[0] * g.s0 + s[1] * g.s1 + s[2];
      // seen from c - 1 this neighbour sits at (a, b, c + 1): is that c - 1 itself or its neighbour?
      int[] fromPrevious = {s[0], s[1], s[2] + 1};
      boolean coveredByPrevious = isSelf(fromPrevious) || isNeighbour(fromPrevious, full);
      (offset < 0 ? before : after).add(offset);
      if (!coveredByPrevious) {
        (offset < 0 ? beforeRest : afterRest).add(offset);
      }
    }
    return new Neighbourhood(ints(before), ints(after), ints(beforeRest), ints(afterRest));
  }

  private static boolean isSelf(int[] d) {
    return d[0] == 0 && d[1] == 0 && d[2] == 0;
  }

  private static boolean isNeighbour(int[] d, boolean full) {
    int moved = 0;
    for (int x : d) {
      if (Math.abs(x) > 1) {
        return false;
      }
      moved += Math.abs(x);
    }
    return moved > 0 && (full || moved == 1);
  }

  private static int[] ints(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
