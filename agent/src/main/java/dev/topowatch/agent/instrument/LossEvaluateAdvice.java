package dev.topowatch.agent.instrument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code Loss.evaluate(labels, predictions)}: the step's labels, loss value and predictions. */
public final class LossEvaluateAdvice {
  private LossEvaluateAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This Loss loss,
      @Advice.Argument(0) NDList labels,
      @Advice.Argument(1) NDList predictions,
      @Advice.Return NDArray value) {
    Dispatcher.onLossEvaluated(loss, labels, predictions, value);
  }
}
