package dev.topowatch.agent.powergrad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PowerGradLoss on DJL's PyTorch CPU engine, gradients through a real GradientCollector. */
class PowerGradLossTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterEach
  void close() {
    manager.close();
  }

  /** Value and gradient with respect to the predictions. */
  private record ValueAndGrad(float value, float[] grad) {}

  private ValueAndGrad run(Loss loss, float[] logits, Shape shape, NDArray labels) {
    NDArray z = manager.create(logits, shape);
    z.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray value = loss.evaluate(new NDList(labels), new NDList(z));
      collector.backward(value);
      return new ValueAndGrad(value.getFloat(), z.getGradient().toFloatArray());
    }
  }

  private static PowerGradLoss alpha(float a) {
    return PowerGradLoss.builder().setAlpha(a).build();
  }

  @ParameterizedTest(name = "alpha {0}")
  @CsvSource({
    "1,    -0.909969, 0.244728, 0.665241",
    "0.5,  -0.813676, 0.307196, 0.506480",
    "0.25, -0.745725, 0.326496, 0.419229",
    "0.05, -0.683188, 0.333056, 0.350132",
    "0,    -0.666667, 0.333333, 0.333333"
  })
  void specTestVectors(float a, float g0, float g1, float g2) {
    ValueAndGrad r = run(alpha(a), new float[] {1, 2, 3}, new Shape(1, 3), manager.create(new float[] {0}));
    assertThat(r.value()).isCloseTo(2.407606f, within(1e-6f));
    assertThat(r.grad()[0]).isCloseTo(g0, within(1e-6f));
    assertThat(r.grad()[1]).isCloseTo(g1, within(1e-6f));
    assertThat(r.grad()[2]).isCloseTo(g2, within(1e-6f));
  }

  @Test
  void alphaOneEqualsDjlSoftmaxCrossEntropyForABatch() {
    Random random = new Random(3);
    int n = 16;
    int c = 10;
    float[] logits = new float[n * c];
    float[] labels = new float[n];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (random.nextGaussian() * 3);
    }
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(c);
    }
    Shape shape = new Shape(n, c);
    ValueAndGrad djl = run(new SoftmaxCrossEntropyLoss(), logits, shape, manager.create(labels));
    ValueAndGrad ours = run(alpha(1), logits, shape, manager.create(labels));
    assertThat(ours.value()).isCloseTo(djl.value(), within(1e-6f));
    for (int i = 0; i < logits.length; i++) {
      assertThat(ours.grad()[i]).isCloseTo(djl.grad()[i], within(1e-7f));
    }
  }

  @Test
  void batchGradientIsPowerSoftmaxMinusTargetOverN() {
    float[] logits = {1, 2, 3, 0.5f, -1, 4};
    float[] labels = {2, 0};
    float a = 0.25f;
    ValueAndGrad r = run(alpha(a), logits, new Shape(2, 3), manager.create(labels));
    double[] expected = new double[6];
    double ce = 0;
    for (int row = 0; row < 2; row++) {
      double[] p = softmax(logits, row * 3, 1);
      double[] pa = softmax(logits, row * 3, a);
      for (int k = 0; k < 3; k++) {
        double q = k == labels[row] ? 1 : 0;
        expected[row * 3 + k] = (pa[k] - q) / 2;
        ce -= q * Math.log(p[k]) / 2;
      }
    }
    assertThat((double) r.value()).isCloseTo(ce, within(1e-6));
    for (int i = 0; i < 6; i++) {
      assertThat((double) r.grad()[i]).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void denseLabelsAndLabelSmoothing() {
    float[] logits = {1, 2, 3};
    float eps = 0.1f;
    float a = 0.5f;
    PowerGradLoss smoothed = PowerGradLoss.builder().setAlpha(a).optLabelSmoothing(eps).build();
    ValueAndGrad sparse = run(smoothed, logits, new Shape(1, 3), manager.create(new float[] {0}));
    float[] q = {1 - eps + eps / 3, eps / 3, eps / 3};
    PowerGradLoss dense = PowerGradLoss.builder().setAlpha(a).optSparseLabel(false).build();
    ValueAndGrad soft = run(dense, logits, new Shape(1, 3), manager.create(q, new Shape(1, 3)));
    double[] p = softmax(logits, 0, 1);
    double[] pa = softmax(logits, 0, a);
    double ce = 0;
    for (int k = 0; k < 3; k++) {
      ce -= q[k] * Math.log(p[k]);
      assertThat((double) sparse.grad()[k]).isCloseTo(pa[k] - q[k], within(1e-6));
      assertThat((double) soft.grad()[k]).isCloseTo(pa[k] - q[k], within(1e-6));
    }
    assertThat((double) sparse.value()).isCloseTo(ce, within(1e-6));
    assertThat((double) soft.value()).isCloseTo(ce, within(1e-6));
  }

  @Test
  void batchOfOneEqualsDjlAtAlphaOne() {
    float[] logits = {0.3f, -2, 5, 1};
    ValueAndGrad djl = run(new SoftmaxCrossEntropyLoss(), logits, new Shape(1, 4), manager.create(new float[] {3}));
    ValueAndGrad ours = run(alpha(1), logits, new Shape(1, 4), manager.create(new float[] {3}));
    assertThat(ours.value()).isCloseTo(djl.value(), within(1e-6f));
    assertThat(ours.grad()).containsExactly(djl.grad(), within(1e-7f));
  }

  @Test
  void accumulatorsRecordTheCrossEntropyAsDjlsDo() {
    Random random = new Random(5);
    SoftmaxCrossEntropyLoss djl = new SoftmaxCrossEntropyLoss();
    PowerGradLoss ours = alpha(0.25f); // the value is the cross-entropy whatever alpha is
    for (Loss loss : new Loss[] {djl, ours}) {
      loss.addAccumulator("train");
      loss.addAccumulator("validate");
      assertThat(loss.getAccumulator("train")).isNaN();
    }
    for (int batch = 0; batch < 3; batch++) {
      float[] logits = new float[8 * 5];
      float[] labels = new float[8];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (random.nextGaussian() * 2);
      }
      for (int i = 0; i < labels.length; i++) {
        labels[i] = random.nextInt(5);
      }
      NDList y = new NDList(manager.create(labels));
      NDList z = new NDList(manager.create(logits, new Shape(8, 5)));
      djl.updateAccumulators(new String[] {"train", "validate"}, y, z);
      ours.updateAccumulators(new String[] {"train", "validate"}, y, z);
    }
    djl.updateAccumulator("train", new NDList(manager.create(new float[] {1})),
        new NDList(manager.create(new float[] {0, 3, 1, 1, 1}, new Shape(1, 5))));
    ours.updateAccumulator("train", new NDList(manager.create(new float[] {1})),
        new NDList(manager.create(new float[] {0, 3, 1, 1, 1}, new Shape(1, 5))));
    assertThat(ours.getAccumulator("train")).isCloseTo(djl.getAccumulator("train"), within(1e-6f));
    assertThat(ours.getAccumulator("validate")).isCloseTo(djl.getAccumulator("validate"), within(1e-6f));
    assertThat(ours.getAccumulator("train")).isNotCloseTo(ours.getAccumulator("validate"), within(1e-3f));
    ours.resetAccumulator("train");
    assertThat(ours.getAccumulator("train")).isNaN();
    assertThatThrownBy(() -> ours.getAccumulator("test")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightScalesValueAndAccumulators() {
    PowerGradLoss weighted = PowerGradLoss.builder().setAlpha(0.5f).optWeight(2f).build();
    NDList y = new NDList(manager.create(new float[] {0}));
    NDList z = new NDList(manager.create(new float[] {1, 2, 3}, new Shape(1, 3)));
    assertThat(weighted.evaluate(y, z).getFloat()).isCloseTo(2 * 2.407606f, within(1e-5f));
    weighted.addAccumulator("train");
    weighted.updateAccumulator("train", y, z);
    assertThat(weighted.getAccumulator("train")).isCloseTo(2 * 2.407606f, within(1e-5f));
  }

  @Test
  void refusesAlphaOutsideTheUnitInterval() {
    assertThatThrownBy(() -> alpha(1.5f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha must be in [0, 1]").hasMessageContaining("1.5");
    assertThatThrownBy(() -> alpha(-0.1f)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PowerGradLoss.builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> PowerGradLoss.builder().setAlpha(0.5f).optLabelSmoothing(1f).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void swapKeepsTheNameAndLeavesOtherLossesAlone() {
    LossSwap.Result swap = LossSwap.forLoss(new SoftmaxCrossEntropyLoss("xent"), 0.3f);
    assertThat(swap.replacement()).isNotNull();
    assertThat(swap.replacement().getName()).isEqualTo("xent");
    assertThat(swap.replacement().getAlpha()).isEqualTo(0.3f);
    LossSwap.Result l2 = LossSwap.forLoss(Loss.l2Loss(), 0.3f);
    assertThat(l2.replacement()).isNull();
    assertThat(l2.reason()).contains("L2Loss").contains("left alone");
    LossSwap.Result otherAxis = LossSwap.forLoss(new SoftmaxCrossEntropyLoss("x", 1, 1, true, true), 0.3f);
    assertThat(otherAxis.replacement()).isNull();
  }

  private static double[] softmax(float[] z, int from, double a) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < 3; k++) {
      max = Math.max(max, a * z[from + k]);
    }
    double sum = 0;
    double[] out = new double[3];
    for (int k = 0; k < 3; k++) {
      out[k] = Math.exp(a * z[from + k] - max);
      sum += out[k];
    }
    for (int k = 0; k < 3; k++) {
      out[k] /= sum;
    }
    return out;
  }
}
