package dev.topowatch.topology;

import java.util.Arrays;

/**
 * Disjoint sets over {@code 0..n-1} in one int array: a root holds minus its set size, any other
 * element its parent. Union by size and path halving keep every operation near constant time.
 */
final class UnionFind {
  final int[] parent;

  UnionFind(int n) {
    parent = new int[n];
    Arrays.fill(parent, -1);
  }

  /**
   * The root of {@code x}'s set.
   *
   * @throws IllegalStateException if the parent links contain a cycle (a sweep linked a non-root):
   *     a chain longer than the number of elements cannot end at a root, and a wrong engine must
   *     fail instead of spinning forever
   */
  int find(int x) {
    int[] p = parent;
    for (int stepsLeft = p.length; p[x] >= 0; stepsLeft--) {
      if (stepsLeft == 0) {
        throw new IllegalStateException("union-find: no root within " + p.length + " links of " + x + " (corrupted links)");
      }
      int up = p[x];
      int upUp = p[up];
      if (upUp < 0) {
        return up;
      }
      p[x] = upUp; // path halving
      x = upUp;
    }
    return x;
  }

  /** Links two distinct roots by size and returns the root of the merged set. */
  int link(int rootA, int rootB) {
    int[] p = parent;
    if (p[rootA] > p[rootB]) { // rootA's set is smaller (sizes are negative)
      p[rootB] += p[rootA];
      p[rootA] = rootB;
      return rootB;
    }
    p[rootA] += p[rootB];
    p[rootB] = rootA;
    return rootA;
  }

  /** Merges the sets of {@code a} and {@code b}; returns whether they were distinct. */
  boolean union(int a, int b) {
    int ra = find(a);
    int rb = find(b);
    if (ra == rb) {
      return false;
    }
    int[] p = parent;
    if (p[ra] > p[rb]) { // ra is smaller (sizes are negative)
      int t = ra;
      ra = rb;
      rb = t;
    }
    p[ra] += p[rb];
    p[rb] = ra;
    return true;
  }
}
