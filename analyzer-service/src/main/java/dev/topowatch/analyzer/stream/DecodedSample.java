package dev.topowatch.analyzer.stream;

/**
 * A validated activation volume.
 *
 * @param nonFiniteValues how many values are NaN or ±Inf (analysed as the spec says: NaN and +Inf
 *     never in a sublevel set, −Inf always)
 */
public record DecodedSample(
    String runId,
    long step,
    int epoch,
    int layerIndex,
    String layerName,
    int sampleIndex,
    int[] shape,
    float[] values,
    int nonFiniteValues,
    long timeUnixMs) {

  public SampleKey key() {
    return new SampleKey(step, layerIndex, sampleIndex);
  }
}
