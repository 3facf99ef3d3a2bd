package dev.topowatch.rank;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import dev.topowatch.transfer.cli.NpyInputs;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The target sample: labelled images from IDX files ({@code .gz} or plain, as Fashion-MNIST ships)
 * or from {@code .npy} arrays ((N, H, W) or (N, C, H, W) images, (N,) labels), 8-bit pixels
 * scaled to [0, 1], float pixels taken as they are; then {@code n} images per class.
 */
public final class TargetSample {
  private TargetSample() {}

  /** Reads images and labels; the format follows the file name ({@code .npy}) or the IDX magic number. */
  public static Images read(Path images, Path labels) throws IOException {
    for (Path p : new Path[] {images, labels}) {
      if (!Files.isRegularFile(p)) {
        throw new NoSuchFileException("no such file: " + p);
      }
    }
    float[] pixels;
    int[] shape;
    int count;
    if (images.toString().endsWith(".npy")) {
      NpyArray a = Npy.read(images);
      int[] s = a.shape();
      if (s.length != 3 && s.length != 4) {
        throw new IllegalArgumentException("images " + images + " must be shaped (N, H, W) or (N, C, H, W), is " + Arrays.toString(s));
      }
      count = s[0];
      shape = s.length == 3 ? new int[] {1, s[1], s[2]} : new int[] {s[1], s[2], s[3]};
      pixels = a.toFloats();
      if (a.dtype().endsWith("u1")) {
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] /= 255f;
        }
      }
    } else {
      try (DataInputStream in = open(images)) {
        int magic = in.readInt();
        if (magic != 2051) {
          throw new IllegalArgumentException("images " + images + " is neither .npy nor an IDX image file (magic " + magic + ", expected 2051)");
        }
        count = in.readInt();
        int h = in.readInt();
        int w = in.readInt();
        shape = new int[] {1, h, w};
        byte[] raw = new byte[Math.multiplyExact(count, h * w)];
        in.readFully(raw);
        pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
          pixels[i] = (raw[i] & 0xFF) / 255f;
        }
      }
    }
    int[] y = readLabels(labels);
    if (y.length != count) {
      throw new IllegalArgumentException(images + " holds " + count + " images but " + labels + " " + y.length + " labels");
    }
    return new Images(pixels, y, count, shape);
  }

  /**
   * The first {@code n} images of every class in file order, class by class.
   *
   * @throws IllegalArgumentException if a class has fewer than {@code n} images, or there are fewer than two classes
   */
  public static Images perClass(Images all, int n) {
    if (n < 2) {
      throw new IllegalArgumentException("--samples must be at least 2 per class, was " + n);
    }
    int classes = all.classes();
    int[] have = new int[classes];
    for (int y : all.labels()) {
      have[y]++;
    }
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (have[c] > 0) {
        present++;
      }
    }
    if (present < 2) {
      throw new IllegalArgumentException("the target sample needs at least 2 classes, it has " + present);
    }
    for (int c = 0; c < classes; c++) {
      if (have[c] < n) {
        throw new IllegalArgumentException("too few samples: class " + c + " has " + have[c] + " images, --samples " + n + " needs " + n + " per class");
      }
    }
    int[] indices = new int[classes * n];
    int[] taken = new int[classes];
    for (int i = 0; i < all.count(); i++) {
      int c = all.labels()[i];
      if (taken[c] < n) {
        indices[c * n + taken[c]++] = i;
      }
    }
    return all.select(indices);
  }

  private static int[] readLabels(Path labels) throws IOException {
    if (labels.toString().endsWith(".npy")) {
      return NpyInputs.labels(labels);
    }
    try (DataInputStream in = open(labels)) {
      int magic = in.readInt();
      if (magic != 2049) {
        throw new IllegalArgumentException("labels " + labels + " is neither .npy nor an IDX label file (magic " + magic + ", expected 2049)");
      }
      byte[] raw = new byte[in.readInt()];
      in.readFully(raw);
      int[] y = new int[raw.length];
      for (int i = 0; i < raw.length; i++) {
        y[i] = raw[i] & 0xFF;
      }
      return y;
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
