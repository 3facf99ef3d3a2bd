package dev.topowatch.agent.instrument;

import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.topowatch.agent.Dispatcher;
import net.bytebuddy.asm.Advice;

/** {@code Trainer.forward(data)}: opens and closes the step's capture window. */
public final class TrainerForwardAdvice {
  private TrainerForwardAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Trainer trainer, @Advice.Argument(0) NDList data) {
    Dispatcher.onForwardEnter(trainer, data, null);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  static void exit(@Advice.This Trainer trainer, @Advice.Return NDList output, @Advice.Thrown Throwable thrown) {
    Dispatcher.onForwardExit(trainer, output);
    if (thrown != null) {
      Dispatcher.onTrainingCallFailed(trainer, thrown);
    }
  }
}
