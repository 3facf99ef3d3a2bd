package dev.topowatch.agent.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;

/** Batch statistics for StepMetrics; every temporary array is closed before returning. */
final class Scalars {
  private Scalars() {}

  /** Mean L2 norm of the logit vectors (last axis). */
  static double meanRowNorm(NDArray logits) {
    List<NDArray> temps = new ArrayList<>();
    try {
      NDArray detached = keep(temps, logits.stopGradient());
      NDArray norms = keep(temps, detached.toType(DataType.FLOAT32, false)).norm(new int[] {-1});
      return keep(temps, keep(temps, norms).mean()).getFloat();
    } finally {
      temps.forEach(NDArray::close);
    }
  }

  /** Fraction of rows whose arg-max equals the class-index label; NaN when labels are not indices. */
  static double accuracy(NDArray labels, NDArray logits) {
    if (labels.size() * logits.getShape().get(logits.getShape().dimension() - 1) != logits.size()) {
      return Double.NaN;
    }
    List<NDArray> temps = new ArrayList<>();
    try {
      NDArray detached = keep(temps, logits.stopGradient());
      NDArray predicted = keep(temps, detached.argMax(-1)).toType(DataType.INT64, false);
      NDArray truth = keep(temps, labels.toType(DataType.INT64, true)).reshape(predicted.getShape());
      NDArray equal = keep(temps, keep(temps, predicted).eq(keep(temps, truth)));
      NDArray mean = keep(temps, keep(temps, equal.toType(DataType.FLOAT32, false)).mean());
      return mean.getFloat();
    } finally {
      temps.forEach(NDArray::close);
    }
  }

  private static NDArray keep(List<NDArray> temps, NDArray array) {
    for (NDArray t : temps) {
      if (t == array) {
        return array;
      }
    }
    temps.add(array);
    return array;
  }
}
