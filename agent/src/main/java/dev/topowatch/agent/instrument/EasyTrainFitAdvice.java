package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code EasyTrain.fit(...)}: names the entry point and tells a failed run from a completed one. */
public final class EasyTrainFitAdvice {
  private EasyTrainFitAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Trainer trainer) {
    Dispatcher.onFitEnter(trainer);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  static void exit(@Advice.Argument(0) Trainer trainer, @Advice.Thrown Throwable thrown) {
    Dispatcher.onFitExit(trainer, thrown);
  }
}
