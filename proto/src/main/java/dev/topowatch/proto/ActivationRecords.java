package dev.topowatch.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.topowatch.proto.v1.ActivationBatch;
import dev.topowatch.proto.v1.ActivationSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code topowatch.activations} record whichever message it holds: an {@code ActivationSample}
 * (agents before issue 22: one volume per record) or an {@code ActivationBatch} (one layer's samples
 * of one step). The two are told apart by their field numbers: ActivationSample's are below {@link
 * #FIRST_BATCH_FIELD}, ActivationBatch's from it on. A batch is unpacked into the ActivationSample
 * messages it stands for, sharing its data (no copy), so a reader handles one kind of message.
 */
public final class ActivationRecords {

  /** The lowest field number of ActivationBatch; every ActivationSample field is below it. */
  public static final int FIRST_BATCH_FIELD = 16;

  private ActivationRecords() {}

  /**
   * Whether {@code bytes} hold an ActivationBatch: its first field's number is a batch field. (Java,
   * like every protobuf encoder, writes known fields in number order; a record mixing both kinds'
   * fields is not valid as either, and fails the checks of the kind its first field names.)
   */
  public static boolean isBatch(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return false;
    }
    try {
      int tag = CodedInputStream.newInstance(bytes).readTag();
      return WireFormat.getTagFieldNumber(tag) >= FIRST_BATCH_FIELD;
    } catch (IOException e) {
      return false; // not protobuf at all: the ActivationSample parser says why
    }
  }

  /**
   * The ActivationSample messages a record stands for: the record itself, or a batch's volumes in
   * order. Values are not checked here (the reader validates each sample); only what is needed to
   * split a batch: one volume's bytes are {@code data.size() / sample_index_count}.
   *
   * @throws InvalidProtocolBufferException when the bytes are not a message of either kind, or a batch
   *     cannot be split (no samples, labels not one per sample, data not a whole number of volumes)
   */
  public static List<ActivationSample> unpack(byte[] bytes) throws InvalidProtocolBufferException {
    if (!isBatch(bytes)) {
      return List.of(ActivationSample.parseFrom(bytes));
    }
    return unpack(ActivationBatch.parseFrom(bytes));
  }

  /** A batch's volumes as ActivationSample messages, in order (see {@link #unpack(byte[])}). */
  public static List<ActivationSample> unpack(ActivationBatch batch) throws InvalidProtocolBufferException {
    int n = batch.getSampleIndexCount();
    if (n == 0) {
      throw new InvalidProtocolBufferException("ActivationBatch has no samples");
    }
    if (batch.getLabelCount() != 0 && batch.getLabelCount() != n) {
      throw new InvalidProtocolBufferException(
          "ActivationBatch has " + batch.getLabelCount() + " labels for " + n + " samples");
    }
    ByteString data = batch.getData();
    if (data.size() % n != 0) {
      throw new InvalidProtocolBufferException(
          "ActivationBatch data of " + data.size() + " bytes is not " + n + " volumes of equal size");
    }
    int volume = data.size() / n;
    List<ActivationSample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(ActivationSample.newBuilder()
          .setRunId(batch.getRunId())
          .setStep(batch.getStep())
          .setEpoch(batch.getEpoch())
          .setLayerIndex(batch.getLayerIndex())
          .setLayerName(batch.getLayerName())
          .setSampleIndex(batch.getSampleIndex(i))
          .setLabel(batch.getLabelCount() == 0 ? -1 : batch.getLabel(i))
          .addAllShape(batch.getShapeList())
          .setDtypeValue(batch.getDtypeValue())
          .setData(data.substring(i * volume, (i + 1) * volume))
          .setTimeUnixMs(batch.getTimeUnixMs())
          .build());
    }
    return out;
  }
}
