package dev.topowatch.agent.powergrad;

import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.lang.reflect.Field;

/**
 * Decides whether a configured loss can be replaced by an equivalent {@link PowerGradLoss}: only a
 * plain {@link SoftmaxCrossEntropyLoss} over the last axis is; anything else is left alone.
 */
public final class LossSwap {
  private LossSwap() {}

  /** The outcome: the replacement, or null with the reason it was left alone. */
  public record Result(PowerGradLoss replacement, String reason) {}

  /** Builds the replacement for {@code loss} with the same name, weight and label conventions. */
  public static Result forLoss(Loss loss, float alpha) {
    if (loss == null || loss.getClass() != SoftmaxCrossEntropyLoss.class) {
      String type = loss == null ? "none" : loss.getClass().getName();
      return new Result(null, "loss " + type + " is not SoftmaxCrossEntropyLoss; left alone");
    }
    try {
      int classAxis = (Integer) read(loss, "classAxis");
      if (classAxis != -1) {
        return new Result(null, "SoftmaxCrossEntropyLoss over axis " + classAxis + "; left alone");
      }
      PowerGradLoss replacement =
          PowerGradLoss.builder()
              .setAlpha(alpha)
              .optName(loss.getName())
              .optWeight((Float) read(loss, "weight"))
              .optSparseLabel((Boolean) read(loss, "sparseLabel"))
              .optFromLogit((Boolean) read(loss, "fromLogit"))
              .build();
      return new Result(replacement, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return new Result(null, "cannot read SoftmaxCrossEntropyLoss settings (" + e + "); left alone");
    }
  }

  private static Object read(Object target, String field) throws ReflectiveOperationException {
    Field f = SoftmaxCrossEntropyLoss.class.getDeclaredField(field);
    f.setAccessible(true);
    return f.get(target);
  }
}
