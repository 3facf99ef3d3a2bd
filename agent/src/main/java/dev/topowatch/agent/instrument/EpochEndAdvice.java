package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code EvaluatorTrainingListener.onEpoch(trainer)}: the epoch's results have just been computed. */
public final class EpochEndAdvice {
  private EpochEndAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Argument(0) Trainer trainer) {
    Dispatcher.onEpochEnd(trainer);
  }
}
