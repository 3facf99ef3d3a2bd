package dev.topowatch.agent.run;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.topowatch.agent.AgentConfig.SampleDType;
import dev.topowatch.agent.publish.Outbound;
import dev.topowatch.agent.sampling.DTypeEncoder;
import dev.topowatch.agent.sampling.HostCopy;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.proto.v1.ActivationBatch;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The samples {@code [from, to)} of one layer at one step, as the training thread left them (rows
 * copied out of the engine), sent as one {@code ActivationBatch} record. Serializing happens in
 * {@link #bytes}, on the sender thread, in one pass into an array of the exact size: the header
 * fields through protobuf's {@link CodedOutputStream}, the values converted to the wire dtype straight
 * into their place (no intermediate data array, message objects or builders). The bytes equal what
 * the generated {@code ActivationBatch} writes (ActivationBatchEncodingTest).
 */
final class DeferredBatch implements Outbound.Value {
  private static final int RUN_ID = ActivationBatch.RUN_ID_FIELD_NUMBER;
  private static final int STEP = ActivationBatch.STEP_FIELD_NUMBER;
  private static final int EPOCH = ActivationBatch.EPOCH_FIELD_NUMBER;
  private static final int LAYER_INDEX = ActivationBatch.LAYER_INDEX_FIELD_NUMBER;
  private static final int LAYER_NAME = ActivationBatch.LAYER_NAME_FIELD_NUMBER;
  private static final int SHAPE = ActivationBatch.SHAPE_FIELD_NUMBER;
  private static final int DTYPE = ActivationBatch.DTYPE_FIELD_NUMBER;
  private static final int TIME_UNIX_MS = ActivationBatch.TIME_UNIX_MS_FIELD_NUMBER;
  private static final int SAMPLE_INDEX = ActivationBatch.SAMPLE_INDEX_FIELD_NUMBER;
  private static final int LABEL = ActivationBatch.LABEL_FIELD_NUMBER;
  private static final int DATA = ActivationBatch.DATA_FIELD_NUMBER;
  /**
   * Bounds of the fields other than data in the size estimate: per record (numbers, shape, tags and
   * lengths, besides the run id and layer name at 3 bytes a character at most) and per sample.
   */
  private static final int HEADER_BYTES = 160;
  private static final int PER_SAMPLE_BYTES = 16;

  private final String runId;
  private final long step;
  private final int epoch;
  private final Layer layer;
  private final HostCopy.Rows rows;
  private final long[] labels;
  private final int from;
  private final int to;
  private final SampleDType dtype;
  private final long timeMs;

  /**
   * @param labels class index per row, or null when unknown
   * @param from first row sent
   * @param to end of the rows sent (exclusive)
   */
  DeferredBatch(String runId, long step, int epoch, Layer layer, HostCopy.Rows rows, long[] labels, int from, int to,
      SampleDType dtype, long timeMs) {
    this.runId = runId;
    this.step = step;
    this.epoch = epoch;
    this.layer = layer;
    this.rows = rows;
    this.labels = labels;
    this.from = from;
    this.to = to;
    this.dtype = dtype;
    this.timeMs = timeMs;
  }

  /**
   * A bound of the record's size: {@code samples} volumes of {@code perRow} values, and ids (run id and
   * layer name) of {@code idChars} characters.
   */
  static long estimate(int perRow, int samples, SampleDType dtype, int idChars) {
    return header(idChars) + ((long) perRow * dtype.bytes() + PER_SAMPLE_BYTES) * samples;
  }

  /** The most samples of {@code perRow} values whose record's estimate stays within {@code maxBytes}; at least one. */
  static int samplesWithin(int perRow, SampleDType dtype, int idChars, int maxBytes) {
    long each = (long) perRow * dtype.bytes() + PER_SAMPLE_BYTES;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (maxBytes - header(idChars)) / each));
  }

  private static long header(int idChars) {
    return HEADER_BYTES + 3L * idChars;
  }

  int samples() {
    return to - from;
  }

  @Override
  public long size() {
    return estimate(rows.perRow(), to - from, dtype, runId.length() + layer.name().length());
  }

  @Override
  public byte[] bytes() {
    int per = rows.perRow();
    int dataBytes = Math.multiplyExact(Math.multiplyExact(per, to - from), dtype.bytes());
    int shapeBytes = 0;
    for (long d : rows.shape()) {
      shapeBytes += CodedOutputStream.computeInt64SizeNoTag(d);
    }
    int indexBytes = 0;
    int labelBytes = 0;
    for (int i = from; i < to; i++) {
      indexBytes += CodedOutputStream.computeInt32SizeNoTag(i);
      labelBytes += CodedOutputStream.computeInt64SizeNoTag(label(i));
    }
    int dtypeNumber = Messages.dtype(dtype).getNumber();
    int size = (runId.isEmpty() ? 0 : CodedOutputStream.computeStringSize(RUN_ID, runId))
        + (step == 0 ? 0 : CodedOutputStream.computeInt64Size(STEP, step))
        + (epoch == 0 ? 0 : CodedOutputStream.computeInt32Size(EPOCH, epoch))
        + (layer.index() == 0 ? 0 : CodedOutputStream.computeInt32Size(LAYER_INDEX, layer.index()))
        + (layer.name().isEmpty() ? 0 : CodedOutputStream.computeStringSize(LAYER_NAME, layer.name()))
        + packedSize(SHAPE, shapeBytes)
        + CodedOutputStream.computeEnumSize(DTYPE, dtypeNumber)
        + (timeMs == 0 ? 0 : CodedOutputStream.computeInt64Size(TIME_UNIX_MS, timeMs))
        + packedSize(SAMPLE_INDEX, indexBytes)
        + packedSize(LABEL, labelBytes)
        + (dataBytes == 0 ? 0 : CodedOutputStream.computeTagSize(DATA)
            + CodedOutputStream.computeUInt32SizeNoTag(dataBytes) + dataBytes);
    byte[] out = new byte[size];
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(out, 0, size - dataBytes);
      if (!runId.isEmpty()) {
        o.writeString(RUN_ID, runId);
      }
      if (step != 0) {
        o.writeInt64(STEP, step);
      }
      if (epoch != 0) {
        o.writeInt32(EPOCH, epoch);
      }
      if (layer.index() != 0) {
        o.writeInt32(LAYER_INDEX, layer.index());
      }
      if (!layer.name().isEmpty()) {
        o.writeString(LAYER_NAME, layer.name());
      }
      if (shapeBytes > 0) {
        packedHeader(o, SHAPE, shapeBytes);
        for (long d : rows.shape()) {
          o.writeInt64NoTag(d);
        }
      }
      o.writeEnum(DTYPE, dtypeNumber);
      if (timeMs != 0) {
        o.writeInt64(TIME_UNIX_MS, timeMs);
      }
      if (indexBytes > 0) {
        packedHeader(o, SAMPLE_INDEX, indexBytes);
        for (int i = from; i < to; i++) {
          o.writeInt32NoTag(i);
        }
        packedHeader(o, LABEL, labelBytes);
        for (int i = from; i < to; i++) {
          o.writeInt64NoTag(label(i));
        }
      }
      if (dataBytes > 0) {
        o.writeTag(DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(dataBytes);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a miscounted size: the record is dropped as send_failed
    }
    DTypeEncoder.encodeInto(rows.values(), from * per, (to - from) * per, dtype, out, size - dataBytes);
    return out;
  }

  private long label(int row) {
    return labels == null ? -1 : labels[row];
  }

  private static int packedSize(int field, int bytes) {
    return bytes == 0 ? 0 : CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(bytes) + bytes;
  }

  private static void packedHeader(CodedOutputStream o, int field, int bytes) throws IOException {
    o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    o.writeUInt32NoTag(bytes);
  }
}
