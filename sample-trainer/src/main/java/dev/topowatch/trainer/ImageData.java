package dev.topowatch.trainer;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Images in [0, 1] (n × 28 × 28, row-major) with class labels: Fashion-MNIST from its IDX files,
 * or a seeded synthetic set whose classes are learnable patterns.
 */
public record ImageData(float[] pixels, float[] labels, int count, String source) {
  static final int SIDE = 28;
  static final int PIXELS = SIDE * SIDE;

  /**
   * Reads the first {@code count} images of an IDX image/label file pair ({@code .gz} or plain).
   *
   * @return null when the files are absent
   */
  public static ImageData readIdx(Path dir, String prefix, int count) throws IOException {
    return readIdx(dir, prefix, 0, count);
  }

  /**
   * Reads {@code count} images starting at image {@code offset} (fewer when the file ends first), so
   * one file can be split into disjoint parts (validation and test sets from {@code t10k}).
   *
   * @return null when the files are absent
   */
  public static ImageData readIdx(Path dir, String prefix, int offset, int count) throws IOException {
    Path images = find(dir, prefix + "-images-idx3-ubyte");
    Path labels = find(dir, prefix + "-labels-idx1-ubyte");
    if (images == null || labels == null) {
      return null;
    }
    try (DataInputStream img = open(images);
        DataInputStream lab = open(labels)) {
      if (img.readInt() != 2051 || lab.readInt() != 2049) {
        throw new IOException("not IDX image/label files: " + images + ", " + labels);
      }
      int available = Math.min(img.readInt(), lab.readInt());
      if (img.readInt() != SIDE || img.readInt() != SIDE) {
        throw new IOException("expected 28 x 28 images in " + images);
      }
      int skip = Math.max(0, Math.min(offset, available));
      int n = Math.max(0, Math.min(count, available - skip));
      img.skipNBytes((long) skip * PIXELS);
      lab.skipNBytes(skip);
      byte[] raw = new byte[n * PIXELS];
      img.readFully(raw);
      byte[] rawLabels = new byte[n];
      lab.readFully(rawLabels);
      float[] pixels = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = (raw[i] & 0xFF) / 255f;
      }
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = rawLabels[i] & 0xFF;
      }
      String part = skip == 0 ? "" : " from image " + skip;
      return new ImageData(pixels, out, n, "Fashion-MNIST " + prefix + part + " (" + dir + ")");
    }
  }

  private static Path find(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
  }

  /** The first {@code n} images (all of them when there are fewer): a fixed subset, whatever the visiting order. */
  public ImageData first(int n) {
    int k = Math.min(n, count);
    return new ImageData(java.util.Arrays.copyOf(pixels, k * PIXELS), java.util.Arrays.copyOf(labels, k), k, source + ", first " + k);
  }

  /**
   * Synthetic images: each class has a fixed random smooth template (from {@code seed}); an image is
   * its class template plus noise, so classes are separable but not trivially.
   */
  public static ImageData synthetic(int count, long seed) {
    Random templatesRandom = new Random(seed);
    float[][] templates = new float[CnnModel.CLASSES][PIXELS];
    for (int c = 0; c < CnnModel.CLASSES; c++) {
      double fx = 1 + templatesRandom.nextInt(4);
      double fy = 1 + templatesRandom.nextInt(4);
      double phase = templatesRandom.nextDouble() * Math.PI * 2;
      for (int y = 0; y < SIDE; y++) {
        for (int x = 0; x < SIDE; x++) {
          double v = Math.sin(fx * x * Math.PI / SIDE + phase) * Math.cos(fy * y * Math.PI / SIDE);
          templates[c][y * SIDE + x] = (float) (0.5 + 0.4 * v);
        }
      }
    }
    Random r = new Random(seed * 31 + 7);
    float[] pixels = new float[count * PIXELS];
    float[] labels = new float[count];
    for (int i = 0; i < count; i++) {
      int c = r.nextInt(CnnModel.CLASSES);
      labels[i] = c;
      for (int p = 0; p < PIXELS; p++) {
        float v = templates[c][p] + (float) (r.nextGaussian() * 0.25);
        pixels[i * PIXELS + p] = Math.max(0f, Math.min(1f, v));
      }
    }
    return new ImageData(pixels, labels, count, "synthetic (seed " + seed + ")");
  }
}
