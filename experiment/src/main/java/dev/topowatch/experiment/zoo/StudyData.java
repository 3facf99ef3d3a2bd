package dev.topowatch.experiment.zoo;

import dev.topowatch.experiment.probe.Upsample;
import dev.topowatch.rank.Images;
import dev.topowatch.rank.TargetSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The study's data. Source: Fashion-MNIST classes 0–4 (train for pretraining, t10k for source
 * accuracy). Targets, labels renumbered from 0: Fashion-MNIST classes 5–9 ({@code fmnist-5-9}) and
 * scikit-learn's 8 × 8 handwritten digits ({@code digits}, 16 grey levels) resized to 28 × 28 by
 * bilinear interpolation. Each target has a small fine-tuning set (the first {@code perClass}
 * images of each class; rank's sample is the first images of it) and a disjoint test set.
 */
public final class StudyData {
  public static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

  /** One target task: its fine-tuning set and its test set. */
  public record Target(String name, Images train, Images test) {}

  public final Images sourceTrain;
  public final Images sourceTest;
  public final List<Target> targets;

  private StudyData(Images sourceTrain, Images sourceTest, List<Target> targets) {
    this.sourceTrain = sourceTrain;
    this.sourceTest = sourceTest;
    this.targets = targets;
  }

  /**
   * @param finetunePerClass fine-tuning images per class of each target
   * @param testPerClass test images per class of each target (at most; digits has fewer)
   */
  public static StudyData load(Path fashionMnist, Path digits, int finetunePerClass, int testPerClass) throws IOException {
    Images train = TargetSample.read(fashionMnist.resolve("train-images-idx3-ubyte.gz"), fashionMnist.resolve("train-labels-idx1-ubyte.gz"));
    Images test = TargetSample.read(fashionMnist.resolve("t10k-images-idx3-ubyte.gz"), fashionMnist.resolve("t10k-labels-idx1-ubyte.gz"));
    int[] source = {0, 1, 2, 3, 4, -1, -1, -1, -1, -1};
    int[] target = {-1, -1, -1, -1, -1, 0, 1, 2, 3, 4};
    List<Target> targets = new ArrayList<>();
    targets.add(new Target("fmnist-5-9", firstPerClass(train.relabel(target), finetunePerClass, 0),
        firstPerClass(test.relabel(target), testPerClass, 0)));
    Images d = digits(digits);
    Images digitsTrain = firstPerClass(d, finetunePerClass, 0);
    Images digitsTest = firstPerClass(d, testPerClass, finetunePerClass);
    targets.add(new Target("digits", digitsTrain, digitsTest));
    return new StudyData(train.relabel(source), test.relabel(source), targets);
  }

  /** Up to {@code n} images per class after skipping the first {@code skip} of each class, class by class. */
  static Images firstPerClass(Images all, int n, int skip) {
    int classes = all.classes();
    int[] seen = new int[classes];
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < all.count(); i++) {
      int c = all.labels()[i];
      if (seen[c]++ >= skip && byClass.get(c).size() < n) {
        byClass.get(c).add(i);
      }
    }
    return all.select(byClass.stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray());
  }

  /** The 1,797 digits: 64 grey levels 0..16 and the label per CSV line, resized to 28 × 28 in [0, 1]. */
  static Images digits(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("scikit-learn's digits not found at " + file + ": install Debian's python3-sklearn");
    }
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != 65) {
          throw new IOException(file + ": a line with " + f.length + " fields, expected 65");
        }
        float[] small = new float[64];
        for (int i = 0; i < 64; i++) {
          small[i] = (float) (Double.parseDouble(f[i]) / 16.0);
        }
        images.add(Upsample.resize(small, 8, 28));
        labels.add((int) Double.parseDouble(f[64]));
      }
    }
    float[] pixels = new float[images.size() * 28 * 28];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, pixels, i * 784, 784);
    }
    return new Images(pixels, labels.stream().mapToInt(Integer::intValue).toArray(), images.size(), new int[] {1, 28, 28});
  }
}
