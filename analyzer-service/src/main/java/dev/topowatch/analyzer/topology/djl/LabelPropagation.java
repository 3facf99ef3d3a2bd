package dev.topowatch.analyzer.topology.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Connected components of a batch of 0/1 masks by label propagation: every present cell starts
 * with its own id, then repeatedly takes the largest label in its neighbourhood (a max-pooling)
 * and the label of the cell its label names (pointer jumping, which shortens long paths), until
 * nothing changes. A component ends with one label, its largest id; the components are counted as
 * the cells whose final label is their own id.
 *
 * <p>The pooling is done as maxima of shifted copies (cyclic shifts, separable for the 3×3×3
 * neighbourhood), several times faster than PyTorch's max_pool3d on a CPU. The cyclic wrap only
 * ever pairs two cells of the padding layer: in a foreground mask their labels are 0, and in a
 * complement they all belong to the unbounded component, so no label crosses between components.
 */
final class LabelPropagation {
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
    NDManager owner = mask.getManager();
    NDArray labels = mask.mul(ids);
    while (true) {
      NDArray next;
      boolean done;
      // each round's temporaries live in their own scope: a round makes a dozen batch-sized tensors
      try (NDManager round = owner.newSubManager()) {
        labels.tempAttach(round);
        next = step(labels, mask, connectivity, batch, cells, shape);
        done = next.contentEquals(labels);
        next.attach(owner);
      }
      labels.close();
      labels = next;
      if (done) {
        break;
      }
    }
    return TensorBetti.sumPerItem(labels.eq(ids));
  }

  /** One round: neighbourhood maximum, then one pointer jump, restricted to the mask. */
  private static NDArray step(NDArray labels, NDArray mask, Connectivity connectivity, long batch, long cells,
      Shape shape) {
    NDArray flat = neighbourhoodMax(labels, connectivity).mul(mask).reshape(batch, cells);
    NDArray target = flat.sub(1).maximum(0).toType(DataType.INT64, false);
    return flat.maximum(flat.gather(target, 1)).reshape(shape).mul(mask);
  }

  private static NDArray neighbourhoodMax(NDArray labels, Connectivity connectivity) {
    NDArray out = labels;
    for (int axis = 2; axis <= 4; axis++) {
      // FULL: a separable 3x3x3 maximum over the running result; FACE: the 6 face neighbours only
      NDArray source = connectivity == Connectivity.FULL ? out : labels;
      out = out.maximum(shift(source, axis, 1)).maximum(shift(source, axis, -1));
    }
    return out;
  }

  /** A cyclic shift by one along a spatial axis. */
  private static NDArray shift(NDArray a, int axis, int by) {
    long n = a.getShape().get(axis);
    String head = ":, ".repeat(axis);
    NDArray first = by > 0 ? a.get(head + "{}:", n - 1) : a.get(head + "1:");
    NDArray rest = by > 0 ? a.get(head + ":{}", n - 1) : a.get(head + ":1");
    return first.concat(rest, axis);
  }
}
