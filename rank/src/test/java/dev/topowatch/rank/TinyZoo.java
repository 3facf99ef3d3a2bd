package dev.topowatch.rank;

import ai.djl.Model;
import dev.topowatch.rank.zoo.Training;
import dev.topowatch.rank.zoo.ZooArchitectures;
import dev.topowatch.rank.zoo.ZooModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Fixtures for the end-to-end tests: synthetic labelled images (each class a fixed smooth template
 * plus noise), written as IDX and .npy files, and tiny zoo models trained on them for a few steps.
 */
public final class TinyZoo {
  private TinyZoo() {}

  /** {@code perClass} images of each of {@code classes} classes, 28 × 28, class-major order interleaved. */
  public static Images images(int classes, int perClass, long seed) {
    Random random = new Random(seed);
    float[][] templates = new float[classes][28 * 28];
    for (int c = 0; c < classes; c++) {
      double fx = 1 + random.nextInt(4);
      double fy = 1 + random.nextInt(4);
      double phase = random.nextDouble() * Math.PI;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          templates[c][y * 28 + x] = (float) (0.5 + 0.5 * Math.sin(fx * x / 28.0 * Math.PI + phase) * Math.cos(fy * y / 28.0 * Math.PI));
        }
      }
    }
    int n = classes * perClass;
    float[] pixels = new float[n * 28 * 28];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % classes;
      labels[i] = c;
      for (int p = 0; p < 28 * 28; p++) {
        // quantised to 8 bits so IDX and .npy copies are the same images
        float v = (float) Math.max(0, Math.min(1, templates[c][p] + 0.2 * random.nextGaussian()));
        pixels[i * 28 * 28 + p] = Math.round(v * 255) / 255f;
      }
    }
    return new Images(pixels, labels, n, new int[] {1, 28, 28});
  }

  /** Trains a zoo model of {@code architecture} (width 4) for {@code steps} steps and saves it to {@code dir}. */
  public static Path zooModel(Path dir, String architecture, Images data, int steps, long seed) throws IOException {
    try (Model model = Model.newInstance("model")) {
      model.setBlock(ZooArchitectures.build(architecture, 4, data.classes()));
      Training.fit(model, data, new Training.Recipe(steps, 16, 1e-3f, seed));
      double accuracy = Training.accuracy(model, data);
      new ZooModel(ZooModel.FORMAT, architecture, 4, data.classes(), new int[] {1, 28, 28}, seed,
          "synthetic templates", steps, accuracy).save(model, dir);
    }
    return dir;
  }

  /** IDX image and label files ({@code images.idx}, {@code labels.idx}) of 8-bit pixels. */
  public static Path[] writeIdx(Path dir, Images images) throws IOException {
    int size = 28 * 28;
    ByteBuffer img = ByteBuffer.allocate(16 + images.count() * size).order(ByteOrder.BIG_ENDIAN);
    img.putInt(2051).putInt(images.count()).putInt(28).putInt(28);
    for (float v : images.pixels()) {
      img.put((byte) Math.round(v * 255));
    }
    ByteBuffer lab = ByteBuffer.allocate(8 + images.count()).order(ByteOrder.BIG_ENDIAN);
    lab.putInt(2049).putInt(images.count());
    for (int y : images.labels()) {
      lab.put((byte) y);
    }
    Path i = dir.resolve("images.idx");
    Path l = dir.resolve("labels.idx");
    Files.write(i, img.array());
    Files.write(l, lab.array());
    return new Path[] {i, l};
  }

  /** A little-endian .npy file of float32 values (or int64 labels when {@code ints} is given). */
  public static Path writeNpy(Path file, int[] shape, float[] values, int[] ints) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (int d : shape) {
      dims.append(d).append(", ");
    }
    String descr = ints != null ? "<i8" : "<f4";
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims.toString().strip() + "), }";
    int pad = (64 - (10 + header.length() + 1) % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    int count = ints != null ? ints.length : values.length;
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + (ints != null ? 8 : 4) * count).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    b.putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    if (ints != null) {
      for (int v : ints) {
        b.putLong(v);
      }
    } else {
      for (float v : values) {
        b.putFloat(v);
      }
    }
    Files.write(file, b.array());
    return file;
  }
}
