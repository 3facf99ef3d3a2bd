package dev.topowatch.analyzer.stream;

/** The identity of a sample within a run: results are idempotent per key. */
public record SampleKey(long step, int layerIndex, int sampleIndex) {}
