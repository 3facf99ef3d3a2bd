package dev.topowatch.agent.powergrad;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

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
 */
public final class PowerGradLoss extends Loss {
  private final float alpha;
  private final boolean sparseLabel;
  private final boolean fromLogit;
  private final float labelSmoothing;
  private final float weight;

  private PowerGradLoss(Builder builder) {
    super(builder.name);
    this.alpha = builder.alpha;
    this.sparseLabel = builder.sparseLabel;
    this.fromLogit = builder.fromLogit;
    this.labelSmoothing = builder.labelSmoothing;
    this.weight = builder.weight;
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
    int classes = Math.toIntExact(z.getShape().get(z.getShape().dimension() - 1));
    long rows = z.size() / classes;
    // Everything but the surrogate is computed off the autograd graph: cheaper, and stop() for free.
    NDArray fixed = z.stopGradient();
    NDArray q = targets(labels.singletonOrThrow(), fixed, classes);
    NDArray logP = fromLogit ? fixed.logSoftmax(-1) : fixed;
    NDArray ce = logP.mul(q).sum().div(-rows);
    NDArray powered = (alpha == 1f ? fixed : fixed.mul(alpha)).softmax(-1);
    NDArray direction = powered.sub(q).div(rows);
    NDArray surrogate = z.mul(direction).sum();
    // s − stop(s) is exactly 0 in value, so the loss value is exactly CE; its gradient is (p' − q)/N.
    NDArray loss = ce.add(surrogate.sub(surrogate.stopGradient()));
    return weight == 1f ? loss : loss.mul(weight);
  }

  /** The target distribution q with the logits' shape and type (no gradient). */
  private NDArray targets(NDArray label, NDArray z, int classes) {
    NDArray q;
    if (sparseLabel) {
      q = label.toType(DataType.INT64, false).oneHot(classes, z.getDataType()).reshape(z.getShape());
    } else {
      q = label.toType(z.getDataType(), false).reshape(z.getShape());
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
