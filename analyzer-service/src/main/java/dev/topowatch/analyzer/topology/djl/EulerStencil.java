package dev.topowatch.analyzer.topology.djl;

import ai.djl.ndarray.NDArray;

/**
 * χ of every mask in a batch from shifted slices of the padded mask: the tensor form of the CPU
 * engine's 2×2×2 stencil. V: a cell is present when all its vertices are (a product of corners);
 * T: a cell is present when any top cube containing it is (a maximum of corners).
 */
final class EulerStencil {
  private EulerStencil() {}

  /**
   * @param mask (B, 1, n0+2, n1+2, n2+2), 0/1, padding absent
   * @param n the unpadded 3-D shape
   */
  static long[] chi(NDArray mask, int[] n, boolean vertex) {
    int start = vertex ? 1 : 0; // V: bases are the vertices; T: the grid points 0..n
    int[] len = vertex ? n : new int[] {n[0] + 1, n[1] + 1, n[2] + 1};
    NDArray[] c = new NDArray[8];
    for (int corner = 0; corner < 8; corner++) {
      int a = start + (corner >> 2 & 1);
      int b = start + (corner >> 1 & 1);
      int d = start + (corner & 1);
      c[corner] = mask.get(":, :, {}:{}, {}:{}, {}:{}", a, a + len[0], b, b + len[1], d, d + len[2]);
    }
    NDArray map = vertex ? vertexCells(c) : topCubeCells(c);
    return TensorBetti.sumPerItem(map);
  }

  /** Signed count per base point, V-construction: corners indexed 0bXYZ. */
  private static NDArray vertexCells(NDArray[] k) {
    NDArray ez = k[0].mul(k[1]);
    NDArray ey = k[0].mul(k[2]);
    NDArray ex = k[0].mul(k[4]);
    NDArray fyz = ez.mul(k[2]).mul(k[3]);
    NDArray fxz = ez.mul(k[4]).mul(k[5]);
    NDArray fxy = ey.mul(k[4]).mul(k[6]);
    NDArray cube = fyz.mul(fxz).mul(k[6]).mul(k[7]);
    return k[0].sub(ez).sub(ey).sub(ex).add(fyz).add(fxz).add(fxy).sub(cube);
  }

  /** Signed count per grid point, T-construction: corners indexed 0bXYZ. */
  private static NDArray topCubeCells(NDArray[] k) {
    NDArray fyz = k[3].maximum(k[7]);
    NDArray fxz = k[5].maximum(k[7]);
    NDArray fxy = k[6].maximum(k[7]);
    NDArray ez = fyz.maximum(k[1]).maximum(k[5]);
    NDArray ey = fyz.maximum(k[2]).maximum(k[6]);
    NDArray ex = fxz.maximum(k[4]).maximum(k[6]);
    NDArray v = ez.maximum(ey).maximum(ex).maximum(k[0]);
    return v.sub(ez).sub(ey).sub(ex).add(fyz).add(fxz).add(fxy).sub(k[7]);
  }
}
