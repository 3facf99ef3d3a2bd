package dev.topowatch.rank;

import ai.djl.Model;

/**
 * A loaded candidate model.
 *
 * @param name the candidate's name (its directory's name)
 * @param kind {@code zoo} or {@code block-factory}
 * @param model the DJL model; closed by {@link #close()}
 * @param defaultLayers the regex of the layers that enter θ when the user names none (a zoo
 *     model's block outputs; every layer otherwise)
 * @param inputShape one image's shape when the model declares it (zoo), else null
 */
public record Candidate(String name, String kind, Model model, String defaultLayers, int[] inputShape) implements AutoCloseable {
  @Override
  public void close() {
    model.close();
  }
}
