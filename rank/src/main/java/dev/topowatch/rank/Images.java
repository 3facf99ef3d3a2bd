package dev.topowatch.rank;

import java.util.Arrays;

/**
 * Labelled images in one flat array: {@code count} images of {@code shape} (channels, height,
 * width), row-major, values as the model takes them (8-bit pixels scaled to [0, 1]).
 */
public record Images(float[] pixels, int[] labels, int count, int[] shape) {

  public Images {
    int size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    if (pixels.length != (long) count * size || labels.length != count) {
      throw new IllegalArgumentException(count + " images of " + Arrays.toString(shape) + " need " + (long) count * size
          + " values and " + count + " labels, got " + pixels.length + " and " + labels.length);
    }
  }

  /** Values per image. */
  public int imageSize() {
    return pixels.length / Math.max(1, count);
  }

  /** The number of classes: largest label + 1. */
  public int classes() {
    return Arrays.stream(labels).max().orElse(-1) + 1;
  }

  /** The images at {@code indices}, in that order. */
  public Images select(int[] indices) {
    int size = imageSize();
    float[] p = new float[indices.length * size];
    int[] y = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * size, p, i * size, size);
      y[i] = labels[indices[i]];
    }
    return new Images(p, y, indices.length, shape);
  }

  /** The same images with the labels mapped: {@code map[old]} is the new label, -1 drops the image. */
  public Images relabel(int[] map) {
    int kept = 0;
    for (int y : labels) {
      if (y < map.length && map[y] >= 0) {
        kept++;
      }
    }
    int[] indices = new int[kept];
    for (int i = 0, k = 0; i < count; i++) {
      if (labels[i] < map.length && map[labels[i]] >= 0) {
        indices[k++] = i;
      }
    }
    Images s = select(indices);
    int[] y = new int[s.count];
    for (int i = 0; i < y.length; i++) {
      y[i] = map[s.labels[i]];
    }
    return new Images(s.pixels, y, s.count, shape);
  }
}
