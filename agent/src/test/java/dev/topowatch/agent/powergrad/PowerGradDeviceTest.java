package dev.topowatch.agent.powergrad;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Logits on an accelerator never take the host path: copying them out would wait for the device on
 * every training step. (No GPU here: the choice is checked on DJL's device descriptions, and on real
 * CPU arrays.)
 */
@Timeout(60)
class PowerGradDeviceTest {
  @Test
  void smallLogitsOnTheCpuTakeTheHostPath() {
    assertThat(PowerGradLoss.takesHostPath(Device.cpu(), 640, PowerGradLoss.HOST_LIMIT)).isTrue();
    assertThat(PowerGradLoss.takesHostPath(Device.cpu(), PowerGradLoss.HOST_LIMIT + 1, PowerGradLoss.HOST_LIMIT)).isFalse();
  }

  @Test
  void logitsOnAnAcceleratorStayOnTheEngineWhateverTheirSize() {
    assertThat(PowerGradLoss.takesHostPath(Device.gpu(), 640, PowerGradLoss.HOST_LIMIT)).isFalse();
    assertThat(PowerGradLoss.takesHostPath(Device.gpu(3), 1, PowerGradLoss.HOST_LIMIT)).isFalse();
    assertThat(PowerGradLoss.takesHostPath(Device.of("mps", 0), 1, PowerGradLoss.HOST_LIMIT)).isFalse();
  }

  @Test
  void anArraysOwnDeviceDecides() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray z = manager.create(new float[640], new Shape(64, 10));
      assertThat(z.getDevice()).isEqualTo(Device.cpu());
      assertThat(PowerGradLoss.takesHostPath(z.getDevice(), z.size(), PowerGradLoss.HOST_LIMIT)).isTrue();
    }
  }
}
