package dev.topowatch.analyzer.stream;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.TrainingEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes {@code topowatch.events} records ({@code TrainingEvent}) and applies them to their run,
 * under the same {@link InputLimits} as samples: record size, run id and layer name length, layers
 * per run.
 */
public final class EventProcessor {

  private final RunRegistry runs;
  private final InputLimits limits;

  public EventProcessor(RunRegistry runs) {
    this(runs, InputLimits.DEFAULTS);
  }

  public EventProcessor(RunRegistry runs, InputLimits limits) {
    this.runs = runs;
    this.limits = limits;
  }

  /** The outcome: applied (with the samples whose metrics it published) or rejected. */
  public SampleOutcome process(byte[] value) {
    TrainingEvent event;
    try {
      limits.checkMessage(value);
      event = TrainingEvent.parseFrom(value == null ? new byte[0] : value);
    } catch (RejectedSampleException e) {
      return SampleOutcome.rejected(e.reason(), e.getMessage(), "");
    } catch (InvalidProtocolBufferException e) {
      return SampleOutcome.rejected(RejectReason.UNDECODABLE, "not a TrainingEvent: " + e.getMessage(), "");
    }
    String runId = runId(event);
    if (runId.isEmpty()) {
      return SampleOutcome.rejected(RejectReason.UNKNOWN_RUN, "event has no run_id", "");
    }
    try {
      checkSizes(event, runId);
    } catch (RejectedSampleException e) {
      return SampleOutcome.rejected(e.reason(), e.getMessage(), e.reason() == RejectReason.ID_TOO_LONG ? "" : runId);
    }
    RunEvent runEvent = toRunEvent(event);
    if (runEvent == null) {
      return SampleOutcome.rejected(RejectReason.UNDECODABLE, "event carries none of the known kinds", runId);
    }
    RunRegistry.Result result = runs.apply(runId, runEvent);
    if (result.outcome() == RunRegistry.Outcome.TOO_MANY_RUNS) {
      return SampleOutcome.rejected(RejectReason.TOO_MANY_RUNS, "live run limit reached; run " + runId + " refused", runId);
    }
    return new SampleOutcome(SampleOutcome.Kind.APPLIED, null, null, runId, 0, 0, result.publishedSampleTimes());
  }

  private void checkSizes(TrainingEvent event, String runId) throws RejectedSampleException {
    limits.checkId("run_id", runId);
    if (event.hasRunStarted()) {
      var layers = event.getRunStarted().getLayersList();
      if (layers.size() > limits.maxLayers()) {
        throw new RejectedSampleException(RejectReason.TOO_MANY_LAYERS,
            "RunStarted of run " + runId + " announces " + layers.size() + " layers, over limits.max-layers " + limits.maxLayers());
      }
      for (LayerInfo l : layers) {
        limits.checkId("layer name", l.getName());
      }
    }
  }

  static String runId(TrainingEvent e) {
    if (!e.getRunId().isEmpty()) {
      return e.getRunId();
    }
    if (e.hasRunStarted()) {
      return e.getRunStarted().getRunId();
    }
    return e.hasRunFinished() ? e.getRunFinished().getRunId() : "";
  }

  static RunEvent toRunEvent(TrainingEvent e) {
    switch (e.getEventCase()) {
      case RUN_STARTED: {
        var s = e.getRunStarted();
        List<RunEvent.LayerMeta> layers = new ArrayList<>();
        for (LayerInfo l : s.getLayersList()) {
          layers.add(new RunEvent.LayerMeta(l.getIndex(), l.getName(), l.getOutputShapeList().stream().mapToInt(Long::intValue).toArray()));
        }
        return new RunEvent.Started(s.getJobName(), s.getPowergradEnabled(), s.getPowergradAlpha(), layers,
            s.getSampling().getSize(), s.getTimeUnixMs());
      }
      case STEP_METRICS: {
        var m = e.getStepMetrics();
        return new RunEvent.StepMetrics(m.getStep(), m.getEpoch(), m.getLoss(), m.getAccuracy(), m.getLearningRate(),
            m.getLogitNorm(), m.getTimeUnixMs());
      }
      case EPOCH_METRICS: {
        var m = e.getEpochMetrics();
        return new RunEvent.EpochMetrics(m.getEpoch(), m.getStep(), m.getTrainLoss(), m.getTrainAccuracy(),
            m.getHasValidation(), m.getValidationLoss(), m.getValidationAccuracy(), m.getTimeUnixMs());
      }
      case RUN_FINISHED: {
        var f = e.getRunFinished();
        return new RunEvent.Finished(f.getStepCount(), f.getStatus().name(), f.getTimeUnixMs());
      }
      default:
        return null;
    }
  }
}
