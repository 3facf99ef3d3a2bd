package dev.topowatch.analyzer.stream;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import java.util.ArrayList;
import java.util.List;

/** Runs the topology engine on decoded samples at every configured threshold, one or many per call. */
public final class BettiComputer {

  private final BettiEngine engine;
  private final Construction construction;
  private final ThresholdSpec thresholds;

  public BettiComputer(BettiEngine engine, Construction construction, ThresholdSpec thresholds) {
    this.engine = engine;
    this.construction = construction;
    this.thresholds = thresholds;
  }

  public ThresholdSpec thresholds() {
    return thresholds;
  }

  public String engineName() {
    return engine.name();
  }

  /** {@code result[t][d]}: Betti number of dimension d at threshold t (d below the sample's rank). */
  public long[][] compute(DecodedSample sample) {
    return compute(List.of(sample))[0];
  }

  /**
   * One engine call for many samples of any shapes: {@code result[i]} is {@link #compute(DecodedSample)}
   * of {@code samples.get(i)}. In quantile mode each volume carries its own thresholds.
   */
  public long[][][] compute(List<DecodedSample> samples) {
    List<Volume> volumes = new ArrayList<>(samples.size());
    for (DecodedSample s : samples) {
      volumes.add(Volume.of(s.values(), s.shape()));
    }
    if (!thresholds.quantileMode()) {
      return engine.betti(volumes, construction, thresholds.resolve(new float[0]));
    }
    List<double[]> perVolume = new ArrayList<>(samples.size());
    for (DecodedSample s : samples) {
      perVolume.add(thresholds.resolve(s.values()));
    }
    return engine.betti(volumes, construction, perVolume);
  }
}
