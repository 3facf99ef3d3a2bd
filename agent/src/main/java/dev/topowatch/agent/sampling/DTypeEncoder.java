package dev.topowatch.agent.sampling;

import dev.topowatch.agent.AgentConfig.SampleDType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes float values little-endian as float32, IEEE binary16 or bfloat16 (round to nearest even). */
public final class DTypeEncoder {
  private DTypeEncoder() {}

  /** Encodes {@code values[from, from + count)}. */
  public static byte[] encode(float[] values, int from, int count, SampleDType dtype) {
    byte[] out = new byte[count * dtype.bytes()];
    encodeInto(values, from, count, dtype, out, 0);
    return out;
  }

  /** Encodes {@code values[from, from + count)} into {@code out} at {@code offset} (count × dtype bytes). */
  public static void encodeInto(float[] values, int from, int count, SampleDType dtype, byte[] out, int offset) {
    ByteBuffer buf = ByteBuffer.wrap(out, offset, count * dtype.bytes()).slice().order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == SampleDType.FLOAT32) {
      buf.asFloatBuffer().put(values, from, count); // one bulk copy
      return;
    }
    for (int i = from; i < from + count; i++) {
      switch (dtype) {
        case FLOAT16 -> buf.putShort(toHalf(values[i]));
        case BFLOAT16 -> buf.putShort(toBfloat16(values[i]));
        default -> throw new IllegalArgumentException("dtype " + dtype);
      }
    }
  }

  /** bfloat16: the upper half of binary32, rounded to nearest even; NaN stays NaN. */
  static short toBfloat16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** IEEE 754 binary16, round to nearest even, with subnormals, infinities and NaN. */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      int shift = 14 - e;
      int half = mant >>> shift;
      int rest = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rest > mid || (rest == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rest = mant & 0x1FFF;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, which is the correct rounding
    }
    return (short) (sign | half);
  }
}
