package dev.topowatch.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Every message of the contract survives serialisation with every field set. */
class TelemetryRoundTripTest {

  @Test
  void activationSampleRoundTrips() throws InvalidProtocolBufferException {
    ByteBuffer data = ByteBuffer.allocate(2 * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 6; i++) {
      data.putFloat(i * 0.5f);
    }
    ActivationSample sample =
        ActivationSample.newBuilder()
            .setRunId("run-1")
            .setStep(150)
            .setEpoch(2)
            .setLayerIndex(3)
            .setLayerName("03_conv2d")
            .setSampleIndex(7)
            .setLabel(9)
            .addShape(1)
            .addShape(2)
            .addShape(3)
            .setDtype(DType.FLOAT32)
            .setData(ByteString.copyFrom(data.array()))
            .setTimeUnixMs(1_700_000_000_123L)
            .build();

    ActivationSample back = ActivationSample.parseFrom(sample.toByteArray());

    assertThat(back).isEqualTo(sample);
    assertThat(back.getShapeList()).containsExactly(1L, 2L, 3L);
    ByteBuffer values = back.getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(values.getFloat(5 * 4)).isEqualTo(2.5f);
  }

  @Test
  void runStartedRoundTripsInsideTrainingEvent() throws InvalidProtocolBufferException {
    RunStarted started =
        RunStarted.newBuilder()
            .setRunId("run-1")
            .setJobName("fashion-cnn")
            .addLayers(
                LayerInfo.newBuilder()
                    .setIndex(0)
                    .setName("00_conv2d")
                    .setBlockType("Conv2d")
                    .addOutputShape(8)
                    .addOutputShape(26)
                    .addOutputShape(26))
            .addLayers(
                LayerInfo.newBuilder().setIndex(1).setName("01_linear").setBlockType("Linear").addOutputShape(10))
            .setPowergradEnabled(true)
            .setPowergradAlpha(0.25)
            .setSampling(
                SamplingSettings.newBuilder().setEvery(50).setSize(8).setLayers(".*conv.*").setDtype(DType.FLOAT16))
            .putTags("team", "vision")
            .setTimeUnixMs(42)
            .setTrainer("EasyTrain.fit")
            .build();
    TrainingEvent event =
        TrainingEvent.newBuilder().setRunId("run-1").setTimeUnixMs(43).setRunStarted(started).build();

    TrainingEvent back = TrainingEvent.parseFrom(event.toByteArray());

    assertThat(back).isEqualTo(event);
    assertThat(back.getEventCase()).isEqualTo(TrainingEvent.EventCase.RUN_STARTED);
    assertThat(back.getRunStarted().getLayers(0).getOutputShapeList()).containsExactly(8L, 26L, 26L);
    assertThat(back.getRunStarted().getTagsMap()).containsEntry("team", "vision");
  }

  @Test
  void stepMetricsRoundTripsInsideTrainingEvent() throws InvalidProtocolBufferException {
    StepMetrics metrics =
        StepMetrics.newBuilder()
            .setStep(10)
            .setEpoch(1)
            .setLoss(2.407606)
            .setAccuracy(Double.NaN)
            .setLearningRate(0.01)
            .setLogitNorm(12.5)
            .setTimeUnixMs(99)
            .build();
    TrainingEvent event = TrainingEvent.newBuilder().setRunId("r").setStepMetrics(metrics).build();

    TrainingEvent back = TrainingEvent.parseFrom(event.toByteArray());

    assertThat(back).isEqualTo(event);
    assertThat(back.getEventCase()).isEqualTo(TrainingEvent.EventCase.STEP_METRICS);
    assertThat(back.getStepMetrics().getAccuracy()).isNaN();
  }

  @Test
  void epochMetricsRoundTripsInsideTrainingEvent() throws InvalidProtocolBufferException {
    EpochMetrics metrics =
        EpochMetrics.newBuilder()
            .setEpoch(3)
            .setStep(400)
            .setTrainLoss(0.4)
            .setTrainAccuracy(0.9)
            .setHasValidation(true)
            .setValidationLoss(0.5)
            .setValidationAccuracy(0.85)
            .setTimeUnixMs(7)
            .build();
    TrainingEvent event = TrainingEvent.newBuilder().setRunId("r").setEpochMetrics(metrics).build();

    assertThat(TrainingEvent.parseFrom(event.toByteArray())).isEqualTo(event);
  }

  @Test
  void runFinishedRoundTripsInsideTrainingEvent() throws InvalidProtocolBufferException {
    RunFinished finished =
        RunFinished.newBuilder()
            .setRunId("r")
            .setStepCount(500)
            .setTimeUnixMs(8)
            .setStatus(RunStatus.INTERRUPTED)
            .setSamplesSent(1000)
            .setSamplesDropped(3)
            .build();
    TrainingEvent event = TrainingEvent.newBuilder().setRunId("r").setRunFinished(finished).build();

    TrainingEvent back = TrainingEvent.parseFrom(event.toByteArray());

    assertThat(back).isEqualTo(event);
    assertThat(back.getRunFinished().getStatus()).isEqualTo(RunStatus.INTERRUPTED);
  }

  @Test
  void unknownDtypeNumbersSurviveAsUnrecognized() throws InvalidProtocolBufferException {
    // A newer agent may send a dtype this build does not know; the decoder must be able to tell.
    byte[] bytes = ActivationSample.newBuilder().setDtypeValue(42).build().toByteArray();

    ActivationSample back = ActivationSample.parseFrom(bytes);

    assertThat(back.getDtype()).isEqualTo(DType.UNRECOGNIZED);
    assertThat(back.getDtypeValue()).isEqualTo(42);
  }
}
