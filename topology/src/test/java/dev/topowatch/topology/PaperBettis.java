package dev.topowatch.topology;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The authors' released Betti arrays, shape (class, sample, layer, betti), from this module's test
 * resources ({@code /paper-bettis/NAME.npy.gz}; provenance in the README beside them).
 */
public final class PaperBettis {
  /** Class-path folder of the compressed arrays (also in the topology test jar). */
  public static final String RESOURCES = "/paper-bettis/";

  private PaperBettis() {}

  /** The bytes of the authors' {@code .npy} file, e.g. {@code bytes("resnet18.npy")}. */
  public static byte[] bytes(String file) throws IOException {
    try (InputStream gz = PaperBettis.class.getResourceAsStream(RESOURCES + file + ".gz")) {
      if (gz == null) {
        throw new IllegalStateException("test data missing from the class path: " + RESOURCES + file + ".gz");
      }
      try (InputStream in = new GZIPInputStream(gz)) {
        return in.readAllBytes();
      }
    }
  }

  static long[][][][] load(String file) throws IOException {
    NpyArray a = Npy.parse(bytes(file));
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
