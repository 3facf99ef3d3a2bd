package dev.topowatch.agent.instrument;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code AbstractBaseBlock.forward(...)} (final, so every block passes here): a layer's output. */
public final class BlockForwardAdvice {
  private BlockForwardAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Block block, @Advice.Return NDList output) {
    Dispatcher.onBlockExit(block, output);
  }
}
