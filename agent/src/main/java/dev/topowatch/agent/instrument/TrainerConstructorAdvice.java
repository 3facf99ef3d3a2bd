package dev.topowatch.agent.instrument;

import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code new Trainer(model, config)}: may swap the config's loss; then binds the run. */
public final class TrainerConstructorAdvice {
  private TrainerConstructorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(value = 1, readOnly = false) TrainingConfig config) {
    config = Dispatcher.onTrainerConfig(config);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Trainer trainer) {
    Dispatcher.onTrainerCreated(trainer);
  }
}
