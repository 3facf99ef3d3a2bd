package dev.topowatch.agent.run;

import dev.topowatch.agent.AgentConfig;
import dev.topowatch.agent.AgentConfig.SampleDType;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import java.util.List;
import java.util.Map;

/** Builds the wire messages of one run from plain values. */
final class Messages {
  private final AgentConfig config;
  private final String runId;

  Messages(AgentConfig config, String runId) {
    this.config = config;
    this.runId = runId;
  }

  String runId() {
    return runId;
  }

  static DType dtype(SampleDType t) {
    return switch (t) {
      case FLOAT32 -> DType.FLOAT32;
      case FLOAT16 -> DType.FLOAT16;
      case BFLOAT16 -> DType.BFLOAT16;
    };
  }

  private TrainingEvent.Builder event() {
    return TrainingEvent.newBuilder()
        .setRunId(runId)
        .setTimeUnixMs(System.currentTimeMillis());
  }

  TrainingEvent runStarted(
      List<Layer> layers, Map<Layer, long[]> shapes, boolean powergrad, double alpha, String trainer) {
    RunStarted.Builder b =
        RunStarted.newBuilder()
            .setRunId(runId)
            .setJobName(config.jobName())
            .setPowergradEnabled(powergrad)
            .setPowergradAlpha(powergrad ? alpha : 1.0)
            .setSampling(
                SamplingSettings.newBuilder()
                    .setEvery(config.sampleEvery())
                    .setSize(config.sampleSize())
                    .setLayers(config.layers() == null ? "" : config.layers().pattern())
                    .setDtype(dtype(config.sampleDType())))
            .putAllTags(config.tags())
            .setTimeUnixMs(System.currentTimeMillis())
            .setTrainer(trainer);
    for (Layer layer : layers) {
      LayerInfo.Builder info =
          LayerInfo.newBuilder().setIndex(layer.index()).setName(layer.name()).setBlockType(layer.blockType());
      for (long d : shapes.getOrDefault(layer, new long[0])) {
        info.addOutputShape(d);
      }
      b.addLayers(info);
    }
    return event().setRunStarted(b).build();
  }

  TrainingEvent stepMetrics(long step, int epoch, double loss, double accuracy, double lr, double norm) {
    return event()
        .setStepMetrics(
            StepMetrics.newBuilder()
                .setStep(step)
                .setEpoch(epoch)
                .setLoss(loss)
                .setAccuracy(accuracy)
                .setLearningRate(lr)
                .setLogitNorm(norm)
                .setTimeUnixMs(System.currentTimeMillis()))
        .build();
  }

  TrainingEvent epochMetrics(
      int epoch, long step, double trainLoss, double trainAcc, Double valLoss, Double valAcc) {
    EpochMetrics.Builder b =
        EpochMetrics.newBuilder()
            .setEpoch(epoch)
            .setStep(step)
            .setTrainLoss(trainLoss)
            .setTrainAccuracy(trainAcc)
            .setHasValidation(valLoss != null)
            .setTimeUnixMs(System.currentTimeMillis());
    if (valLoss != null) {
      b.setValidationLoss(valLoss).setValidationAccuracy(valAcc == null ? Double.NaN : valAcc);
    }
    return event().setEpochMetrics(b).build();
  }

  TrainingEvent runFinished(long steps, RunStatus status, long sent, long dropped) {
    return event()
        .setRunFinished(
            RunFinished.newBuilder()
                .setRunId(runId)
                .setStepCount(steps)
                .setTimeUnixMs(System.currentTimeMillis())
                .setStatus(status)
                .setSamplesSent(sent)
                .setSamplesDropped(dropped))
        .build();
  }
}
