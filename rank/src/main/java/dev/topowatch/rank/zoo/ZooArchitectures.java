package dev.topowatch.rank.zoo;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.Locale;

/**
 * The zoo's networks, all with batch norm, for 1 × 28 × 28 images, built as DJL {@link
 * SequentialBlock}s whose layers the agent names ({@code 03_sequential/02_batchnorm}, …):
 * {@code plain-cnn-D} (D = 4..10 conv–BN–ReLU layers in three stages of width w, 2w, 4w),
 * {@code resnet-8/14/20} (CIFAR ResNets: a stem and 3 stages of (D − 2)/6 basic blocks),
 * {@code densenet-small} (two dense blocks of three conv–BN–ReLU layers, growth 8, joined by a
 * transition) and {@code mobilenet-small} (depthwise-separable blocks). Each ends in global
 * average pooling (the penultimate layer, the features) and a linear classifier.
 *
 * <p>{@link #blockOutputs(String)} names, as a regex on layer names, the batch-normalised
 * post-activation outputs of every block: the layers whose topology the study measures.
 */
public final class ZooArchitectures {
  /** Every architecture of the study's zoo. */
  public static final List<String> STUDY = List.of(
      "plain-cnn-4", "plain-cnn-5", "plain-cnn-6", "plain-cnn-8", "plain-cnn-10",
      "resnet-8", "resnet-14", "resnet-20", "densenet-small", "mobilenet-small");

  private ZooArchitectures() {}

  /**
   * A fresh network.
   *
   * @param name e.g. {@code plain-cnn-6}, {@code resnet-14}
   * @param width channels of the first stage (the zoo uses 8)
   * @param classes outputs of the classifier
   * @throws IllegalArgumentException for an unknown name
   */
  public static SequentialBlock build(String name, int width, int classes) {
    String n = name.toLowerCase(Locale.ROOT);
    SequentialBlock body;
    if (n.startsWith("plain-cnn-")) {
      body = plain(depth(n, "plain-cnn-", 4, 10), width);
    } else if (n.startsWith("resnet-")) {
      int depth = depth(n, "resnet-", 8, 56);
      if ((depth - 2) % 6 != 0) {
        throw new IllegalArgumentException("resnet depth must be 6k + 2 (8, 14, 20, …), was " + depth);
      }
      body = resnet((depth - 2) / 6, width);
    } else if (n.equals("densenet-small")) {
      body = densenet(width);
    } else if (n.equals("mobilenet-small")) {
      body = mobilenet(width);
    } else {
      throw new IllegalArgumentException("unknown zoo architecture '" + name + "': plain-cnn-4..10, resnet-8/14/20, densenet-small, mobilenet-small");
    }
    return body.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(classes).build());
  }

  /** The regex of the block outputs: post-activation layers (and DenseNet's concatenations of them). */
  public static String blockOutputs(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("densenet") ? "(relu|parallel)$" : "relu$";
  }

  private static int depth(String name, String prefix, int min, int max) {
    try {
      int d = Integer.parseInt(name.substring(prefix.length()));
      if (d < min || d > max) {
        throw new IllegalArgumentException(prefix + "D needs " + min + " <= D <= " + max + ", was " + d);
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad depth in '" + name + "'");
    }
  }

  /** D conv–BN–ReLU layers, split into stages of width w, 2w, 4w; each later stage starts with stride 2. */
  private static SequentialBlock plain(int depth, int width) {
    SequentialBlock net = new SequentialBlock();
    int[] stageOf = new int[depth];
    for (int i = 0; i < depth; i++) {
      stageOf[i] = i * 3 / depth;
    }
    for (int i = 0; i < depth; i++) {
      boolean down = i > 0 && stageOf[i] != stageOf[i - 1];
      net.add(convBnRelu(width << stageOf[i], 3, down ? 2 : 1, 1));
    }
    return net;
  }

  private static SequentialBlock resnet(int blocksPerStage, int width) {
    SequentialBlock net = new SequentialBlock().add(convBnRelu(width, 3, 1, 1));
    for (int stage = 0; stage < 3; stage++) {
      for (int b = 0; b < blocksPerStage; b++) {
        boolean down = stage > 0 && b == 0;
        net.add(basicBlock(width << stage, down ? 2 : 1, down));
      }
    }
    return net;
  }

  /** conv–BN–ReLU–conv–BN plus the shortcut (a strided 1×1 conv–BN where the shape changes), then ReLU. */
  private static SequentialBlock basicBlock(int filters, int stride, boolean project) {
    SequentialBlock main = new SequentialBlock()
        .add(conv(filters, 3, stride, 1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(conv(filters, 3, 1, 1, 1)).add(BatchNorm.builder().build());
    Block shortcut = project
        ? new SequentialBlock().add(conv(filters, 1, stride, 0, 1)).add(BatchNorm.builder().build())
        : Blocks.identityBlock();
    ParallelBlock sum = new ParallelBlock(
        list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())), List.of(main, shortcut));
    return new SequentialBlock().add(sum).add(Activation.reluBlock());
  }

  private static SequentialBlock densenet(int width) {
    SequentialBlock net = new SequentialBlock().add(convBnRelu(2 * width, 3, 1, 1));
    int growth = width;
    for (int block = 0; block < 2; block++) {
      for (int layer = 0; layer < 3; layer++) {
        net.add(new ParallelBlock(
            list -> new NDList(NDArrays.concat(new NDList(list.get(0).singletonOrThrow(), list.get(1).singletonOrThrow()), 1)),
            List.of(Blocks.identityBlock(), convBnRelu(growth, 3, 1, 1))));
      }
      if (block == 0) {
        net.add(convBnRelu(2 * width, 1, 1, 0)).add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
    }
    return net;
  }

  private static SequentialBlock mobilenet(int width) {
    SequentialBlock net = new SequentialBlock().add(convBnRelu(2 * width, 3, 1, 1));
    int channels = 2 * width;
    int[][] blocks = {{2 * width, 1}, {4 * width, 2}, {4 * width, 1}, {8 * width, 2}, {8 * width, 1}};
    for (int[] b : blocks) {
      net.add(new SequentialBlock()
          .add(conv(channels, 3, b[1], 1, channels)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
          .add(conv(b[0], 1, 1, 0, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock()));
      channels = b[0];
    }
    return net;
  }

  private static SequentialBlock convBnRelu(int filters, int kernel, int stride, int padding) {
    return new SequentialBlock()
        .add(conv(filters, kernel, stride, padding, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
  }

  private static Conv2d conv(int filters, int kernel, int stride, int padding, int groups) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(padding, padding))
        .optGroups(groups)
        .optBias(false)
        .setFilters(filters)
        .build();
  }
}
