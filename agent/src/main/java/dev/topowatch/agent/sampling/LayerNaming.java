package dev.topowatch.agent.sampling;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a model's block tree into its layer list: each child of the top-level block, nested
 * {@link SequentialBlock}s expanded, named {@code NN_type} with DJL's own 1-based child numbering
 * ({@code 01_conv2d}, {@code 07_sequential/02_linear}); the type is the lower-case class name without
 * a {@code Block} suffix. A {@link LambdaBlock} is named after its
 * function ({@code 02_relu}, {@code 03_maxpool2d}) when DJL gave it a name. A top-level block
 * without children is the one layer {@code 01_type}.
 */
public final class LayerNaming {
  private LayerNaming() {}

  /** Every layer of the model, in forward order. */
  public static List<Layer> layers(Block root) {
    List<Layer> out = new ArrayList<>();
    if (root.getChildren().isEmpty()) {
      out.add(new Layer(0, "01_" + typeName(root), root.getClass().getSimpleName(), root));
    } else {
      expand(root, "", out);
    }
    return out;
  }

  /** The layers whose names match {@code filter} (all when it is null), indices kept. */
  public static List<Layer> select(List<Layer> layers, Pattern filter) {
    if (filter == null) {
      return layers;
    }
    List<Layer> out = new ArrayList<>();
    for (Layer layer : layers) {
      if (filter.matcher(layer.name()).find()) {
        out.add(layer);
      }
    }
    return out;
  }

  private static void expand(Block parent, String prefix, List<Layer> out) {
    List<Block> children = parent.getChildren().values();
    for (int i = 0; i < children.size(); i++) {
      Block child = children.get(i);
      String path = prefix + String.format(Locale.ROOT, "%02d_%s", i + 1, typeName(child));
      if (child instanceof SequentialBlock && !child.getChildren().isEmpty()) {
        expand(child, path + "/", out);
      } else {
        out.add(new Layer(out.size(), path, child.getClass().getSimpleName(), child));
      }
    }
  }

  /** Lower-case type: the lambda's name where DJL gave one, otherwise the block's class. */
  static String typeName(Block block) {
    String name = block.getClass().getSimpleName();
    if (block instanceof LambdaBlock lambda
        && lambda.getName() != null
        && !lambda.getName().equals(LambdaBlock.DEFAULT_NAME)) {
      name = lambda.getName();
    }
    String clean = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    if (clean.endsWith("block") && clean.length() > "block".length()) {
      clean = clean.substring(0, clean.length() - "block".length()); // SequentialBlock → sequential
    }
    return clean.isEmpty() ? "block" : clean;
  }
}
