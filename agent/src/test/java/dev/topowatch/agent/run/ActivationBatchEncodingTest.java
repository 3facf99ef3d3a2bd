package dev.topowatch.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.topowatch.agent.AgentConfig.SampleDType;
import dev.topowatch.agent.publish.KafkaSender;
import dev.topowatch.agent.sampling.DTypeEncoder;
import dev.topowatch.agent.sampling.HostCopy;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.proto.ActivationRecords;
import dev.topowatch.proto.v1.ActivationBatch;
import dev.topowatch.proto.v1.ActivationSample;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The hand-written encoder against the generated one: for any values, the bytes of a {@link
 * DeferredBatch} are exactly those of the {@code ActivationBatch} built with the generated builder,
 * and read back as the samples the rows hold.
 */
class ActivationBatchEncodingTest {

  @Property(tries = 300, seed = "22")
  void theBytesAreThoseOfTheGeneratedMessage(
      @ForAll @StringLength(max = 40) String runId, @ForAll @LongRange(min = 0) long step,
      @ForAll @IntRange(min = 0, max = 1000) int epoch, @ForAll @IntRange(min = 0, max = 300) int layerIndex,
      @ForAll @StringLength(max = 40) String layerName, @ForAll @IntRange(min = 1, max = 12) int rowCount,
      @ForAll @IntRange(min = 1, max = 50) int perRow, @ForAll @IntRange(min = 0, max = 11) int fromSeed,
      @ForAll @IntRange(min = 0, max = 11) int toSeed, @ForAll boolean withLabels, @ForAll SampleDType dtype,
      @ForAll @LongRange(min = 0) long timeMs, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    float[] values = new float[rowCount * perRow];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian() * 100;
    }
    long[] labels = withLabels ? random.longs(rowCount, -1, 1000).toArray() : null;
    long[] shape = {1, perRow, 1}; // C, H, W
    int from = fromSeed % rowCount;
    int to = from + 1 + toSeed % (rowCount - from);
    Layer layer = new Layer(layerIndex, layerName, "Conv2d", null);
    DeferredBatch batch = new DeferredBatch(runId, step, epoch, layer, new HostCopy.Rows(rowCount, shape, values),
        labels, from, to, dtype, timeMs);

    ActivationBatch.Builder want = ActivationBatch.newBuilder().setRunId(runId).setStep(step).setEpoch(epoch)
        .setLayerIndex(layerIndex).setLayerName(layerName).addAllShape(List.of(1L, (long) perRow, 1L)).setDtype(Messages.dtype(dtype))
        .setTimeUnixMs(timeMs)
        .setData(ByteString.copyFrom(DTypeEncoder.encode(values, from * perRow, (to - from) * perRow, dtype)));
    for (int i = from; i < to; i++) {
      want.addSampleIndex(i).addLabel(labels == null ? -1 : labels[i]);
    }
    byte[] got = batch.bytes();
    assertThat(got).isEqualTo(want.build().toByteArray());
    assertThat((long) got.length).isLessThanOrEqualTo(batch.size());

    List<ActivationSample> samples = ActivationRecords.unpack(got);
    assertThat(samples).hasSize(to - from);
    for (int i = 0; i < samples.size(); i++) {
      assertThat(samples.get(i).getSampleIndex()).isEqualTo(from + i);
      assertThat(samples.get(i).getData().toByteArray())
          .isEqualTo(DTypeEncoder.encode(values, (from + i) * perRow, perRow, dtype));
    }
  }

  @Property(tries = 100, seed = "22")
  void asManySamplesAsFitGoInOneRecord(@ForAll @IntRange(min = 1, max = 1_000_000) int perRow, @ForAll SampleDType dtype,
      @ForAll @IntRange(min = 0, max = 2000) int idChars) {
    int n = DeferredBatch.samplesWithin(perRow, dtype, idChars, KafkaSender.MAX_RECORD_BYTES);
    assertThat(n).isPositive();
    if (DeferredBatch.estimate(perRow, 1, dtype, idChars) <= KafkaSender.MAX_RECORD_BYTES) {
      assertThat(DeferredBatch.estimate(perRow, n, dtype, idChars)).isLessThanOrEqualTo(KafkaSender.MAX_RECORD_BYTES);
      assertThat(DeferredBatch.estimate(perRow, n + 1, dtype, idChars)).isGreaterThan(KafkaSender.MAX_RECORD_BYTES);
    } else {
      assertThat(n).isEqualTo(1); // one sample over the limit: sent alone, and dropped as too_large
    }
  }
}
