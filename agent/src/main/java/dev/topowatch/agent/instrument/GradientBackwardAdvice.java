package dev.topowatch.agent.instrument;

import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code GradientCollector.backward(loss)} of any engine: an exception here means the training step failed. */
public final class GradientBackwardAdvice {
  private GradientBackwardAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  static void exit(@Advice.Thrown Throwable thrown) {
    if (thrown != null) {
      Dispatcher.onTrainingCallFailed(null, thrown);
    }
  }
}
