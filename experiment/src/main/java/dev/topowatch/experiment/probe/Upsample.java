package dev.topowatch.experiment.probe;

/**
 * Bilinear upsampling of square grayscale images by an integer factor, with the half-pixel centres
 * of the usual image libraries (PyTorch's {@code align_corners=False}): the paper's resolution claim
 * is tested by feeding the same images at 28 × 28 and upsampled to 56 × 56.
 */
public final class Upsample {

  private Upsample() {}

  /** {@code count} images of {@code side}² pixels, row-major, to {@code count} images of (factor·side)². */
  public static float[] bilinear(float[] images, int count, int side, int factor) {
    int out = side * factor;
    float[] result = new float[count * out * out];
    for (int n = 0; n < count; n++) {
      int src = n * side * side;
      int dst = n * out * out;
      for (int y = 0; y < out; y++) {
        double sy = Math.max(0, (y + 0.5) / factor - 0.5);
        int y0 = Math.min((int) sy, side - 1);
        int y1 = Math.min(y0 + 1, side - 1);
        double wy = sy - y0;
        for (int x = 0; x < out; x++) {
          double sx = Math.max(0, (x + 0.5) / factor - 0.5);
          int x0 = Math.min((int) sx, side - 1);
          int x1 = Math.min(x0 + 1, side - 1);
          double wx = sx - x0;
          double top = images[src + y0 * side + x0] * (1 - wx) + images[src + y0 * side + x1] * wx;
          double bottom = images[src + y1 * side + x0] * (1 - wx) + images[src + y1 * side + x1] * wx;
          result[dst + y * out + x] = (float) (top * (1 - wy) + bottom * wy);
        }
      }
    }
    return result;
  }
}
