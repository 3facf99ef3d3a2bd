package dev.topowatch.experiment.zoo;

/**
 * Bilinear resizing of one square grayscale image to any size, with half-pixel centres (PyTorch's
 * {@code interpolate(mode="bilinear", align_corners=False)}): the digits go from 8 × 8 to 28 × 28.
 */
final class Resize {
  private Resize() {}

  static float[] bilinear(float[] image, int side, int out) {
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
