package dev.topowatch.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The slow, obviously correct answer: build every cell of the cubical complex in the volume's own
 * dimension, keep those in the sublevel set, and take ranks of the boundary matrices over Z/2:
 * βk = #k-cells − rank ∂k − rank ∂(k+1). Shares no code with the engine.
 *
 * <p>Cells are addressed by doubled coordinates: an odd coordinate spans an interval along that
 * axis, an even one sits at a grid plane; the dimension is the number of odd coordinates.
 */
final class CubicalReference {
  private final float[] values;
  private final int[] shape;
  private final Construction construction;
  /** Extent of the doubled-coordinate grid per axis. */
  private final int[] extent;

  CubicalReference(Volume volume, Construction construction) {
    this.values = volume.data();
    this.shape = volume.shape();
    this.construction = construction;
    this.extent = new int[shape.length];
    for (int a = 0; a < shape.length; a++) {
      // V: n vertices -> doubled coords 0..2(n-1); T: n top cubes -> 0..2n
      extent[a] = construction == Construction.V ? 2 * shape[a] - 1 : 2 * shape[a] + 1;
    }
  }

  /** b0..b(d-1) of the sublevel set {value <= threshold}. */
  long[] betti(double threshold) {
    int d = shape.length;
    List<List<int[]>> cells = new ArrayList<>();
    int total = 1;
    for (int e : extent) {
      total *= e;
    }
    int[] index = new int[total]; // position of a present cell among those of its dimension
    for (int k = 0; k <= d; k++) {
      cells.add(new ArrayList<>());
    }
    forEachCell(new int[d], 0, c -> {
      if (present(c, threshold)) {
        int k = dimension(c);
        index[key(c)] = cells.get(k).size();
        cells.get(k).add(c.clone());
      } else {
        index[key(c)] = -1;
      }
    });
    long[] rank = new long[d + 2];
    for (int k = 1; k <= d; k++) {
      rank[k] = boundaryRank(cells.get(k), index, cells.get(k - 1).size());
    }
    long[] betti = new long[d];
    for (int k = 0; k < d; k++) {
      betti[k] = cells.get(k).size() - rank[k] - rank[k + 1];
    }
    return betti;
  }

  private long boundaryRank(List<int[]> columns, int[] rowIndex, int rows) {
    int words = (rows + 63) / 64 + 1;
    Map<Integer, long[]> pivots = new HashMap<>();
    long rank = 0;
    for (int[] cell : columns) {
      long[] col = new long[words];
      for (int a = 0; a < cell.length; a++) {
        if ((cell[a] & 1) == 1) {
          for (int delta = -1; delta <= 1; delta += 2) {
            int[] face = cell.clone();
            face[a] += delta;
            int row = rowIndex[key(face)];
            if (row < 0) {
              throw new AssertionError("face of a present cell is absent: not a complex");
            }
            col[row >>> 6] ^= 1L << (row & 63);
          }
        }
      }
      // Gaussian elimination over GF(2), pivot = highest set bit. Each reduction clears the pivot
      // bit and sets only lower ones, so a column needs at most one pass per row.
      for (int passes = 0; ; passes++) {
        if (passes > rows) {
          throw new AssertionError("GF(2) reduction did not converge within " + rows + " passes");
        }
        int p = highestBit(col);
        if (p < 0) {
          break;
        }
        long[] basis = pivots.get(p);
        if (basis == null) {
          pivots.put(p, col);
          rank++;
          break;
        }
        for (int w = 0; w < words; w++) {
          col[w] ^= basis[w];
        }
      }
    }
    return rank;
  }

  private static int highestBit(long[] v) {
    for (int w = v.length - 1; w >= 0; w--) {
      if (v[w] != 0) {
        return w * 64 + 63 - Long.numberOfLeadingZeros(v[w]);
      }
    }
    return -1;
  }

  private boolean present(int[] cell, double threshold) {
    List<int[]> entries = new ArrayList<>();
    entriesOf(cell, 0, new int[cell.length], entries);
    if (construction == Construction.V) { // every vertex of the cell present
      for (int[] v : entries) {
        if (!entryPresent(v, threshold)) {
          return false;
        }
      }
      return true;
    }
    for (int[] v : entries) { // T: some top cube containing the cell present
      if (entryPresent(v, threshold)) {
        return true;
      }
    }
    return false;
  }

  /** V: the cell's vertices; T: the top cubes that contain the cell (inside the array). */
  private void entriesOf(int[] cell, int axis, int[] cur, List<int[]> out) {
    if (axis == cell.length) {
      out.add(cur.clone());
      return;
    }
    int c = cell[axis];
    int[] options;
    if (construction == Construction.V) {
      options = (c & 1) == 1 ? new int[] {(c - 1) / 2, (c + 1) / 2} : new int[] {c / 2};
    } else {
      options = (c & 1) == 1 ? new int[] {(c - 1) / 2} : new int[] {c / 2 - 1, c / 2};
    }
    for (int o : options) {
      if (o >= 0 && o < shape[axis]) {
        cur[axis] = o;
        entriesOf(cell, axis + 1, cur, out);
      }
    }
  }

  private boolean entryPresent(int[] at, double threshold) {
    int flat = 0;
    for (int a = 0; a < at.length; a++) {
      flat = flat * shape[a] + at[a];
    }
    float x = values[flat];
    return !Float.isNaN(x) && x != Float.POSITIVE_INFINITY && x <= threshold;
  }

  private void forEachCell(int[] cur, int axis, java.util.function.Consumer<int[]> action) {
    if (axis == cur.length) {
      action.accept(cur);
      return;
    }
    for (int c = 0; c < extent[axis]; c++) {
      cur[axis] = c;
      forEachCell(cur, axis + 1, action);
    }
  }

  private static int dimension(int[] cell) {
    int k = 0;
    for (int c : cell) {
      k += c & 1;
    }
    return k;
  }

  private int key(int[] cell) {
    int flat = 0;
    for (int a = 0; a < cell.length; a++) {
      flat = flat * extent[a] + cell[a];
    }
    return flat;
  }
}
