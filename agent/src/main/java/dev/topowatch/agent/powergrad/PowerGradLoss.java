package dev.topowatch.agent.powergrad;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Softmax cross-entropy whose backward pass is altered by PowerGrad (Das et al., arXiv 2111.12495).
 *
 * <p>With logits z (class axis last), p = softmax(z), target distribution q (one-hot from a class
 * index, or a dense/soft label, optionally smoothed to (1 − ε)·q + ε/C) and N rows:
 *
 * <ul>
 *   <li>the value is the ordinary cross-entropy mean over rows, −Σ q log p / N (times the weight);
 *   <li>the gradient with respect to z is (softmax(α·z) − q)/N (times the weight).
 * </ul>
 *
 * <p>The gradient is obtained without a custom backward: {@code loss = stop(CE) + Σ z⊙stop(p'−q)/N −
 * stop(Σ z⊙(p'−q)/N)}, whose value is CE and whose gradient is (p' − q)/N for every α in [0, 1]. α = 1
 * is ordinary softmax cross-entropy; α = 0 pushes towards the uniform distribution. p' is computed as
 * softmax(α·z), never as powers of small probabilities.
 *
 * <p>When the predictions are log-probabilities rather than logits ({@code optFromLogit(false)}),
 * softmax(α·log p) = p^α/Σ p^α, so the same formula holds with z = log p.
 *
 * <p>Where the logits are small (up to {@link #HOST_LIMIT} values, as in classification) and on the
 * CPU, p', q and the cross-entropy are computed on the host in one pass, and the engine only sees the surrogate's
 * three graph operations: a dozen native calls on a 64 × 10 array would cost more than the maths,
 * and more than DJL's own softmax cross-entropy. Larger logits, and logits on a GPU (whose copy to
 * the host would wait for the device every step), stay on the engine. Both give the
 * same value and gradient (a property test checks this).
 */
public final class PowerGradLoss extends Loss {
  /** Logits up to this many values (256 KiB as float32) are handled on the host. */
  static final long HOST_LIMIT = 1 << 16;

  private final float alpha;
  private final boolean sparseLabel;
  private final boolean fromLogit;
  private final float labelSmoothing;
  private final float weight;
  private final long hostLimit;
  private final Map<String, Float> totalLoss = new ConcurrentHashMap<>();

  private PowerGradLoss(Builder builder) {
    super(builder.name);
    this.alpha = builder.alpha;
    this.sparseLabel = builder.sparseLabel;
    this.fromLogit = builder.fromLogit;
    this.labelSmoothing = builder.labelSmoothing;
    this.weight = builder.weight;
    this.hostLimit = builder.hostLimit;
  }

  /** A builder; {@link Builder#setAlpha(float)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The α of the transform, in [0, 1]. */
  public float getAlpha() {
    return alpha;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray z = predictions.singletonOrThrow();
    NDArray label = labels.singletonOrThrow();
    return onHost(z) ? evaluateOnHost(label, z) : evaluateOnEngine(label, z);
  }

  /** Whether the host path serves these logits: small ones that are already in host memory. */
  private boolean onHost(NDArray z) {
    return takesHostPath(z.getDevice(), z.size(), hostLimit);
  }

  /**
   * The host path copies the logits out of the engine; for logits on an accelerator that copy
   * waits for the device on every step, so they always stay on the engine.
   */
  static boolean takesHostPath(Device device, long size, long hostLimit) {
    return Device.Type.CPU.equals(device.getDeviceType()) && size <= hostLimit;
  }

  /**
   * Small logits: p', q and the cross-entropy come from one host pass ({@link PowerGradTerms}); the
   * engine gets one array, the direction d, and three operations on the graph: Σ z⊙d + (CE − Σ z⊙d).
   */
  private NDArray evaluateOnHost(NDArray label, NDArray z) {
    int classes = classes(z);
    PowerGradTerms t =
        PowerGradTerms.compute(hostFloats(z), classes, hostTargets(label), alpha, fromLogit, weight);
    NDArray direction = z.getManager().create(t.direction, z.getShape()).toDevice(z.getDevice(), false);
    if (direction.getDataType() != z.getDataType()) {
      direction = direction.toType(z.getDataType(), false);
    }
    return z.mul(direction).sum().add((float) (t.crossEntropy - t.logitDotDirection));
  }

  /** Large logits stay on the engine: the surrogate built from array operations. */
  private NDArray evaluateOnEngine(NDArray label, NDArray z) {
    int classes = classes(z);
    long rows = z.size() / classes;
    // Everything but the surrogate is computed off the autograd graph: cheaper, and stop() for free.
    NDArray fixed = z.stopGradient();
    NDArray q = targets(label, fixed, classes);
    NDArray ce = crossEntropy(fixed, q, rows);
    NDArray powered = (alpha == 1f ? fixed : fixed.mul(alpha)).softmax(-1);
    NDArray direction = powered.sub(q).div(rows);
    NDArray surrogate = z.mul(direction).sum();
    // s − stop(s) is exactly 0 in value, so the loss value is exactly CE; its gradient is (p' − q)/N.
    NDArray loss = ce.add(surrogate.sub(surrogate.stopGradient()));
    return weight == 1f ? loss : loss.mul(weight);
  }

  /** The value of {@link #evaluate} alone, the weighted cross-entropy, without any gradient work. */
  private float value(NDList labels, NDList predictions) {
    NDArray z = predictions.singletonOrThrow();
    NDArray label = labels.singletonOrThrow();
    int classes = classes(z);
    if (onHost(z)) {
      return (float) PowerGradTerms.crossEntropy(hostFloats(z), classes, hostTargets(label), fromLogit, weight);
    }
    NDArray fixed = z.stopGradient();
    return crossEntropy(fixed, targets(label, fixed, classes), z.size() / classes).getFloat() * weight;
  }

  private static int classes(NDArray z) {
    return Math.toIntExact(z.getShape().get(z.getShape().dimension() - 1));
  }

  /** −Σ q log p / N, from detached predictions. */
  private NDArray crossEntropy(NDArray fixed, NDArray q, long rows) {
    NDArray logP = fromLogit ? fixed.logSoftmax(-1) : fixed;
    return logP.mul(q).sum().div(-rows);
  }

  private static float[] hostFloats(NDArray a) {
    return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
  }

  private PowerGradTerms.Targets hostTargets(NDArray label) {
    if (!sparseLabel) {
      return PowerGradTerms.Targets.dense(hostFloats(label), labelSmoothing);
    }
    long[] classIndex;
    switch (label.getDataType()) {
      case INT64 -> classIndex = label.toLongArray();
      case FLOAT32 -> {
        float[] f = label.toFloatArray();
        classIndex = new long[f.length];
        for (int i = 0; i < f.length; i++) {
          classIndex[i] = (long) f[i]; // as the engine's cast to int64 does
        }
      }
      default -> classIndex = label.toType(DataType.INT64, false).toLongArray();
    }
    return PowerGradTerms.Targets.sparse(classIndex, labelSmoothing);
  }

  // The accumulators behave as DJL's Loss ones (one instance per update, the mean of the recorded
  // values), but record value(...) rather than evaluate(...): a training listener updates them once
  // per batch, after the backward pass, when the surrogate would be wasted work. DJL keeps its own
  // totals private, hence a copy here.
  @Override
  public void addAccumulator(String key) {
    totalInstances.put(key, 0L);
    totalLoss.put(key, 0f);
  }

  @Override
  public void updateAccumulator(String key, NDList labels, NDList predictions) {
    updateAccumulators(new String[] {key}, labels, predictions);
  }

  @Override
  public void updateAccumulators(String[] keys, NDList labels, NDList predictions) {
    float update = value(labels, predictions);
    for (String key : keys) {
      totalInstances.compute(key, (k, v) -> v + 1);
      totalLoss.compute(key, (k, v) -> v + update);
    }
  }

  @Override
  public void resetAccumulator(String key) {
    totalInstances.compute(key, (k, v) -> 0L);
    totalLoss.compute(key, (k, v) -> 0f);
  }

  @Override
  public float getAccumulator(String key) {
    Long instances = totalInstances.get(key);
    if (instances == null) {
      throw new IllegalArgumentException("No loss found at that path");
    }
    return instances == 0 ? Float.NaN : totalLoss.get(key) / instances;
  }

  /** The target distribution q with the logits' shape and type (no gradient). */
  private NDArray targets(NDArray label, NDArray z, int classes) {
    NDArray q;
    if (sparseLabel) {
      q = label.toType(DataType.INT64, false).oneHot(classes, z.getDataType());
    } else {
      q = label.toType(z.getDataType(), false);
    }
    if (!q.getShape().equals(z.getShape())) {
      q = q.reshape(z.getShape()); // e.g. labels of shape (N, 1)
    }
    if (labelSmoothing > 0) {
      q = q.mul(1 - labelSmoothing).add(labelSmoothing / classes);
    }
    return q;
  }

  /** Builds a {@link PowerGradLoss}; defaults follow DJL's {@code SoftmaxCrossEntropyLoss}. */
  public static final class Builder {
    private String name = "PowerGradLoss";
    private float alpha = Float.NaN;
    private boolean sparseLabel = true;
    private boolean fromLogit = true;
    private float labelSmoothing;
    private float weight = 1f;
    private long hostLimit = HOST_LIMIT;

    private Builder() {}

    /** Sets α in [0, 1] (required). */
    public Builder setAlpha(float alpha) {
      this.alpha = alpha;
      return this;
    }

    /** Sets the loss name (the key of its accumulators); default {@code "PowerGradLoss"}. */
    public Builder optName(String name) {
      this.name = name;
      return this;
    }

    /** Labels are class indices (true, default) or dense distributions over the classes (false). */
    public Builder optSparseLabel(boolean sparseLabel) {
      this.sparseLabel = sparseLabel;
      return this;
    }

    /** Predictions are logits (true, default) or log-probabilities (false). */
    public Builder optFromLogit(boolean fromLogit) {
      this.fromLogit = fromLogit;
      return this;
    }

    /** Label smoothing ε in [0, 1): q = (1 − ε)·q + ε/C; default 0. */
    public Builder optLabelSmoothing(float epsilon) {
      this.labelSmoothing = epsilon;
      return this;
    }

    /** Multiplies value and gradient; default 1. */
    public Builder optWeight(float weight) {
      this.weight = weight;
      return this;
    }

    /** For tests: logits up to this many values are handled on the host (0: always the engine). */
    Builder hostLimit(long values) {
      this.hostLimit = values;
      return this;
    }

    /**
     * Builds the loss.
     *
     * @throws IllegalArgumentException when α is missing or outside [0, 1], or ε outside [0, 1)
     */
    public PowerGradLoss build() {
      if (!(alpha >= 0f && alpha <= 1f)) {
        throw new IllegalArgumentException(
            "PowerGrad alpha must be in [0, 1] (1 = ordinary cross-entropy), got " + alpha);
      }
      if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
        throw new IllegalArgumentException(
            "label smoothing epsilon must be in [0, 1), got " + labelSmoothing);
      }
      if (!Float.isFinite(weight)) {
        throw new IllegalArgumentException("weight must be finite, got " + weight);
      }
      return new PowerGradLoss(this);
    }
  }
}
