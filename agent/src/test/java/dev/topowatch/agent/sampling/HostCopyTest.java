package dev.topowatch.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The copy of a batch's first rows, on the real PyTorch engine, against the values the batch holds. */
@Timeout(60)
class HostCopyTest {

  /** The first {@code rows} rows of {@code a}, read the plain way (whole array to Java, then cut). */
  private static float[] expected(NDArray a, int rows) {
    float[] all = a.toType(DataType.FLOAT32, true).toFloatArray();
    return Arrays.copyOf(all, (int) (rows * (a.size() / a.getShape().get(0))));
  }

  @Test
  void copiesOnlyTheFirstRowsOfEveryKindOfArray() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray contiguous = m.randomNormal(new Shape(5, 3, 4, 4));
      NDArray transposed = m.randomNormal(new Shape(4, 4, 3, 5)).transpose(3, 2, 1, 0); // not contiguous
      NDArray doubles = m.randomNormal(new Shape(6, 7)).toType(DataType.FLOAT64, false);
      NDArray offset = m.randomNormal(new Shape(9, 2, 3)).get("2:8"); // a view that starts inside its storage
      for (NDArray a : new NDArray[] {contiguous, transposed, doubles, offset}) {
        HostCopy.Rows rows = HostCopy.firstRows(a, 2);
        assertThat(rows.rows()).isEqualTo(2);
        assertThat(rows.shape()).containsExactly(Arrays.copyOfRange(a.getShape().getShape(), 1, a.getShape().dimension()));
        assertThat(rows.values()).containsExactly(expected(a, 2));
        assertThat(HostCopy.sliced(a, 2).values()).containsExactly(rows.values());
      }
    }
  }

  @Test
  void copiesAnArrayThatRequiresAGradientWithoutTouchingTheGraph() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.randomNormal(new Shape(4, 6));
      w.setRequiresGradient(true);
      try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
        NDArray out = w.mul(2);
        float[] copied = HostCopy.firstRows(out, 3).values();
        assertThat(copied).containsExactly(expected(out.stopGradient(), 3));
        g.backward(out.sum());
      }
      assertThat(w.getGradient().toFloatArray()).containsOnly(2f);
    }
  }
}
