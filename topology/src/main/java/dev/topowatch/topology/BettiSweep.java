package dev.topowatch.topology;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Exact Betti numbers of one level grid at every level (spec section 3): β0 by an ascending
 * union-find sweep, β2 by Alexander duality (bounded complement components, descending sweep),
 * β1 from the Euler characteristic: β1 = β0 + β2 − χ.
 */
final class BettiSweep {
  private BettiSweep() {}

  /**
   * Returns {@code betti[level][k]} for k = 0..rank−1.
   *
   * @param rank how many Betti numbers to report (the volume's rank)
   */
  static long[][] perLevel(LevelGrid g, Construction construction, int rank) {
    return perLevel(g, construction, rank, null);
  }

  /**
   * As {@link #perLevel(LevelGrid, Construction, int)}; with an executor, the three independent
   * passes (β0, complement, χ) run side by side, which pays off for one large volume.
   */
  static long[][] perLevel(LevelGrid g, Construction construction, int rank, Executor parallel) {
    LevelOrder order = new LevelOrder(g);
    boolean vertex = construction == Construction.V;
    Neighbourhood foreground = g.neighbourhood(!vertex); // V: faces, T: full
    Neighbourhood background = g.neighbourhood(vertex); // the dual connectivity
    Supplier<long[]> complement = () ->
        g.isFlat() ? new long[g.levels] : LevelSweep.boundedComplement(g, order, background);
    Supplier<long[]> euler = () -> rank >= 2 ? EulerCharacteristic.perLevel(g, construction) : null;
    long[] b0;
    long[] b2;
    long[] chi;
    if (parallel == null) {
      b0 = LevelSweep.components(g, order, foreground);
      b2 = complement.get();
      chi = euler.get();
    } else {
      CompletableFuture<long[]> b2Later = CompletableFuture.supplyAsync(complement, parallel);
      CompletableFuture<long[]> chiLater = CompletableFuture.supplyAsync(euler, parallel);
      b0 = LevelSweep.components(g, order, foreground);
      b2 = b2Later.join();
      chi = chiLater.join();
    }
    long[][] out = new long[g.levels][rank];
    for (int l = 0; l < g.levels; l++) {
      out[l][0] = b0[l];
      if (rank >= 2) {
        out[l][1] = b0[l] + b2[l] - chi[l];
      }
      if (rank >= 3) {
        out[l][2] = b2[l];
      }
    }
    return out;
  }
}
