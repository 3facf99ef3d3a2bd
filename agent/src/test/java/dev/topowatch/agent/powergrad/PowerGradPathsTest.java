package dev.topowatch.agent.powergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * PowerGradLoss computes small logits on the host and large ones with engine array operations; the
 * engine path is the spec's formula written out, so it is the reference. Both must give the same
 * value, gradient and accumulated value for every option.
 */
class PowerGradPathsTest {

  @Provide
  Arbitrary<Float> alphas() {
    return Arbitraries.oneOf(Arbitraries.of(0f, 0.05f, 0.25f, 0.5f, 1f), Arbitraries.floats().between(0, 1));
  }

  @Property(tries = 300, seed = "20261130") // fixed: a failure replays exactly
  void hostAndEnginePathsAgree(
      @ForAll @IntRange(min = 1, max = 9) int rows,
      @ForAll @IntRange(min = 2, max = 12) int classes,
      @ForAll("alphas") float alpha,
      @ForAll boolean sparse,
      @ForAll boolean fromLogit,
      @ForAll boolean smoothed,
      @ForAll boolean weighted,
      @ForAll long seed) {
    Random random = new Random(seed);
    float epsilon = smoothed ? random.nextFloat() * 0.5f : 0f;
    float weight = weighted ? 0.1f + random.nextFloat() * 3 : 1f;
    float scale = random.nextBoolean() ? 1 : 20; // large logits too
    float[] logits = new float[rows * classes];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * scale);
    }
    float[] labels = sparse ? new float[rows] : new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      if (sparse) {
        labels[r] = random.nextInt(classes);
      } else {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          labels[r * classes + c] = random.nextFloat();
          sum += labels[r * classes + c];
        }
        for (int c = 0; c < classes; c++) {
          labels[r * classes + c] /= (float) sum;
        }
      }
    }
    Shape labelShape = sparse ? new Shape(rows) : new Shape(rows, classes);
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray input = manager.create(logits, new Shape(rows, classes));
      if (!fromLogit) {
        input = input.logSoftmax(-1); // log-probabilities
      }
      float[] predictions = input.toFloatArray();
      Result host = run(manager, loss(alpha, sparse, fromLogit, epsilon, weight, Long.MAX_VALUE),
          predictions, rows, classes, labels, labelShape);
      Result engine = run(manager, loss(alpha, sparse, fromLogit, epsilon, weight, 0),
          predictions, rows, classes, labels, labelShape);
      double tolerance = 2e-5 * Math.max(1, Math.abs(engine.value));
      assertThat(host.value).isCloseTo(engine.value, within(tolerance));
      assertThat(host.accumulated).isCloseTo(engine.accumulated, within(tolerance));
      assertThat(host.accumulated).isCloseTo(host.value, within(tolerance));
      for (int i = 0; i < predictions.length; i++) {
        assertThat(host.grad[i]).as("gradient %d", i).isCloseTo(engine.grad[i], within(1e-6f * Math.max(1, weight)));
      }
    }
  }

  @Example
  void labelsOfShapeNByOneAndInt64LabelsWork() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      float[] z = {1, 2, 3, 0.5f, -1, 4};
      for (long limit : new long[] {Long.MAX_VALUE, 0}) {
        PowerGradLoss loss = loss(0.25f, true, true, 0, 1, limit);
        Result column = run(manager, loss, z, 2, 3, new float[] {2, 0}, new Shape(2, 1));
        NDArray int64 = manager.create(new long[] {2, 0});
        Result longs = runWith(manager, loss, z, 2, 3, int64);
        Result flat = run(manager, loss, z, 2, 3, new float[] {2, 0}, new Shape(2));
        assertThat(column.value).isCloseTo(flat.value, within(1e-6));
        assertThat(longs.value).isCloseTo(flat.value, within(1e-6));
        assertThat(column.grad).containsExactly(flat.grad, within(1e-7f));
        assertThat(longs.grad).containsExactly(flat.grad, within(1e-7f));
      }
    }
  }

  @Example
  void outOfRangeOrMissingLabelsAreRefused() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      PowerGradLoss loss = loss(0.5f, true, true, 0, 1, Long.MAX_VALUE);
      NDList z = new NDList(manager.create(new float[] {1, 2, 3}, new Shape(1, 3)));
      assertThatThrownBy(() -> loss.evaluate(new NDList(manager.create(new float[] {3})), z))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside [0, 3)");
      assertThatThrownBy(() -> loss.evaluate(new NDList(manager.create(new float[] {0, 1})), z))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 1 class-index labels");
    }
  }

  @Example
  void halfPrecisionLogitsGetAGradientOfTheirOwnType() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray z = manager.create(new float[] {1, 2, 3}, new Shape(1, 3)).toType(DataType.FLOAT16, false);
      z.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray value = loss(0.5f, true, true, 0, 1, Long.MAX_VALUE)
            .evaluate(new NDList(manager.create(new float[] {0})), new NDList(z));
        collector.backward(value);
        assertThat(value.toType(DataType.FLOAT32, false).getFloat()).isCloseTo(2.407606f, within(2e-3f));
        assertThat(z.getGradient().getDataType()).isEqualTo(DataType.FLOAT16);
        float[] grad = z.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
        assertThat(grad).containsExactly(new float[] {-0.813676f, 0.307196f, 0.506480f}, within(2e-3f));
      }
    }
  }

  private static PowerGradLoss loss(
      float alpha, boolean sparse, boolean fromLogit, float epsilon, float weight, long hostLimit) {
    return PowerGradLoss.builder().setAlpha(alpha).optSparseLabel(sparse).optFromLogit(fromLogit)
        .optLabelSmoothing(epsilon).optWeight(weight).hostLimit(hostLimit).build();
  }

  private record Result(double value, double accumulated, float[] grad) {}

  private static Result run(
      NDManager manager, PowerGradLoss loss, float[] z, int rows, int classes, float[] labels, Shape labelShape) {
    return runWith(manager, loss, z, rows, classes, manager.create(labels, labelShape));
  }

  private static Result runWith(NDManager manager, PowerGradLoss loss, float[] z, int rows, int classes, NDArray y) {
    NDArray logits = manager.create(z, new Shape(rows, classes));
    logits.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray value = loss.evaluate(new NDList(y), new NDList(logits));
      collector.backward(value);
      loss.addAccumulator("k");
      loss.updateAccumulator("k", new NDList(y), new NDList(logits));
      return new Result(value.getFloat(), loss.getAccumulator("k"), logits.getGradient().toFloatArray());
    }
  }
}
