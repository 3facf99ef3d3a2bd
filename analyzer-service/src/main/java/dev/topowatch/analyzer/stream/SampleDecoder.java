package dev.topowatch.analyzer.stream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.proto.ActivationRecords;
import dev.topowatch.proto.v1.ActivationSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Parses and validates {@code ActivationSample} bytes into a {@link DecodedSample} (a record holding an
 * {@code ActivationBatch} is first unpacked into its samples, {@link #unpackChecked}). The checks run
 * cheapest first (record size, identifiers, dtype, shape, data length, values), and none allocates in
 * proportion to what the record claims, only to what it holds.
 */
public final class SampleDecoder {

  /** The engine handles volumes of one to three dimensions. */
  public static final int MAX_DIMENSIONS = 3;

  private final InputLimits limits;
  private final long maxValues;

  public SampleDecoder(long maxValues) {
    this(InputLimits.ofVolumeValues(checkPositive(maxValues)));
  }

  public SampleDecoder(InputLimits limits) {
    this.limits = limits;
    this.maxValues = limits.maxVolumeValues();
  }

  private static long checkPositive(long maxValues) {
    if (maxValues <= 0) {
      throw new IllegalArgumentException("maxValues must be positive, was " + maxValues);
    }
    return maxValues;
  }

  public InputLimits limits() {
    return limits;
  }

  /** Checks the record size, then parses; an oversized record is never parsed. */
  public ActivationSample parseChecked(byte[] bytes) throws RejectedSampleException {
    limits.checkMessage(bytes);
    return parse(bytes);
  }

  /**
   * Checks the record size, then reads the record whichever message it holds (an ActivationSample of
   * an older agent, or an ActivationBatch): the samples it stands for, in order, not yet validated. A
   * record that is neither, or a batch that cannot be split into its samples, is {@link
   * RejectReason#UNDECODABLE}.
   */
  public List<ActivationSample> unpackChecked(byte[] bytes) throws RejectedSampleException {
    limits.checkMessage(bytes);
    if (bytes == null) {
      throw new RejectedSampleException(RejectReason.UNDECODABLE, "record has no value");
    }
    try {
      return ActivationRecords.unpack(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new RejectedSampleException(RejectReason.UNDECODABLE,
          "not an ActivationSample or ActivationBatch: " + e.getMessage());
    }
  }

  /** Parses the protobuf; a failure is {@link RejectReason#UNDECODABLE}. */
  public static ActivationSample parse(byte[] bytes) throws RejectedSampleException {
    if (bytes == null) {
      throw new RejectedSampleException(RejectReason.UNDECODABLE, "record has no value");
    }
    try {
      return ActivationSample.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new RejectedSampleException(RejectReason.UNDECODABLE, "not an ActivationSample: " + e.getMessage());
    }
  }

  public DecodedSample decode(byte[] bytes) throws RejectedSampleException {
    return decode(parseChecked(bytes));
  }

  /** Validates the message and widens its data to floats. */
  public DecodedSample decode(ActivationSample s) throws RejectedSampleException {
    if (s.getRunId().isEmpty()) {
      throw new RejectedSampleException(RejectReason.UNKNOWN_RUN, "sample has no run_id");
    }
    limits.checkId("run_id", s.getRunId());
    limits.checkId("layer_name", s.getLayerName());
    int bytesPerValue =
        switch (s.getDtype()) {
          case FLOAT32 -> 4;
          case FLOAT16, BFLOAT16 -> 2;
          default -> throw new RejectedSampleException(
              RejectReason.UNKNOWN_DTYPE, "dtype " + s.getDtypeValue() + " is not FLOAT32, FLOAT16 or BFLOAT16");
        };
    int[] shape = shape(s);
    long count = 1;
    for (int d : shape) {
      count *= d;
      if (count > maxValues) {
        throw new RejectedSampleException(
            RejectReason.TOO_LARGE, "shape " + s.getShapeList() + " exceeds " + maxValues + " values");
      }
    }
    ByteString data = s.getData();
    if (data.size() != count * bytesPerValue) {
      throw new RejectedSampleException(
          RejectReason.LENGTH_MISMATCH,
          "shape " + s.getShapeList() + " of " + s.getDtype() + " needs " + count * bytesPerValue + " bytes, got " + data.size());
    }
    float[] values = widen(data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), (int) count, s.getDtype().getNumber());
    int nonFinite = 0;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        nonFinite++;
      }
    }
    if (nonFinite == values.length) {
      throw new RejectedSampleException(RejectReason.NON_FINITE, "all " + values.length + " values are NaN or infinite");
    }
    return new DecodedSample(
        s.getRunId(), s.getStep(), s.getEpoch(), s.getLayerIndex(), s.getLayerName(), s.getSampleIndex(),
        shape, values, nonFinite, s.getTimeUnixMs());
  }

  private static int[] shape(ActivationSample s) throws RejectedSampleException {
    if (s.getShapeCount() == 0) {
      throw new RejectedSampleException(RejectReason.BAD_SHAPE, "shape is empty");
    }
    if (s.getShapeCount() > MAX_DIMENSIONS) {
      throw new RejectedSampleException(
          RejectReason.TOO_MANY_DIMENSIONS, "shape " + s.getShapeList() + " has more than " + MAX_DIMENSIONS + " dimensions");
    }
    int[] shape = new int[s.getShapeCount()];
    for (int i = 0; i < shape.length; i++) {
      long d = s.getShape(i);
      if (d < 1) {
        throw new RejectedSampleException(RejectReason.BAD_SHAPE, "shape " + s.getShapeList() + " has a dimension below 1");
      }
      if (d > Integer.MAX_VALUE) {
        throw new RejectedSampleException(RejectReason.TOO_LARGE, "shape " + s.getShapeList() + " has a dimension over 2^31");
      }
      shape[i] = (int) d;
    }
    return shape;
  }

  private static float[] widen(ByteBuffer buf, int count, int dtype) {
    float[] out = new float[count];
    if (dtype == 1) {
      buf.asFloatBuffer().get(out);
    } else if (dtype == 2) {
      for (int i = 0; i < count; i++) {
        out[i] = Float.float16ToFloat(buf.getShort());
      }
    } else {
      for (int i = 0; i < count; i++) { // bfloat16 is the upper half of a binary32
        out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "SampleDecoder[" + limits + ", dims<=" + MAX_DIMENSIONS + "]";
  }
}
