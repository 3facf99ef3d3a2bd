package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** θ and Ω against the values the paper's own formula gives (test resources: paper-bettis/README.md). */
class DecayRateTest {

  @ParameterizedTest(name = "{0}: theta {2}")
  @CsvSource({
      "vgg16.npy, 13, 0.203396",
      "resnet18.npy, 11, 0.194418",
      "resnet50.npy, 19, 0.146613",
      "resnet152.npy, 53, 0.008449",
      "mobilenetv2.npy, 20, 0.055637",
      "densenet121.npy, 12, -0.031132",
      "densenet201.npy, 12, -0.028561"})
  void reproducesThePapersTheta(String file, int layers, double theta) throws IOException {
    double[] omega = TopologicalComplexity.perLayerByClass(PaperBettis.load(file));
    assertThat(omega).hasSize(layers);
    assertThat(DecayRate.theta(omega)).isCloseTo(theta, within(1e-4));
  }

  @Test
  void reproducesTheListedCoefficients() throws IOException {
    double[] r18 = DecayRate.coefficients(TopologicalComplexity.perLayerByClass(PaperBettis.load("resnet18.npy")));
    assertThat(r18[1]).isCloseTo(0.218295, within(1e-6));
    assertThat(r18[2]).isCloseTo(-0.050499, within(1e-6));
    assertThat(r18[3]).isCloseTo(0.002744, within(1e-6));
    double[] d121 = DecayRate.coefficients(TopologicalComplexity.perLayerByClass(PaperBettis.load("densenet121.npy")));
    assertThat(d121[1]).isCloseTo(-0.031885, within(1e-6));
    assertThat(d121[2]).isCloseTo(0.001657, within(1e-6));
    assertThat(d121[3]).isCloseTo(-0.000150, within(1e-6));
  }

  @Test
  void reproducesTheListedMeanComplexities() throws IOException {
    double[] omega = TopologicalComplexity.perLayerByClass(PaperBettis.load("resnet18.npy"));
    double[] expected = {3809.428, 3497.638, 3497.638, 3301.911, 6059.483};
    for (int l = 0; l < expected.length; l++) {
      assertThat(omega[l]).as("layer %d", l + 1).isCloseTo(expected[l], within(5e-4));
    }
  }

  @Test
  void perClassMeanEqualsPlainMeanForEqualClasses() {
    long[][][][] byClass = {
        {{{1, 2, 0}, {4, 0, 0}}, {{3, 0, 1}, {2, 2, 2}}},
        {{{0, 0, 0}, {1, 1, 1}}, {{5, 5, 5}, {0, 0, 9}}}};
    assertThat(TopologicalComplexity.perLayerByClass(byClass)).containsExactly((3 + 4 + 0 + 15) / 4.0, (4 + 6 + 3 + 9) / 4.0);
  }

  @Test
  void fitsAPolynomialExactlyWhenTheDataIsOne() {
    // y proportional to a straight decreasing line: the fit is that line up to the tiny ridge bias
    double[] omega = {10, 8, 6, 4, 2};
    double[] c = DecayRate.coefficients(omega);
    double norm = Math.sqrt(100 + 64 + 36 + 16 + 4);
    for (int l = 1; l <= 5; l++) {
      double fitted = c[0] + c[1] * l + c[2] * l * l + c[3] * l * l * l;
      assertThat(fitted).isCloseTo(omega[l - 1] / norm, within(1e-3));
    }
    assertThat(DecayRate.theta(omega)).isNegative();
  }

  @Test
  void allZeroComplexityHasZeroDecay() {
    assertThat(DecayRate.theta(new double[] {0, 0, 0})).isZero();
  }

  @Test
  void rejectsEmptyOrNonFiniteInput() {
    assertThatThrownBy(() -> DecayRate.theta(new double[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DecayRate.theta(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("layer 2");
  }
}
