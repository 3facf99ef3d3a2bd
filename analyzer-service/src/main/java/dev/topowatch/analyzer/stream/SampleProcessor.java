package dev.topowatch.analyzer.stream;

import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.topology.DeadFraction;
import java.util.ArrayList;
import java.util.List;

/**
 * Decode, validate, compute and apply the samples of one {@code topowatch.activations} record (one
 * {@code ActivationSample} from an older agent, or an {@code ActivationBatch}). Runs on a worker
 * thread; thread-safe. A key already applied is not recomputed; a run that cannot be admitted
 * ({@code runs.max-live}) or a layer beyond {@code limits.max-layers} is refused before any
 * computation. A rejected record is booked in its run's {@code samples_rejected} only when that run
 * is live and the layer within {@code limits.max-layers}: a rejection never creates a run or a layer,
 * so a flood of bad records under ever new run ids or layer indices costs no state and takes no
 * live-run slot (it is still counted by reason). The work comes in two parts: {@link #prepare}, then
 * {@link #complete} once the engine has computed a sample's Betti numbers. A prepared sample holds its
 * run ({@link RunRegistry#hold}) until it is completed or {@link #abandon}ed, so that the run is not
 * removed as idle while its sample computes.
 */
public final class SampleProcessor {

  private final SampleDecoder decoder;
  private final BettiComputer computer;
  private final RunRegistry runs;

  public SampleProcessor(SampleDecoder decoder, BettiComputer computer, RunRegistry runs) {
    this.decoder = decoder;
    this.computer = computer;
    this.runs = runs;
  }

  /** A record checked and decoded: either its outcome already, or a sample to compute. */
  public record Prepared(SampleOutcome outcome, DecodedSample sample) {
    public boolean needsCompute() {
      return sample != null;
    }
  }

  public BettiComputer computer() {
    return computer;
  }

  /**
   * Reads a record (one sample, or a batch of one layer's samples at one step) and prepares each
   * sample it holds, in order; a record that cannot be read is one rejected outcome.
   */
  public List<Prepared> prepare(byte[] value) {
    List<ActivationSample> protos;
    try {
      protos = decoder.unpackChecked(value);
    } catch (RejectedSampleException e) {
      return List.of(done(SampleOutcome.rejected(e.reason(), e.getMessage(), "")));
    }
    List<Prepared> out = new ArrayList<>(protos.size());
    for (ActivationSample proto : protos) {
      out.add(prepare(proto));
    }
    return out;
  }

  /**
   * Checks idempotency and staleness, decodes and admits the run; computes nothing. A sample to
   * compute holds its run until {@link #complete} or {@link #abandon}.
   */
  private Prepared prepare(ActivationSample proto) {
    String runId = proto.getRunId();
    SampleKey key = new SampleKey(proto.getStep(), proto.getLayerIndex(), proto.getSampleIndex());
    if (!runId.isEmpty() && runs.alreadySeen(runId, key)) {
      return done(new SampleOutcome(SampleOutcome.Kind.DUPLICATE, null, null, runId, 0, 0, List.of()));
    }
    if (!runId.isEmpty() && runs.stale(runId, key.step())) {
      return done(new SampleOutcome(SampleOutcome.Kind.STALE, null, null, runId, 0, 0, List.of()));
    }
    DecodedSample sample;
    try {
      sample = decoder.decode(proto);
    } catch (RejectedSampleException e) {
      return done(rejectedInRun(runId, key, e.reason(), e.getMessage()));
    }
    if (!runs.admits(runId)) {
      return done(SampleOutcome.rejected(RejectReason.TOO_MANY_RUNS, "live run limit reached; run " + runId + " refused", runId));
    }
    int maxLayers = decoder.limits().maxLayers();
    int layer = sample.layerIndex();
    if (!runs.get(runId).map(r -> r.admitsLayer(layer, maxLayers)).orElse(true)) {
      return done(rejectedInRun(runId, key, RejectReason.TOO_MANY_LAYERS,
          "run " + runId + " already has " + maxLayers + " layers (limits.max-layers); layer " + layer + " refused"));
    }
    runs.hold(runId);
    return new Prepared(null, sample);
  }

  /** Lets go of a prepared sample that will not be completed (its computation failed). */
  public void abandon(DecodedSample sample) {
    runs.drop(sample.runId());
  }

  /**
   * A rejection, booked in its run when the run is live and the layer within its bound (a booked
   * rejection takes a place in the step, so an unbounded number of layers must not be booked).
   */
  private SampleOutcome rejectedInRun(String runId, SampleKey key, RejectReason reason, String message) {
    int maxLayers = decoder.limits().maxLayers();
    if (!runId.isEmpty() && runs.get(runId).map(r -> r.admitsLayer(key.layerIndex(), maxLayers)).orElse(false)) {
      runs.apply(runId, new RunEvent.SampleRejected(key.step(), key.layerIndex(), key.sampleIndex(), reason.label()));
    }
    return SampleOutcome.rejected(reason, message, runId);
  }

  private static Prepared done(SampleOutcome outcome) {
    return new Prepared(outcome, null);
  }

  /**
   * Applies computed Betti numbers to the sample's run (idempotent: a key applied meanwhile is a
   * duplicate).
   *
   * @param nanos the sample's share of the engine time
   */
  public SampleOutcome complete(DecodedSample sample, long[][] betti, long nanos) {
    String runId = sample.runId();
    RunRegistry.Result result = runs.applyHeld(runId, new RunEvent.SampleApplied(
        sample.step(), sample.epoch(), sample.layerIndex(), sample.layerName(), sample.sampleIndex(), sample.shape(), betti,
        sample.timeUnixMs(), DeadFraction.of(sample.values())));
    SampleOutcome.Kind kind = switch (result.outcome()) {
      case APPLIED -> SampleOutcome.Kind.APPLIED;
      case DUPLICATE -> SampleOutcome.Kind.DUPLICATE;
      case STALE -> SampleOutcome.Kind.STALE;
      case TOO_MANY_RUNS -> SampleOutcome.Kind.REJECTED;
    };
    RejectReason reason = kind == SampleOutcome.Kind.REJECTED ? RejectReason.TOO_MANY_RUNS : null;
    return new SampleOutcome(kind, reason, reason == null ? null : "live run limit reached", runId, nanos,
        sample.nonFiniteValues(), result.publishedSampleTimes());
  }
}
