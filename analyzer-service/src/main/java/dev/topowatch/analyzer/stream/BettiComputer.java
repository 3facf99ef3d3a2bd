package dev.topowatch.analyzer.stream;

import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import java.util.List;

/** Runs the topology engine on one decoded sample at every configured threshold. */
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
    Volume volume = Volume.of(sample.values(), sample.shape());
    return engine.betti(List.of(volume), construction, thresholds.resolve(sample.values()))[0];
  }
}
