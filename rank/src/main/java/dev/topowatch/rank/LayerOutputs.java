package dev.topowatch.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.agent.sampling.LayerNaming;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every layer's output on a batch, in inference mode, named as the agent names it ({@link
 * LayerNaming}): the model is run block by block through its {@link SequentialBlock}s (what a
 * SequentialBlock's own forward does), and the output of each block the agent counts as a layer is
 * kept.
 */
public final class LayerOutputs {

  /** One layer's output: {@code values} holds the batch's samples one after another, each {@code sampleShape}. */
  public record Output(Layer layer, int[] sampleShape, float[] values) {
    public int sampleSize() {
      int s = 1;
      for (int d : sampleShape) {
        s *= d;
      }
      return s;
    }
  }

  private LayerOutputs() {}

  /**
   * Runs {@code root} on {@code input} (batch first) and returns every layer's output in forward order.
   *
   * @throws IllegalArgumentException if the model holds layers inside a block that is not a
   *     SequentialBlock (its forward cannot be followed layer by layer)
   */
  public static List<Output> of(Block root, NDArray input, ParameterStore store) {
    Map<Block, Layer> layers = new IdentityHashMap<>();
    for (Layer l : LayerNaming.layers(root)) {
      layers.put(l.block(), l);
    }
    List<Output> out = new ArrayList<>();
    walk(root, new NDList(input), store, layers, out);
    return out;
  }

  private static NDList walk(Block block, NDList x, ParameterStore store, Map<Block, Layer> layers, List<Output> out) {
    Layer layer = layers.get(block);
    if (layer != null) {
      NDList y = block.forward(store, x, false);
      out.add(capture(layer, y.head()));
      return y;
    }
    if (block instanceof SequentialBlock && !block.getChildren().isEmpty()) {
      NDList current = x;
      for (Block child : block.getChildren().values()) {
        current = walk(child, current, store, layers, out);
      }
      return current;
    }
    throw new IllegalArgumentException("rank follows a model layer by layer through its SequentialBlocks; "
        + block.getClass().getSimpleName() + " holds layers but is not a SequentialBlock");
  }

  private static Output capture(Layer layer, NDArray y) {
    long[] shape = y.getShape().getShape();
    if (shape.length < 1) {
      throw new IllegalArgumentException("layer " + layer.name() + " gave a scalar, not one output per sample");
    }
    int[] sample = new int[shape.length - 1];
    for (int d = 1; d < shape.length; d++) {
      sample[d - 1] = Math.toIntExact(shape[d]);
    }
    return new Output(layer, sample, y.toType(DataType.FLOAT32, false).toFloatArray());
  }
}
