package dev.topowatch.agent.instrument;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/**
 * {@code AbstractBaseBlock.forward(store, data, training, params)} and {@code forward(store, data,
 * labels, params)}: every block's forward passes through one of them (neither is overridden by DJL's
 * blocks; the labels form is what a SequentialBlock uses under {@code Trainer.forward(data, labels)}).
 */
public final class BlockForwardAdvice {
  private BlockForwardAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Block block, @Advice.Return NDList output) {
    Dispatcher.onBlockExit(block, output);
  }
}
