package dev.topowatch.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Layer naming and selection, and which steps and samples are taken. */
class SamplingTest {
  private static SequentialBlock model() {
    return new SequentialBlock()
        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
        .add(Activation.reluBlock())
        .add(Pool.maxPool2dBlock(new Shape(2, 2)))
        .add(new SequentialBlock()
            .add(Blocks.batchFlattenBlock())
            .add(new SequentialBlock().add(Linear.builder().setUnits(8).build()))
            .add(new LambdaBlock(x -> x)))
        .add(Linear.builder().setUnits(2).build());
  }

  @Test
  void namesAreNumberedPathsWithNestedSequentialBlocksExpanded() {
    List<Layer> layers = LayerNaming.layers(model());
    assertThat(layers).extracting(Layer::name).containsExactly(
        "01_conv2d", "02_relu", "03_maxpool2d", "04_sequential/01_batchflatten",
        "04_sequential/02_sequential/01_linear", "04_sequential/03_lambda", "05_linear");
    assertThat(layers).extracting(Layer::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
    assertThat(layers).extracting(Layer::blockType)
        .containsExactly("Conv2d", "LambdaBlock", "LambdaBlock", "LambdaBlock", "Linear", "LambdaBlock", "Linear");
  }

  @Test
  void namesAreStableAcrossInstances() {
    assertThat(LayerNaming.layers(model())).extracting(Layer::name)
        .isEqualTo(LayerNaming.layers(model()).stream().map(Layer::name).toList());
  }

  @Test
  void aBlockWithoutChildrenIsItsOwnSingleLayer() {
    List<Layer> layers = LayerNaming.layers(Linear.builder().setUnits(3).build());
    assertThat(layers).extracting(Layer::name).containsExactly("01_linear");
  }

  @Test
  void theLayersRegexSelectsByPathAndKeepsIndices() {
    List<Layer> layers = LayerNaming.layers(model());
    List<Layer> linear = LayerNaming.select(layers, Pattern.compile("linear$"));
    assertThat(linear).extracting(Layer::name).containsExactly("04_sequential/02_sequential/01_linear", "05_linear");
    assertThat(linear).extracting(Layer::index).containsExactly(4, 6);
    assertThat(LayerNaming.select(layers, null)).isSameAs(layers);
    assertThat(LayerNaming.select(layers, Pattern.compile("^0[12]_"))).hasSize(2);
  }

  @Test
  void sampledAndMeteredSteps() {
    SamplingPlan plan = new SamplingPlan(50, 8, 10);
    assertThat(plan.isSampledStep(0)).isTrue();
    assertThat(plan.isSampledStep(49)).isFalse();
    assertThat(plan.isSampledStep(50)).isTrue();
    assertThat(plan.isSampledStep(100)).isTrue();
    assertThat(plan.isMetricsStep(0)).isTrue();
    assertThat(plan.isMetricsStep(15)).isFalse();
    assertThat(plan.isMetricsStep(20)).isTrue();
    SamplingPlan off = new SamplingPlan(0, 8, 0);
    assertThat(off.isSampledStep(0)).isFalse();
    assertThat(off.isMetricsStep(0)).isFalse();
  }

  @Test
  void samplesAreTheFirstOfTheBatchAtMostTheBatchSize() {
    SamplingPlan plan = new SamplingPlan(1, 8, 1);
    assertThat(plan.samplesFrom(32)).isEqualTo(8);
    assertThat(plan.samplesFrom(3)).isEqualTo(3);
    assertThat(plan.samplesFrom(0)).isZero();
  }
}
