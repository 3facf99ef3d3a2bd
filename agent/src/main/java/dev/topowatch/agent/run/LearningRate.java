package dev.topowatch.agent.run;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.lang.reflect.Field;

/**
 * Reads the learning rate from the optimizer's {@link ParameterTracker}. DJL keeps it in a private
 * field (Sgd, Adam, …), so it is found by type once; NaN when the optimizer has none.
 */
final class LearningRate {
  static final LearningRate UNKNOWN = new LearningRate(null);

  private final ParameterTracker tracker;

  private LearningRate(ParameterTracker tracker) {
    this.tracker = tracker;
  }

  static LearningRate of(Optimizer optimizer) {
    for (Class<?> c = optimizer == null ? null : optimizer.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (ParameterTracker.class.isAssignableFrom(f.getType())) {
          try {
            f.setAccessible(true);
            return new LearningRate((ParameterTracker) f.get(optimizer));
          } catch (ReflectiveOperationException | RuntimeException e) {
            return UNKNOWN;
          }
        }
      }
    }
    return UNKNOWN;
  }

  /** The rate at a 0-based step (DJL counts updates from 1). */
  double at(long step) {
    if (tracker == null) {
      return Double.NaN;
    }
    try {
      return tracker.getNewValue("", (int) Math.min(Integer.MAX_VALUE, step + 1));
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
