package dev.topowatch.trainer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * The CNNs the sample trainer fits: {@link #build()} (the small default: two conv stages and a nested
 * dense head), {@link #deep()} (seven weight layers, resolution-independent thanks to global
 * average pooling; the experiment's network) and {@link #deepBatchNorm()} (the same with batch norm).
 */
public final class CnnModel {
  /** Input shape of one image: one channel, 28 × 28. */
  public static final Shape IMAGE = new Shape(1, 28, 28);

  public static final int CLASSES = 10;

  private CnnModel() {}

  /** The model named on the trainer's command line: {@code small} or {@code deep}. */
  public static SequentialBlock named(String name) {
    return switch (name) {
      case "small" -> build();
      case "deep" -> deep();
      case "deep-bn" -> deepBatchNorm();
      default -> throw new IllegalArgumentException("unknown model '" + name + "' (small, deep or deep-bn)");
    };
  }

  /** conv(8) → relu → maxpool → conv(16) → relu → maxpool → [flatten → linear(32) → relu] → linear(10). */
  public static SequentialBlock build() {
    SequentialBlock head =
        new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(Linear.builder().setUnits(32).build())
            .add(Activation.reluBlock());
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(head)
        .add(Linear.builder().setUnits(CLASSES).build());
  }

  /**
   * Five convolutions and two dense layers, flat (every block is one layer for the agent):
   * conv(16) relu conv(16) relu maxpool conv(32) relu conv(32) relu maxpool conv(64, padded) relu
   * global-average-pool linear(64) relu linear(10). No batch norm or dropout, so nothing regularises
   * it beyond the data. Global average pooling makes it accept any input size of at least 28 × 28
   * (the experiment feeds it 56 × 56 upsampled images to test the paper's resolution claim).
   */
  public static SequentialBlock deep() {
    return new SequentialBlock()
        .add(conv(16, 0)).add(Activation.reluBlock())
        .add(conv(16, 0)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(conv(32, 0)).add(Activation.reluBlock())
        .add(conv(32, 0)).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(conv(64, 1)).add(Activation.reluBlock())
        .add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(CLASSES).build());
  }

  /**
   * {@link #deep()} with batch norm between every convolution and its ReLU (the usual conv → BN → ReLU
   * order), nothing else changed: the grid's batch-norm network beside the plain one, whose layers'
   * activations are normalised per channel, so fixed thresholds see shape rather than growing scale.
   */
  public static SequentialBlock deepBatchNorm() {
    return new SequentialBlock()
        .add(conv(16, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(conv(16, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(conv(32, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(conv(32, 0)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(conv(64, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
        .add(Pool.globalAvgPool2dBlock())
        .add(Linear.builder().setUnits(64).build()).add(Activation.reluBlock())
        .add(Linear.builder().setUnits(CLASSES).build());
  }

  private static Conv2d conv(int filters, int padding) {
    return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(padding, padding)).setFilters(filters).build();
  }
}
