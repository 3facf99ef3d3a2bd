package dev.topowatch.topology;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The authors' released Betti arrays, shape (class, sample, layer, betti), from the shared data folder. */
final class PaperBettis {
  /** From the module directory (Maven's working directory), shared/ sits beside the checkout. */
  static final Path DIR = Path.of("../../shared/data/paper-bettis");

  private PaperBettis() {}

  static long[][][][] load(String file) throws IOException {
    Path path = DIR.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("test data missing: " + path.toAbsolutePath());
    }
    NpyArray a = Npy.read(path);
    int[] s = a.shape();
    long[] flat = a.toLongs();
    long[][][][] out = new long[s[0]][s[1]][s[2]][s[3]];
    int i = 0;
    for (long[][][] c : out) {
      for (long[][] sample : c) {
        for (long[] layer : sample) {
          for (int k = 0; k < layer.length; k++) {
            layer[k] = flat[i++];
          }
        }
      }
    }
    return out;
  }
}
