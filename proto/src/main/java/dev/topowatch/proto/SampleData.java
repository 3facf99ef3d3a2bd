package dev.topowatch.proto;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values as {@code ActivationSample.data} carries them (telemetry.proto): little-endian, row-major,
 * in the sample's dtype. For producers written in Java other than the agent (load generators, tests);
 * the agent encodes from engine arrays of any dtype itself.
 */
public final class SampleData {

  private SampleData() {}

  /** {@code values} as {@code DTYPE_FLOAT32} data. */
  public static ByteString float32(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return ByteString.copyFrom(b.array());
  }
}
