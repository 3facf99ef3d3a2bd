package dev.topowatch.analyzer.service;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.analyzer.stream.InputLimits;
import dev.topowatch.analyzer.stream.RejectReason;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Structure-aware hostile records: valid messages with exactly one thing wrong, so each one's
 * rejection reason is known in advance. The categories follow the analyzer's validation order
 * (record size, parse, run id, ids, dtype, shape rank, each dimension, value count, data length,
 * values); every record is otherwise valid, so it can only be rejected for its one defect.
 *
 * <p>Bad records never use a live run's id (a rejection of a live run is booked in that run, and its
 * key would make a later good sample a duplicate), except {@code too_many_layers}, which needs one.
 */
final class HostileRecords {

  /** A group of records with one defect, the reason the analyzer must give, and the topic it goes to. */
  record Category(String name, RejectReason reason, boolean events, List<byte[]> values) {}

  private final Random random;
  private final InputLimits limits;
  private int serial;

  HostileRecords(Random random, InputLimits limits) {
    this.random = random;
    this.limits = limits;
  }

  // ---- activations ----

  /** Every activation category, {@code perCategory} records each (fewer for the very large ones). */
  List<Category> activations(int perCategory, String wideRun, int wideRunLayers) {
    List<Category> out = new ArrayList<>();
    out.add(new Category("truncated protobuf", RejectReason.UNDECODABLE, false, n(perCategory, this::truncatedSample)));
    out.add(new Category("corrupt tag or length", RejectReason.UNDECODABLE, false, n(perCategory, this::corruptTag)));
    out.add(new Category("run_id not UTF-8", RejectReason.UNDECODABLE, false, n(perCategory, this::badUtf8RunId)));
    out.add(new Category("empty run_id", RejectReason.UNKNOWN_RUN, false,
        n(perCategory, () -> valid(DType.FLOAT32, 3, 3).setRunId("").build().toByteArray())));
    out.add(new Category("run_id over max-id-length", RejectReason.ID_TOO_LONG, false,
        n(perCategory, () -> valid(DType.FLOAT32, 3, 3).setRunId(text(limits.maxIdLength() + 1 + random.nextInt(2000))).build().toByteArray())));
    out.add(new Category("layer_name over max-id-length", RejectReason.ID_TOO_LONG, false,
        n(perCategory, () -> valid(DType.FLOAT32, 3, 3).setLayerName(text(limits.maxIdLength() + 1 + random.nextInt(2000))).build().toByteArray())));
    out.add(new Category("run_id of 1 MiB", RejectReason.ID_TOO_LONG, false,
        n(8, () -> valid(DType.FLOAT32, 3, 3).setRunId("r".repeat(1 << 20)).build().toByteArray())));
    out.add(new Category("record over max-message-bytes", RejectReason.TOO_LARGE, false, n(3, this::oversized)));
    out.add(new Category("unknown dtype", RejectReason.UNKNOWN_DTYPE, false, n(perCategory, this::unknownDtype)));
    out.add(new Category("empty shape", RejectReason.BAD_SHAPE, false,
        n(perCategory, () -> valid(DType.FLOAT32, 3, 3).clearShape().build().toByteArray())));
    out.add(new Category("rank 4 to 9", RejectReason.TOO_MANY_DIMENSIONS, false, n(perCategory, this::highRank)));
    out.add(new Category("dimension 0 or negative", RejectReason.BAD_SHAPE, false, n(perCategory, this::nonPositiveDimension)));
    out.add(new Category("dimension 2^31 and above", RejectReason.TOO_LARGE, false, n(perCategory, this::hugeDimension)));
    out.add(new Category("more values than max-volume-values", RejectReason.TOO_LARGE, false, n(perCategory, this::tooManyValues)));
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16)) {
      out.add(new Category(dtype + " data length off", RejectReason.LENGTH_MISMATCH, false,
          n(perCategory, () -> wrongLength(dtype))));
      out.add(new Category(dtype + " all NaN/Inf", RejectReason.NON_FINITE, false, n(perCategory, () -> allNonFinite(dtype))));
    }
    out.add(new Category("layer beyond max-layers", RejectReason.TOO_MANY_LAYERS, false,
        // One step, distinct sample indices: shuffled steps of a live run would fall behind its
        // retained window and be stale instead of rejected.
        n(perCategory, () -> valid(DType.FLOAT32, 3, 3).setRunId(wideRun).setStep(0).setSampleIndex(serial)
            .setLayerIndex(wideRunLayers + random.nextInt(1000)).build().toByteArray())));
    return out;
  }

  /** A valid sample of a run nobody else uses, with a fresh key. */
  ActivationSample.Builder valid(DType dtype, long... shape) {
    int count = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextInt(5) * 0.25f;
    }
    ActivationSample.Builder b = ActivationSample.newBuilder()
        .setRunId("hostile-" + (serial++)).setStep(serial).setLayerIndex(random.nextInt(4)).setLayerName("layer")
        .setSampleIndex(0).setLabel(-1).setDtype(dtype).setData(encode(values, dtype)).setTimeUnixMs(System.currentTimeMillis());
    for (long d : shape) {
      b.addShape(d);
    }
    return b;
  }

  private byte[] truncatedSample() {
    byte[] whole = valid(DType.FLOAT32, 4, 4).clearTimeUnixMs().build().toByteArray();
    // Data (64 bytes) is now the last field: cutting inside it leaves its declared length past the end.
    byte[] cut = Arrays.copyOf(whole, whole.length - 1 - random.nextInt(60));
    return mustNotParse(cut);
  }

  private byte[] corruptTag() {
    byte[] whole = valid(DType.FLOAT32, 3, 3).build().toByteArray();
    byte[] prefix = switch (random.nextInt(3)) {
      case 0 -> new byte[] {0x00};                         // field number 0 is invalid
      case 1 -> new byte[] {0x0F};                         // wire type 7 does not exist
      default -> new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}; // run_id length past the end
    };
    byte[] out = new byte[prefix.length + whole.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(whole, 0, out, prefix.length, whole.length);
    return mustNotParse(out);
  }

  private byte[] badUtf8RunId() {
    byte[] rest = valid(DType.FLOAT32, 3, 3).clearRunId().build().toByteArray();
    byte[] out = new byte[rest.length + 4];
    out[0] = 0x0A; // field 1 (run_id), length-delimited
    out[1] = 2;
    out[2] = (byte) 0xC3; // a UTF-8 lead byte followed by a non-continuation byte
    out[3] = 0x28;
    System.arraycopy(rest, 0, out, 4, rest.length);
    return mustNotParse(out);
  }

  private byte[] oversized() {
    int values = limits.maxMessageBytes() / 4 + 1 + random.nextInt(1000);
    // The shape matches the data: only the record's size is wrong, and it is checked before anything.
    return valid(DType.FLOAT32, 1).clearShape().addShape(values).setData(ByteString.copyFrom(new byte[values * 4]))
        .build().toByteArray();
  }

  private byte[] unknownDtype() {
    int[] codes = {0, 4, 5, 17, 99, 1 << 20, -1};
    return valid(DType.FLOAT32, 3, 3).setDtypeValue(codes[random.nextInt(codes.length)]).build().toByteArray();
  }

  private byte[] highRank() {
    int rank = 4 + random.nextInt(6);
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    shape[random.nextInt(rank)] = 2 + random.nextInt(3);
    return valid(DType.FLOAT32, shape).build().toByteArray();
  }

  private byte[] nonPositiveDimension() {
    long[] bad = {0, -1, -7, Integer.MIN_VALUE, Long.MIN_VALUE};
    return withOneDimension(bad[random.nextInt(bad.length)]);
  }

  private byte[] hugeDimension() {
    long[] huge = {1L << 31, (1L << 31) + 1, 1L << 40, Long.MAX_VALUE};
    return withOneDimension(huge[random.nextInt(huge.length)]);
  }

  private byte[] tooManyValues() {
    // Every dimension valid (up to 2^31 - 1), only their product too big.
    long[] dims = {limits.maxVolumeValues() + 1, Integer.MAX_VALUE, 1L << 20};
    return withOneDimension(dims[random.nextInt(dims.length)]);
  }

  /** A 1-3-D valid sample whose dimension at a random axis is replaced by {@code d}; the others are 2. */
  private byte[] withOneDimension(long d) {
    int rank = 1 + random.nextInt(3);
    long[] shape = new long[rank];
    Arrays.fill(shape, 2);
    ActivationSample.Builder b = valid(DType.FLOAT32, shape).clearShape();
    int at = random.nextInt(rank);
    for (int i = 0; i < rank; i++) {
      b.addShape(i == at ? d : 2);
    }
    return b.build().toByteArray();
  }

  private byte[] wrongLength(DType dtype) {
    int rows = 2 + random.nextInt(5);
    int cols = 2 + random.nextInt(5);
    ActivationSample s = valid(dtype, rows, cols).build();
    int right = s.getData().size();
    int width = right / (rows * cols);
    int[] deltas = {-right, -1, 1, -width, width, right, 1 - width};
    int delta = deltas[random.nextInt(deltas.length)];
    byte[] data = new byte[right + delta];
    System.arraycopy(s.getData().toByteArray(), 0, data, 0, Math.min(right, data.length));
    return s.toBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();
  }

  private byte[] allNonFinite(DType dtype) {
    int count = 1 + random.nextInt(60);
    float[] values = new float[count];
    float[] kinds = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0xFFC00001)};
    for (int i = 0; i < count; i++) {
      values[i] = kinds[random.nextInt(kinds.length)];
    }
    return valid(dtype, count).setData(encode(values, dtype)).build().toByteArray();
  }

  // ---- events ----

  /** Every event category; {@code victimRun} receives valid events with absurd values (applied, not rejected). */
  List<Category> events(int perCategory) {
    List<Category> out = new ArrayList<>();
    out.add(new Category("truncated event", RejectReason.UNDECODABLE, true, n(perCategory, () -> {
      byte[] whole = runStarted("ev-" + (serial++), 3, "layer").toByteArray();
      return mustNotParseEvent(Arrays.copyOf(whole, whole.length - 1 - random.nextInt(5)));
    })));
    out.add(new Category("event of no kind", RejectReason.UNDECODABLE, true, n(perCategory,
        () -> TrainingEvent.newBuilder().setRunId("ev-" + (serial++)).setTimeUnixMs(random.nextLong()).build().toByteArray())));
    out.add(new Category("event without run_id", RejectReason.UNKNOWN_RUN, true, n(perCategory,
        () -> TrainingEvent.newBuilder().setStepMetrics(StepMetrics.newBuilder().setStep(random.nextLong())).build().toByteArray())));
    out.add(new Category("event run_id over max-id-length", RejectReason.ID_TOO_LONG, true, n(perCategory,
        () -> TrainingEvent.newBuilder().setRunId(text(limits.maxIdLength() + 1 + random.nextInt(3000)))
            .setRunFinished(RunFinished.newBuilder().setStatusValue(random.nextInt(9))).build().toByteArray())));
    out.add(new Category("event run_id of 1 MiB", RejectReason.ID_TOO_LONG, true, n(4,
        () -> TrainingEvent.newBuilder().setRunId("e".repeat(1 << 20)).setStepMetrics(StepMetrics.newBuilder().setStep(1))
            .build().toByteArray())));
    out.add(new Category("RunStarted over max-layers", RejectReason.TOO_MANY_LAYERS, true, n(perCategory,
        () -> runStarted("ev-" + (serial++), limits.maxLayers() + 1 + random.nextInt(500), "layer").toByteArray())));
    out.add(new Category("RunStarted layer name over max-id-length", RejectReason.ID_TOO_LONG, true, n(perCategory,
        () -> runStarted("ev-" + (serial++), 2, text(limits.maxIdLength() + 1 + random.nextInt(500))).toByteArray())));
    out.add(new Category("event over max-message-bytes", RejectReason.TOO_LARGE, true, n(2,
        () -> runStarted("ev-" + (serial++), 1, "layer").toBuilder().setTimeUnixMs(1)
            .setRunStarted(RunStarted.newBuilder().setRunId("x").setJobName("j".repeat(limits.maxMessageBytes()))).build().toByteArray())));
    return out;
  }

  /** Valid events for one run with absurd values: NaN and infinite metrics, negative and huge steps, unknown status. */
  List<byte[]> absurdButValidEvents(String run, int count) {
    List<byte[]> out = new ArrayList<>();
    double[] weird = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, Double.MIN_VALUE};
    long[] steps = {-1, Long.MIN_VALUE, Long.MAX_VALUE, 0, 1L << 40};
    for (int i = 0; i < count; i++) {
      TrainingEvent.Builder e = TrainingEvent.newBuilder().setRunId(run).setTimeUnixMs(steps[random.nextInt(steps.length)]);
      switch (random.nextInt(3)) {
        case 0 -> e.setStepMetrics(StepMetrics.newBuilder().setStep(steps[random.nextInt(steps.length)])
            .setEpoch(random.nextInt()).setLoss(weird[random.nextInt(weird.length)]).setAccuracy(weird[random.nextInt(weird.length)])
            .setLearningRate(weird[random.nextInt(weird.length)]).setLogitNorm(weird[random.nextInt(weird.length)]));
        case 1 -> e.setEpochMetrics(EpochMetrics.newBuilder().setEpoch(random.nextInt()).setStep(steps[random.nextInt(steps.length)])
            .setTrainLoss(weird[random.nextInt(weird.length)]).setHasValidation(random.nextBoolean())
            .setValidationAccuracy(weird[random.nextInt(weird.length)]));
        default -> e.setRunFinished(RunFinished.newBuilder().setRunId(run).setStatusValue(random.nextInt(50))
            .setStepCount(steps[random.nextInt(steps.length)]));
      }
      out.add(e.build().toByteArray());
    }
    return out;
  }

  static TrainingEvent runStarted(String run, int layers, String layerName) {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("hostile");
    for (int l = 0; l < layers; l++) {
      rs.addLayers(LayerInfo.newBuilder().setIndex(l).setName(layerName).addOutputShape(3).addOutputShape(3));
    }
    return TrainingEvent.newBuilder().setRunId(run).setRunStarted(rs).build();
  }

  // ---- helpers ----

  /** Little-endian bytes of {@code values} in {@code dtype} (half precision by the JDK's own IEEE conversion). */
  static ByteString encode(float[] values, DType dtype) {
    int width = dtype == DType.FLOAT32 ? 4 : 2;
    ByteBuffer b = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      switch (dtype) {
        case FLOAT32 -> b.putFloat(v);
        case FLOAT16 -> b.putShort(Float.floatToFloat16(v));
        default -> b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
      }
    }
    return ByteString.copyFrom(b.array());
  }

  /** Random text from several scripts, with quotes, backslashes and line breaks (label-escaping hazards). */
  String text(int length) {
    String alphabet = "abcXYZ019_-./ \"\\\n\tµßжд中文🙂";
    int[] codePoints = alphabet.codePoints().toArray();
    StringBuilder s = new StringBuilder(length + 1);
    while (s.length() < length) {
      s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
    }
    return s.toString(); // at least length chars (one more when it ends on a surrogate pair)
  }

  private List<byte[]> n(int count, java.util.function.Supplier<byte[]> make) {
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(make.get());
    }
    return out;
  }

  /** Guards the generator itself: a record meant to be unparseable must be so for protobuf. */
  private static byte[] mustNotParse(byte[] bytes) {
    try {
      ActivationSample.parseFrom(bytes);
    } catch (InvalidProtocolBufferException expected) {
      return bytes;
    }
    throw new AssertionError("generator bug: these bytes parse as an ActivationSample");
  }

  private static byte[] mustNotParseEvent(byte[] bytes) {
    try {
      TrainingEvent.parseFrom(bytes);
    } catch (InvalidProtocolBufferException expected) {
      return bytes;
    }
    throw new AssertionError("generator bug: these bytes parse as a TrainingEvent");
  }
}
