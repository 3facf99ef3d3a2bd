package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SampleDecoderTest {

  private final SampleDecoder decoder = new SampleDecoder(100);

  private static ActivationSample.Builder sample(DType dtype, ByteBuffer data, long... shape) {
    ActivationSample.Builder b = ActivationSample.newBuilder().setRunId("r").setStep(3).setLayerIndex(1).setSampleIndex(2)
        .setDtype(dtype).setData(ByteString.copyFrom(data.array()));
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  private static ByteBuffer floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b;
  }

  private static ByteBuffer shorts(int... v) {
    ByteBuffer b = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int s : v) {
      b.putShort((short) s);
    }
    return b;
  }

  private RejectReason reason(ActivationSample s) {
    try {
      decoder.decode(s);
      return null;
    } catch (RejectedSampleException e) {
      return e.reason();
    }
  }

  @Test
  void decodesLittleEndianFloat32RowMajor() throws Exception {
    DecodedSample d = decoder.decode(sample(DType.FLOAT32, floats(1, 2, 3, 4, 5, 6), 2, 3).build().toByteArray());
    assertThat(d.shape()).containsExactly(2, 3);
    assertThat(d.values()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(d.key()).isEqualTo(new SampleKey(3, 1, 2));
    assertThat(d.nonFiniteValues()).isZero();
  }

  @Test
  void widensFloat16AndBfloat16() throws Exception {
    // binary16: 1.0, -2.0, 0.5, smallest subnormal 2^-24, +Inf, NaN
    DecodedSample h = decoder.decode(sample(DType.FLOAT16, shorts(0x3C00, 0xC000, 0x3800, 0x0001, 0x7C00, 0x7E00), 6).build());
    assertThat(h.values()).containsExactly(1f, -2f, 0.5f, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN);
    assertThat(h.nonFiniteValues()).isEqualTo(2);
    // bfloat16: 1.0, -2.0, 3.140625 (0x4049), -Inf
    DecodedSample b = decoder.decode(sample(DType.BFLOAT16, shorts(0x3F80, 0xC000, 0x4049, 0xFF80), 4).build());
    assertThat(b.values()).containsExactly(1f, -2f, 3.140625f, Float.NEGATIVE_INFINITY);
  }

  @Test
  void rejectsEachMalformedKindWithItsReason() {
    assertThatThrownBy(() -> SampleDecoder.parse(new byte[] {0x0A, (byte) 0xFF})).isInstanceOfSatisfying(
        RejectedSampleException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE));
    assertThat(reason(sample(DType.DTYPE_UNSPECIFIED, floats(1), 1).build())).isEqualTo(RejectReason.UNKNOWN_DTYPE);
    assertThat(reason(sample(DType.FLOAT32, floats(1), 1).setDtypeValue(42).build())).isEqualTo(RejectReason.UNKNOWN_DTYPE);
    assertThat(reason(sample(DType.FLOAT32, floats(1, 2, 3), 2, 2).build())).isEqualTo(RejectReason.LENGTH_MISMATCH);
    assertThat(reason(sample(DType.FLOAT16, floats(1, 2), 2).build())).isEqualTo(RejectReason.LENGTH_MISMATCH);
    assertThat(reason(sample(DType.FLOAT32, floats()).build())).isEqualTo(RejectReason.BAD_SHAPE);
    assertThat(reason(sample(DType.FLOAT32, floats(), 0, 3).build())).isEqualTo(RejectReason.BAD_SHAPE);
    assertThat(reason(sample(DType.FLOAT32, floats(1), -1).build())).isEqualTo(RejectReason.BAD_SHAPE);
    assertThat(reason(sample(DType.FLOAT32, floats(1), 1, 1, 1, 1).build())).isEqualTo(RejectReason.TOO_MANY_DIMENSIONS);
    assertThat(reason(sample(DType.FLOAT32, floats(new float[101]), 101).build())).isEqualTo(RejectReason.TOO_LARGE);
    // The size limit is checked before any multiplication can overflow.
    assertThat(reason(sample(DType.FLOAT32, floats(1), 1L << 40, 1L << 40, 1L << 40).build())).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(reason(sample(DType.FLOAT32, floats(1), 1L << 20, 1L << 20).build())).isEqualTo(RejectReason.TOO_LARGE);
    assertThat(reason(sample(DType.FLOAT32, floats(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY), 3).build()))
        .isEqualTo(RejectReason.NON_FINITE);
    assertThat(reason(sample(DType.FLOAT32, floats(Float.NaN, 0), 2).build())).isNull();
    assertThat(reason(sample(DType.FLOAT32, floats(1), 1).setRunId("").build())).isEqualTo(RejectReason.UNKNOWN_RUN);
  }

  @Test
  void recordSizeAndIdentifierLengthAreLimitedBeforeAnythingElse() throws RejectedSampleException {
    SampleDecoder limited = new SampleDecoder(new InputLimits(64, 100, 8, 4));
    byte[] big = sample(DType.FLOAT32, floats(new float[20]), 20).build().toByteArray();
    assertThatThrownBy(() -> limited.decode(big)).isInstanceOfSatisfying(RejectedSampleException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE));
    byte[] longRun = sample(DType.FLOAT32, floats(1), 1).setRunId("r".repeat(9)).build().toByteArray();
    assertThatThrownBy(() -> limited.decode(longRun)).isInstanceOfSatisfying(RejectedSampleException.class, e -> {
      assertThat(e.reason()).isEqualTo(RejectReason.ID_TOO_LONG);
      assertThat(e.getMessage()).contains("run_id of 9 characters").doesNotContain("rrrr");
    });
    byte[] longLayer = sample(DType.FLOAT32, floats(1), 1).setLayerName("l".repeat(9)).build().toByteArray();
    assertThatThrownBy(() -> limited.decode(longLayer)).isInstanceOfSatisfying(RejectedSampleException.class,
        e -> assertThat(e.reason()).isEqualTo(RejectReason.ID_TOO_LONG));
    assertThat(limited.decode(sample(DType.FLOAT32, floats(1), 1).setRunId("r".repeat(8)).build().toByteArray()).runId())
        .hasSize(8);
  }
}
