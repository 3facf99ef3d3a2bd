package dev.topowatch.it.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.topowatch.trainer.CnnModel;
import java.io.DataInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes, in this JVM, every layer's output for a step the trainer dumped: the model is rebuilt,
 * the parameters it had before that step are loaded, and the dumped batch is pushed through the
 * layers one by one (nested sequential blocks expanded), in training mode as the trainer ran it.
 */
final class LayerRecompute {
  /** One layer's output for the whole batch (values row-major) and the batch's labels. */
  record Step(List<float[]> layerOutputs, List<long[]> layerShapes, float[] labels) {}

  private LayerRecompute() {}

  static Step of(Path dumpDir, long step) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray data = NDArray.decode(manager, Files.readAllBytes(dumpDir.resolve("step-" + step + "-data.nd")));
      NDArray labels = NDArray.decode(manager, Files.readAllBytes(dumpDir.resolve("step-" + step + "-labels.nd")));
      SequentialBlock model = CnnModel.build();
      model.initialize(manager, DataType.FLOAT32, data.getShape());
      try (DataInputStream in = new DataInputStream(Files.newInputStream(dumpDir.resolve("step-" + step + "-params.bin")))) {
        model.loadParameters(manager, in);
      }
      List<float[]> outputs = new ArrayList<>();
      List<long[]> shapes = new ArrayList<>();
      ParameterStore store = new ParameterStore(manager, false);
      NDList x = new NDList(data);
      for (Block layer : leaves(model)) {
        x = layer.forward(store, x, true);
        outputs.add(x.head().toType(DataType.FLOAT32, false).toFloatArray());
        shapes.add(x.head().getShape().getShape());
      }
      return new Step(outputs, shapes, labels.toType(DataType.FLOAT32, false).toFloatArray());
    }
  }

  /**
   * A parameter of the model's last layer (the output Linear) as the trainer had it before
   * {@code step}: {@code "weight"} (classes × inputs) or {@code "bias"}.
   */
  static float[] lastLayerParameter(Path dumpDir, long step, String name) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray data = NDArray.decode(manager, Files.readAllBytes(dumpDir.resolve("step-" + step + "-data.nd")));
      SequentialBlock model = CnnModel.build();
      model.initialize(manager, DataType.FLOAT32, data.getShape());
      try (DataInputStream in = new DataInputStream(Files.newInputStream(dumpDir.resolve("step-" + step + "-params.bin")))) {
        model.loadParameters(manager, in);
      }
      Block last = model.getChildren().valueAt(model.getChildren().size() - 1);
      return last.getParameters().get(name).getArray().toFloatArray();
    }
  }

  private static List<Block> leaves(Block block) {
    List<Block> out = new ArrayList<>();
    for (Block child : block.getChildren().values()) {
      if (child instanceof SequentialBlock) {
        out.addAll(leaves(child));
      } else {
        out.add(child);
      }
    }
    return out;
  }
}
