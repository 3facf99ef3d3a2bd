package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.topology.DepthTrend;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analyzer's part of issue 17: a ReLU right after the layer it reads leaves θ and the depth trend
 * (with fixed thresholds ≥ 0), each layer carries its dead fraction, and every published step its
 * depth trend over the layers that entered θ.
 */
class LayerRuleAndTrendTest {

  private static final List<String> T = List.of("0", "0.5");

  @Test
  void aReluAfterItsConvolutionIsADuplicateOnlyWhereItsSetsEqualItsInputs() {
    ThetaLayers spatial = ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.ABSOLUTE, new double[] {0, 0.5});
    int[] s = {4, 5, 5};
    assertThat(spatial.duplicateOf("02_relu", s, "01_conv2d", s)).isEqualTo("01_conv2d");
    assertThat(spatial.includes("02_relu", s, "01_conv2d", s)).isFalse();
    assertThat(spatial.includes("03_maxpool2d", new int[] {4, 2, 2}, "02_relu", s)).isTrue();
    assertThat(spatial.includes("02_relu", s, "01_conv2d", new int[] {4, 6, 6})).isTrue(); // another shape: not elementwise of it
    // A negative threshold: {relu(x) ≤ −0.5} is empty, {x ≤ −0.5} is not.
    assertThat(ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.ABSOLUTE, new double[] {-0.5, 0})
        .includes("02_relu", s, "01_conv2d", s)).isTrue();
    // Quantile mode: a ReLU is not a duplicate, a strictly increasing activation is.
    ThetaLayers q = ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.QUANTILE, new double[] {0.5});
    assertThat(q.includes("02_relu", s, "01_conv2d", s)).isTrue();
    assertThat(q.includes("02_tanh", s, "01_conv2d", s)).isFalse();
    assertThat(ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.STANDARDISED, new double[] {0})
        .includes("02_relu", s, "01_conv2d", s)).isTrue();
  }

  @Test
  void theReluReallyHasTheSameBettiNumbersAsItsInputAtNonNegativeThresholds() {
    // The rule's premise, checked on the engine: random conv-like volumes and their ReLU.
    var engine = new dev.topowatch.topology.CpuBettiEngine();
    Random random = new Random(17);
    for (int trial = 0; trial < 200; trial++) {
      float[] x = new float[3 * 6 * 6];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) random.nextGaussian();
      }
      float[] relu = x.clone();
      for (int i = 0; i < relu.length; i++) {
        relu[i] = Math.max(0f, relu[i]);
      }
      double[] eta = {0, 0.25, 0.5, 1, 1.5};
      var vx = dev.topowatch.topology.Volume.of(x, new int[] {3, 6, 6});
      var vr = dev.topowatch.topology.Volume.of(relu, new int[] {3, 6, 6});
      long[][][] b = engine.betti(List.of(vx, vr), dev.topowatch.topology.Construction.V, eta);
      assertThat(b[1]).isDeepEqualTo(b[0]);
    }
  }

  @Test
  void publishedStepsCarryTheDepthTrendAndEachLayersDeadFraction() {
    ThetaLayers rule = ThetaLayers.SPATIAL.skippingDuplicates(ThresholdSpec.Mode.ABSOLUTE, new double[] {0, 0.5});
    RunState run = new RunState("r", T, 16, 16, rule, 0);
    int[] s = {2, 3, 3};
    String[] names = {"01_conv2d", "02_relu", "03_conv2d", "04_relu", "05_conv2d"};
    long[][][] betti = {{{9, 0, 0}, {7, 0, 0}}, {{9, 0, 0}, {7, 0, 0}}, {{5, 1, 0}, {4, 0, 0}}, {{5, 1, 0}, {4, 0, 0}},
        {{2, 0, 0}, {8, 0, 0}}};
    double[] dead = {0.25, 0.5, 0.75, 0.5, 0.0};
    run.apply(new RunEvent.Started("j", false, 1, List.of(), 1, 0), 0);
    for (int l = 0; l < names.length; l++) {
      run.apply(new RunEvent.SampleApplied(0, 0, l, names[l], 0, s, betti[l], 0, dead[l]), 0);
    }
    run.apply(new RunEvent.StepClosed(0), 0);
    RunSnapshot snap = run.snapshot();
    assertThat(snap.layers()).extracting(RunSnapshot.LayerView::inTheta).containsExactly(true, false, true, false, true);
    assertThat(snap.layers()).extracting(RunSnapshot.LayerView::deadFraction).containsExactly(0.25, 0.5, 0.75, 0.5, 0.0);
    RunSnapshot.ThetaPoint p = snap.theta().get(0);
    assertThat(p.layersPresent()).isEqualTo(3);
    assertThat(p.depthTrend()[0]).isCloseTo(DepthTrend.spearman(new double[] {9, 6, 2}), within(1e-12)).isEqualTo(-1.0);
    assertThat(p.depthTrend()[1]).isCloseTo(0.5, within(1e-12)); // Ω 7, 4, 8: ranks 2, 1, 3
  }
}
