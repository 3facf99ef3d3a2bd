package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code Trainer.step()}: one training step done. */
public final class TrainerStepAdvice {
  private TrainerStepAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Trainer trainer) {
    Dispatcher.onStep(trainer);
  }
}
