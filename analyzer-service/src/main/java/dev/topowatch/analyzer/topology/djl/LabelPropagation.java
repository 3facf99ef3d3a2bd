package dev.topowatch.analyzer.topology.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Connected components of a batch of 0/1 masks by label propagation: every present cell starts
 * with its own id, then repeatedly takes the largest label in its neighbourhood (a max-pooling)
 * and the label of the cell its label names (pointer jumping, which shortens long paths), until
 * nothing changes. A component ends with one label, its largest id; the components are counted as
 * the cells whose final label is their own id.
 */
final class LabelPropagation {
  private static final Shape ONE = new Shape(1, 1, 1);
  private static final Shape CUBE = new Shape(3, 3, 3);
  private static final Shape[] AXIS_KERNELS = {new Shape(3, 1, 1), new Shape(1, 3, 1), new Shape(1, 1, 3)};
  private static final Shape[] AXIS_PADS = {new Shape(1, 0, 0), new Shape(0, 1, 0), new Shape(0, 0, 1)};

  private LabelPropagation() {}

  /**
   * @param mask (B, 1, D, H, W) of 0/1 in the label type
   * @param ids (1, 1, D, H, W): 1..D·H·W in the label type
   * @return per batch item, the number of components
   */
  static long[] roots(NDArray mask, NDArray ids, Connectivity connectivity) {
    Shape shape = mask.getShape();
    long batch = shape.get(0);
    long cells = shape.size() / batch;
    NDArray labels = mask.mul(ids);
    while (true) {
      NDArray next = neighbourhoodMax(labels, connectivity).mul(mask);
      NDArray flat = next.reshape(batch, cells);
      NDArray target = flat.sub(1).maximum(0).toType(DataType.INT64, false);
      next = flat.maximum(flat.gather(target, 1)).reshape(shape).mul(mask);
      boolean done = next.contentEquals(labels);
      labels = next;
      if (done) {
        break;
      }
    }
    return TensorBetti.sumPerItem(labels.eq(ids));
  }

  private static NDArray neighbourhoodMax(NDArray labels, Connectivity connectivity) {
    if (connectivity == Connectivity.FULL) {
      return Pool.maxPool3d(labels, CUBE, ONE, ONE, false);
    }
    NDArray out = labels;
    for (int a = 0; a < 3; a++) {
      out = out.maximum(Pool.maxPool3d(labels, AXIS_KERNELS[a], ONE, AXIS_PADS[a], false));
    }
    return out;
  }
}
