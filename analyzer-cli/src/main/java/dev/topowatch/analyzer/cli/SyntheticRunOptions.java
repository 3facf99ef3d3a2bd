package dev.topowatch.analyzer.cli;

import dev.topowatch.analyzer.load.SyntheticRuns;
import java.util.List;
import picocli.CommandLine.Option;

/** The synthetic workload's shape and topics, shared by {@code loadgen} and {@code soak} (a picocli mixin). */
final class SyntheticRunOptions {

  @Option(names = "--layers", defaultValue = "4", description = "layers per step (default ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--samples", defaultValue = "8", description = "samples per layer per step (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--topic", defaultValue = "topowatch.activations", description = "activations topic (default ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--events-topic", defaultValue = "topowatch.events", description = "events topic (default ${DEFAULT-VALUE})")
  String eventsTopic;

  /** The synthetic runs {@code ids} of this shape, on these topics. */
  SyntheticRuns runs(List<String> ids) {
    return new SyntheticRuns(ids, layers, samples, topic, eventsTopic);
  }
}
