package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ThetaLayersTest {

  @Test
  void spatialKeepsVolumesAndMapsAndLeavesOutVectors() {
    ThetaLayers rule = ThetaLayers.parse("spatial");
    assertThat(rule.includes("01_conv2d", new int[] {16, 26, 26})).isTrue();
    assertThat(rule.includes("05_maxpool2d", new int[] {16, 12, 12})).isTrue();
    assertThat(rule.includes("map", new int[] {28, 28})).isTrue();
    assertThat(rule.includes("13_globalavgpool2d", new int[] {64})).isFalse();
    assertThat(rule.includes("07_sequential/01_batchflatten", new int[] {400})).isFalse();
    // A 64×1×1 output is a vector in disguise: only b0 can be non-zero.
    assertThat(rule.includes("gap", new int[] {64, 1, 1})).isFalse();
    assertThat(rule.includes("unknown", null)).isFalse();
  }

  @Test
  void allKeepsEveryLayerAndRegexMatchesNames() {
    assertThat(ThetaLayers.parse(" ALL ").includes("14_linear", new int[] {64})).isTrue();
    ThetaLayers convs = ThetaLayers.parse("regex:conv2d$");
    assertThat(convs.includes("01_conv2d", new int[] {16, 26, 26})).isTrue();
    assertThat(convs.includes("02_relu", new int[] {16, 26, 26})).isFalse();
    assertThat(convs.toString()).isEqualTo("regex:conv2d$");
    assertThat(ThetaLayers.parse(ThetaLayers.DEFAULT)).isSameAs(ThetaLayers.SPATIAL);
  }

  @Test
  void anythingElseIsAClearError() {
    assertThatThrownBy(() -> ThetaLayers.parse("convs")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spatial, all or regex:PATTERN");
    assertThatThrownBy(() -> ThetaLayers.parse("regex:(")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad regular expression");
    assertThatThrownBy(() -> ThetaLayers.parse("regex:")).isInstanceOf(IllegalArgumentException.class);
  }
}
