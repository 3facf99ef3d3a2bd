package dev.topowatch.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleDataTest {

  @Test
  void float32IsLittleEndianInOrder() {
    byte[] bytes = SampleData.float32(new float[] {1f, -2.5f, Float.NaN}).toByteArray();
    // IEEE 754: 1.0f = 0x3F800000, -2.5f = 0xC0200000, canonical NaN = 0x7FC00000; lowest byte first.
    assertThat(bytes).containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0x20, (byte) 0xC0, 0, 0, (byte) 0xC0, 0x7F);
    assertThat(SampleData.float32(new float[0]).isEmpty()).isTrue();
  }
}
