package dev.topowatch.trainer;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/** The small CNN the sample trainer fits: two conv/relu/pool stages and a nested dense head. */
public final class CnnModel {
  /** Input shape of one image: one channel, 28 × 28. */
  public static final Shape IMAGE = new Shape(1, 28, 28);

  public static final int CLASSES = 10;

  private CnnModel() {}

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
}
