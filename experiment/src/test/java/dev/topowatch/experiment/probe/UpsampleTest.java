package dev.topowatch.experiment.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class UpsampleTest {

  @Test
  void halfPixelBilinearAsPyTorchWithoutAlignedCorners() {
    // torch.nn.functional.interpolate([[0, 1], [2, 3]], scale_factor=2, mode="bilinear", align_corners=False)
    float[] out = Upsample.bilinear(new float[] {0, 1, 2, 3}, 1, 2, 2);
    float[] expected = {0f, 0.25f, 0.75f, 1f, 0.5f, 0.75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2f, 2.25f, 2.75f, 3f};
    for (int i = 0; i < expected.length; i++) {
      assertThat(out[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-6f));
    }
  }

  @Test
  void aConstantImageStaysConstantAndImagesStaySeparate() {
    float[] two = new float[2 * 9];
    java.util.Arrays.fill(two, 0, 9, 0.3f);
    java.util.Arrays.fill(two, 9, 18, 0.8f);
    float[] out = Upsample.bilinear(two, 2, 3, 2);
    assertThat(out).hasSize(2 * 36);
    for (int i = 0; i < 36; i++) {
      assertThat(out[i]).isCloseTo(0.3f, within(1e-6f));
      assertThat(out[36 + i]).isCloseTo(0.8f, within(1e-6f));
    }
  }

  @Test
  void anyRatio() {
    // torch's source index (dst + 0.5)·(2/3) − 0.5, clamped at 0: rows and columns 0, 0.5, 1.17 → the last clamps to 1
    float[] out = Upsample.resize(new float[] {0, 1, 2, 3}, 2, 3);
    float[] expected = {0f, 0.5f, 1f, 1f, 1.5f, 2f, 2f, 2.5f, 3f};
    for (int i = 0; i < expected.length; i++) {
      assertThat(out[i]).as("pixel %d", i).isCloseTo(expected[i], within(1e-6f));
    }
  }
}
