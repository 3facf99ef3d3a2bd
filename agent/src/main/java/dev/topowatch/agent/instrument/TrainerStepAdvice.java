package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code Trainer.step()}: one training step done, or (when it throws) a failed one. */
public final class TrainerStepAdvice {
  private TrainerStepAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  static void exit(@Advice.This Trainer trainer, @Advice.Thrown Throwable thrown) {
    if (thrown == null) {
      Dispatcher.onStep(trainer);
    } else {
      Dispatcher.onTrainingCallFailed(trainer, thrown);
    }
  }
}
