package dev.topowatch.experiment.probe;

/**
 * Bilinear resizing of square grayscale images, with the half-pixel centres of the usual image
 * libraries (PyTorch's {@code align_corners=False}): the paper's resolution claim is tested by
 * feeding the same images at 28 × 28 and upsampled to 56 × 56, and the zoo study resizes the 8 × 8
 * digits to 28 × 28.
 */
public final class Upsample {

  private Upsample() {}

  /** {@code count} images of {@code side}² pixels, row-major, to {@code count} images of (factor·side)². */
  public static float[] bilinear(float[] images, int count, int side, int factor) {
    int out = side * factor;
    float[] result = new float[count * out * out];
    float[] one = new float[side * side];
    for (int n = 0; n < count; n++) {
      System.arraycopy(images, n * side * side, one, 0, one.length);
      System.arraycopy(resize(one, side, out), 0, result, n * out * out, out * out);
    }
    return result;
  }

  /** One image of {@code side}² pixels to {@code out}² pixels, any ratio. */
  public static float[] resize(float[] image, int side, int out) {
    float[] result = new float[out * out];
    double scale = (double) side / out;
    for (int y = 0; y < out; y++) {
      double sy = Math.max(0, (y + 0.5) * scale - 0.5);
      int y0 = Math.min((int) sy, side - 1);
      int y1 = Math.min(y0 + 1, side - 1);
      double wy = sy - y0;
      for (int x = 0; x < out; x++) {
        double sx = Math.max(0, (x + 0.5) * scale - 0.5);
        int x0 = Math.min((int) sx, side - 1);
        int x1 = Math.min(x0 + 1, side - 1);
        double wx = sx - x0;
        double top = image[y0 * side + x0] * (1 - wx) + image[y0 * side + x1] * wx;
        double bottom = image[y1 * side + x0] * (1 - wx) + image[y1 * side + x1] * wx;
        result[y * out + x] = (float) (top * (1 - wy) + bottom * wy);
      }
    }
    return result;
  }
}
