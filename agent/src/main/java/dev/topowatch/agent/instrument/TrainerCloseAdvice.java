package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code Trainer.close()}: the run is over. */
public final class TrainerCloseAdvice {
  private TrainerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Trainer trainer) {
    Dispatcher.onTrainerClose(trainer);
  }
}
