package dev.topowatch.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.agent.AgentConfig.SampleDType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DTypeEncoderTest {
  @Test
  void float32IsLittleEndianAndSlicesTheRow() {
    byte[] b = DTypeEncoder.encode(new float[] {9, 1.5f, -2}, 1, 2, SampleDType.FLOAT32);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b).hasSize(8);
    assertThat(buf.getFloat()).isEqualTo(1.5f);
    assertThat(buf.getFloat()).isEqualTo(-2f);
  }

  @Test
  void halfPrecisionKnownValues() {
    assertThat(DTypeEncoder.toHalf(1f)).isEqualTo((short) 0x3C00);
    assertThat(DTypeEncoder.toHalf(-2f)).isEqualTo((short) 0xC000);
    assertThat(DTypeEncoder.toHalf(65504f)).isEqualTo((short) 0x7BFF);
    assertThat(DTypeEncoder.toHalf(1e6f)).isEqualTo((short) 0x7C00);
    assertThat(DTypeEncoder.toHalf(Float.NEGATIVE_INFINITY)).isEqualTo((short) 0xFC00);
    assertThat(DTypeEncoder.toHalf(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
    assertThat(DTypeEncoder.toHalf(Float.NaN) & 0x3FF).isNotZero();
    assertThat(DTypeEncoder.toHalf(5.9604645e-8f)).isEqualTo((short) 0x0001); // smallest subnormal
    assertThat(DTypeEncoder.toHalf(0.333333f)).isEqualTo((short) 0x3555);
    assertThat(DTypeEncoder.toHalf(1f + 1f / 2048)).isEqualTo((short) 0x3C00); // tie rounds to even
    assertThat(DTypeEncoder.toHalf(1f + 3f / 2048)).isEqualTo((short) 0x3C02);
  }

  @Test
  void bfloat16KeepsTheUpperHalfRoundedToNearestEven() {
    assertThat(DTypeEncoder.toBfloat16(1f)).isEqualTo((short) 0x3F80);
    assertThat(DTypeEncoder.toBfloat16(Float.intBitsToFloat(0x3F808000))).isEqualTo((short) 0x3F80);
    assertThat(DTypeEncoder.toBfloat16(Float.intBitsToFloat(0x3F818000))).isEqualTo((short) 0x3F82);
    assertThat(DTypeEncoder.toBfloat16(Float.intBitsToFloat(0x3F808001))).isEqualTo((short) 0x3F81);
    assertThat(DTypeEncoder.toBfloat16(Float.NaN) & 0x7FC0).isEqualTo(0x7FC0);
  }

  @Test
  void twoBytesPerValueForHalfTypes() {
    assertThat(DTypeEncoder.encode(new float[] {1, 2, 3}, 0, 3, SampleDType.FLOAT16)).hasSize(6);
    assertThat(DTypeEncoder.encode(new float[] {1, 2, 3}, 0, 3, SampleDType.BFLOAT16)).hasSize(6);
  }
}
