package dev.topowatch.transfer.cli;

import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** The command's .npy inputs: a matrix with one row per sample, and a label vector. */
public final class NpyInputs {
  private NpyInputs() {}

  /** An (N, …) array as N rows, trailing dimensions flattened in C order. */
  public static double[][] rows(Path file, String what) throws IOException {
    NpyArray array = read(file);
    int[] shape = array.shape();
    if (shape.length < 2 || shape[0] == 0) {
      throw new IllegalArgumentException(what + " " + file + " must be shaped (N, D) with N > 0, is " + Arrays.toString(shape));
    }
    int n = shape[0];
    int width = array.size() / n;
    double[] flat = array.toDoubles();
    double[][] out = new double[n][width];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * width, out[i], 0, width);
    }
    return out;
  }

  /** A 1-D array (or (N, 1)) of whole numbers ≥ 0. */
  public static int[] labels(Path file) throws IOException {
    NpyArray array = read(file);
    int[] shape = array.shape();
    if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
      throw new IllegalArgumentException("labels " + file + " must be shaped (N,), is " + Arrays.toString(shape));
    }
    double[] values = array.toDoubles();
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!(v >= 0) || v != Math.rint(v) || v > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("labels " + file + ": element " + i + " is " + v + ", labels must be whole numbers >= 0");
      }
      out[i] = (int) v;
    }
    return out;
  }

  private static NpyArray read(Path file) throws IOException {
    try {
      return Npy.read(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("no such file: " + file);
    }
  }
}
