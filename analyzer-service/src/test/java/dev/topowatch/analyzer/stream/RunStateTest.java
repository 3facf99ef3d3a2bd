package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.topology.DecayRate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStateTest {

  private static final List<String> T = List.of("0", "1");

  /** A 2-D sample whose Betti numbers at both thresholds are (b0, b1). */
  static RunEvent.SampleApplied sample(long step, int layer, int i, long b0, long b1) {
    return new RunEvent.SampleApplied(step, 0, layer, "l" + layer, i, new int[] {4, 4},
        new long[][] {{b0, b1}, {b0, b1}}, 1_000 + i);
  }

  static RunEvent.Started started(int layers, int samples) {
    List<RunEvent.LayerMeta> metas = new java.util.ArrayList<>();
    for (int l = 0; l < layers; l++) {
      metas.add(new RunEvent.LayerMeta(l, "l" + l, new int[] {4, 4}));
    }
    return new RunEvent.Started("job", true, 0.3, metas, samples, 0);
  }

  @Test
  void aCompleteStepPublishesMeansOmegaThetaAndLateLayerComplexity() {
    RunState run = new RunState("r", T, 10, 8, 0);
    run.apply(started(4, 2), 0);
    long[][] b = {{5, 1}, {3, 2}, {2, 0}, {1, 0}};
    for (int l = 0; l < 4; l++) {
      run.apply(sample(0, l, 0, b[l][0], b[l][1]), 0);
      assertThat(run.snapshot().theta()).isEmpty();
      RunState.Applied last = run.apply(sample(0, l, 1, b[l][0] + 2, b[l][1]), 0);
      if (l == 3) {
        assertThat(last.publishedSampleTimes()).hasSize(8);
      }
    }
    RunSnapshot s = run.snapshot();
    assertThat(s.samplesProcessed()).isEqualTo(8);
    assertThat(s.layers()).hasSize(4);
    assertThat(s.layers().get(0).betti()[0]).containsExactly(6.0, 1.0);
    double[] omega = {7, 6, 3, 2};
    for (int l = 0; l < 4; l++) {
      assertThat(s.layers().get(l).omega()[1]).isEqualTo(omega[l]);
    }
    RunSnapshot.ThetaPoint p = s.theta().get(0);
    assertThat(p.complete()).isTrue();
    assertThat(p.layersPresent()).isEqualTo(4);
    assertThat(p.theta()[0]).isCloseTo(DecayRate.theta(omega), within(1e-12));
    assertThat(run.latestTheta(1)).isCloseTo(DecayRate.theta(omega), within(1e-12));
    assertThat(run.latestLateLayerComplexity(0)).isEqualTo(2.0); // last quarter of 4 layers = the last one
    assertThat(run.powergradAlpha()).isEqualTo(0.3);
  }

  @Test
  void aRunStartedArrivingAfterTheSamplesClosesTheStepsTheyComplete() {
    RunState run = new RunState("r", T, 10, 8, 0);
    run.apply(sample(0, 0, 0, 2, 0), 0);
    run.apply(sample(0, 1, 0, 1, 0), 0);
    assertThat(run.snapshot().theta()).isEmpty();
    assertThat(run.apply(started(2, 1), 0).publishedSampleTimes()).hasSize(2);
    assertThat(run.snapshot().theta()).singleElement().satisfies(p -> assertThat(p.complete()).isTrue());
  }

  @Test
  void redeliveryChangesNothing() {
    RunState run = new RunState("r", T, 10, 8, 0);
    assertThat(run.apply(sample(0, 0, 0, 1, 1), 0).status()).isEqualTo(RunState.Status.APPLIED);
    RunSnapshot before = run.snapshot();
    assertThat(run.apply(sample(0, 0, 0, 9, 9), 0).status()).isEqualTo(RunState.Status.DUPLICATE);
    assertThat(run.apply(new RunEvent.SampleRejected(0, 0, 0, "too_large"), 0).status()).isEqualTo(RunState.Status.DUPLICATE);
    assertThat(run.snapshot().samplesProcessed()).isEqualTo(before.samplesProcessed());
    assertThat(run.snapshot().samplesRejected()).isZero();
    assertThat(run.alreadySeen(new SampleKey(0, 0, 0))).isTrue();
    assertThat(run.alreadySeen(new SampleKey(0, 0, 1))).isFalse();
  }

  @Test
  void withoutRunStartedAStepClosesAfterTheLayerWaitWithTheLayersPresent() {
    RunState run = new RunState("r", T, 10, 8, 0);
    run.apply(sample(5, 0, 0, 4, 0), 100);
    run.apply(sample(5, 2, 0, 1, 0), 150);
    assertThat(run.dueSteps(1_099, 1_000)).isEmpty();
    assertThat(run.dueSteps(1_100, 1_000)).containsExactly(5L);
    run.apply(new RunEvent.StepClosed(5), 1_100);
    RunSnapshot.ThetaPoint p = run.snapshot().theta().get(0);
    assertThat(p.complete()).isFalse();
    assertThat(p.layersPresent()).isEqualTo(2);
    assertThat(p.theta()[0]).isCloseTo(DecayRate.theta(new double[] {4, 1}), within(1e-12));
    assertThat(run.dueSteps(10_000, 1_000)).isEmpty();
    // A late sample of the closed step still counts and republishes it.
    run.apply(sample(5, 1, 0, 2, 0), 1_200);
    assertThat(run.snapshot().theta().get(0).layersPresent()).isEqualTo(3);
    assertThat(run.snapshot().samplesProcessed()).isEqualTo(3);
  }

  @Test
  void withFewerThanTwoLayersThetaIsUndefinedAndTheGaugeKeepsItsLastValue() {
    RunState run = new RunState("r", T, 10, 8, 0);
    run.apply(started(2, 1), 0);
    run.apply(sample(0, 0, 0, 3, 0), 0);
    run.apply(sample(0, 1, 0, 1, 0), 0);
    double theta = run.latestTheta(0);
    assertThat(theta).isCloseTo(DecayRate.theta(new double[] {3, 1}), within(1e-12));
    run.apply(sample(1, 0, 0, 3, 0), 0);
    run.apply(new RunEvent.StepClosed(1), 0);
    assertThat(run.snapshot().theta().get(1).theta()[0]).isNaN();
    assertThat(run.latestTheta(0)).isEqualTo(theta);
  }

  @Test
  void openStepsAreBoundedAndForgottenStepsIgnoreLateSamples() {
    RunState run = new RunState("r", T, 3, 2, 0);
    for (long step = 0; step < 6; step++) {
      run.apply(sample(step, 0, 0, 1, 0), 0);
      run.apply(sample(step, 1, 0, 1, 0), 0);
    }
    assertThat(run.snapshot().theta()).hasSize(3).extracting(RunSnapshot.ThetaPoint::step).containsExactly(1L, 2L, 3L);
    assertThat(run.apply(sample(0, 0, 1, 1, 0), 0).status()).isEqualTo(RunState.Status.STALE);
    assertThat(run.stale(0)).isTrue();
    assertThat(run.stale(4)).isFalse();
    assertThat(run.snapshot().samplesProcessed()).isEqualTo(12);
  }

  @Test
  void onlyTheLayersTheRuleSelectsEnterThetaButEveryLayersOmegaIsKeptInTheHistory() {
    RunState run = new RunState("r", T, 10, 8, ThetaLayers.SPATIAL, 0);
    // Layers 0-3 are 2-D maps, layer 4 a dense vector whose β0 would dominate the fit.
    long[] b0 = {9, 7, 4, 2, 40};
    for (int l = 0; l < 5; l++) {
      int[] shape = l < 4 ? new int[] {4, 4} : new int[] {64};
      long[][] betti = l < 4 ? new long[][] {{b0[l], 1}, {b0[l], 1}} : new long[][] {{b0[l]}, {b0[l]}};
      run.apply(new RunEvent.SampleApplied(0, 0, l, "l" + l, 0, shape, betti, 0), 0);
    }
    run.apply(new RunEvent.StepClosed(0), 0);
    RunSnapshot.ThetaPoint p = run.snapshot().theta().get(0);
    double[] spatial = {10, 8, 5, 3};
    assertThat(p.layersPresent()).isEqualTo(4);
    assertThat(p.theta()[0]).isCloseTo(DecayRate.theta(spatial), within(1e-12));
    assertThat(p.lateLayerComplexity()[0]).isEqualTo(3.0); // last quarter of the four spatial layers
    assertThat(p.layers()).containsExactly(0, 1, 2, 3, 4);
    assertThat(p.omega()[1]).containsExactly(10, 8, 5, 3, 40);
    assertThat(run.thetaLayers()).isSameAs(ThetaLayers.SPATIAL);

    RunState all = new RunState("r", T, 10, 8, ThetaLayers.ALL, 0);
    for (int l = 0; l < 5; l++) {
      int[] shape = l < 4 ? new int[] {4, 4} : new int[] {64};
      long[][] betti = l < 4 ? new long[][] {{b0[l], 1}, {b0[l], 1}} : new long[][] {{b0[l]}, {b0[l]}};
      all.apply(new RunEvent.SampleApplied(0, 0, l, "l" + l, 0, shape, betti, 0), 0);
    }
    all.apply(new RunEvent.StepClosed(0), 0);
    assertThat(all.snapshot().theta().get(0).theta()[0]).isCloseTo(DecayRate.theta(new double[] {10, 8, 5, 3, 40}), within(1e-12));
  }

  @Test
  void eventsUpdateTheLatestMetrics() {
    RunState run = new RunState("r", T, 10, 8, 0);
    run.apply(new RunEvent.StepMetrics(7, 1, 0.5, 0.9, 0.1, 2.0, 0), 0);
    run.apply(new RunEvent.StepMetrics(3, 0, 0.9, 0.1, 0.1, 2.0, 0), 0);
    run.apply(new RunEvent.EpochMetrics(1, 7, 0.4, 0.95, true, 0.6, 0.8, 0), 0);
    assertThat(run.stepMetrics().step()).isEqualTo(7);
    assertThat(run.latestStep()).isEqualTo(7);
    assertThat(run.epochMetrics().generalizationGap()).isCloseTo(0.15, within(1e-12));
    run.apply(new RunEvent.Finished(8, "COMPLETED", 0), 0);
    assertThat(run.active()).isFalse();
    assertThat(run.powergradAlpha()).isEqualTo(1.0);
  }
}
