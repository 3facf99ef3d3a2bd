package dev.topowatch.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.proto.v1.ActivationBatch;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both kinds of activation record read back as the samples they stand for. */
@Timeout(10)
class ActivationRecordsTest {

  private static ActivationSample single(int index, float... values) {
    return ActivationSample.newBuilder().setRunId("r").setStep(5).setEpoch(1).setLayerIndex(2).setLayerName("03_conv2d")
        .setSampleIndex(index).setLabel(7).addShape(1).addShape(values.length).setDtype(DType.FLOAT32)
        .setData(SampleData.float32(values)).setTimeUnixMs(1234).build();
  }

  private static ActivationBatch.Builder batch() {
    return ActivationBatch.newBuilder().setRunId("r").setStep(5).setEpoch(1).setLayerIndex(2).setLayerName("03_conv2d")
        .addShape(1).addShape(2).setDtype(DType.FLOAT32).setTimeUnixMs(1234);
  }

  @Test
  void theFieldNumbersOfTheTwoKindsNeverMeet() {
    assertThat(ActivationSample.getDescriptor().getFields()).extracting(FieldDescriptor::getNumber)
        .allMatch(n -> n < ActivationRecords.FIRST_BATCH_FIELD);
    assertThat(ActivationBatch.getDescriptor().getFields()).extracting(FieldDescriptor::getNumber)
        .allMatch(n -> n >= ActivationRecords.FIRST_BATCH_FIELD);
  }

  @Test
  void anOlderAgentsSampleIsReadAsItself() throws Exception {
    ActivationSample s = single(3, 1f, 2f);
    assertThat(ActivationRecords.isBatch(s.toByteArray())).isFalse();
    assertThat(ActivationRecords.unpack(s.toByteArray())).containsExactly(s);
  }

  @Test
  void aBatchIsReadAsTheSamplesItPacksInOrder() throws Exception {
    ActivationBatch b = batch().addSampleIndex(0).addSampleIndex(1).addSampleIndex(2).addLabel(7).addLabel(7).addLabel(7)
        .setData(SampleData.float32(new float[] {1, 2, 3, 4, 5, 6})).build();
    assertThat(ActivationRecords.isBatch(b.toByteArray())).isTrue();
    assertThat(ActivationRecords.unpack(b.toByteArray()))
        .containsExactly(single(0, 1, 2), single(1, 3, 4), single(2, 5, 6));
  }

  @Test
  void aBatchWithoutLabelsHasUnknownLabels() throws Exception {
    ActivationBatch b = batch().addSampleIndex(4).setData(SampleData.float32(new float[] {1, 2})).build();
    assertThat(ActivationRecords.unpack(b.toByteArray())).singleElement()
        .satisfies(s -> assertThat(s.getLabel()).isEqualTo(-1))
        .satisfies(s -> assertThat(s.getSampleIndex()).isEqualTo(4));
  }

  @Test
  void aBatchThatCannotBeSplitIsRefused() {
    ByteString six = SampleData.float32(new float[] {1, 2, 3, 4, 5, 6});
    for (ActivationBatch bad : List.of(
        batch().setData(six).build(),
        batch().addSampleIndex(0).addSampleIndex(1).addLabel(1).setData(six).build(),
        batch().addSampleIndex(0).addSampleIndex(1).addSampleIndex(2).addSampleIndex(3).addSampleIndex(4).setData(six).build())) {
      assertThatThrownBy(() -> ActivationRecords.unpack(bad.toByteArray())).isInstanceOf(InvalidProtocolBufferException.class);
    }
  }

  @Test
  void bytesOfNeitherKindAreRefused() {
    assertThat(ActivationRecords.isBatch(new byte[] {(byte) 0xFF})).isFalse();
    assertThatThrownBy(() -> ActivationRecords.unpack(new byte[] {(byte) 0xFF, 0x01})).isInstanceOf(InvalidProtocolBufferException.class);
  }
}
