package dev.topowatch.topology;

/**
 * θ, the decay rate of Ω across depth (spec section 4), exactly as scikit-learn's
 * {@code make_pipeline(PolynomialFeatures(3), Ridge(alpha=1e-3))} fits it: y_l = Ω_l / ‖Ω‖₂ at
 * x_l = l (1-based), features x, x², x³ and y centred (unpenalised intercept), then
 * (XᵀX + αI)c = Xᵀy in double precision; θ = c1 + 0.5·c2 + 0.5·c3.
 */
public final class DecayRate {
  /** The ridge penalty α on (c1, c2, c3). */
  public static final double ALPHA = 1e-3;

  private DecayRate() {}

  /**
   * θ of per-layer complexities; 0 when every Ω is 0 (nothing to normalise).
   *
   * @throws IllegalArgumentException if the array is empty or holds a non-finite value
   */
  public static double theta(double[] omegaPerLayer) {
    double[] c = coefficients(omegaPerLayer);
    return c[1] + 0.5 * c[2] + 0.5 * c[3];
  }

  /** The fitted polynomial c0 + c1·x + c2·x² + c3·x³ as {@code {c0, c1, c2, c3}}. */
  public static double[] coefficients(double[] omegaPerLayer) {
    double[] y = normalised(omegaPerLayer);
    int n = y.length;
    double[][] x = new double[n][3];
    double[] meanX = new double[3];
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      double l = i + 1;
      x[i][0] = l;
      x[i][1] = l * l;
      x[i][2] = l * l * l;
      for (int k = 0; k < 3; k++) {
        meanX[k] += x[i][k] / n;
      }
      meanY += y[i] / n;
    }
    double[][] a = new double[3][3];
    double[] rhs = new double[3];
    for (int i = 0; i < n; i++) {
      double yc = y[i] - meanY;
      for (int r = 0; r < 3; r++) {
        double xr = x[i][r] - meanX[r];
        rhs[r] += xr * yc;
        for (int c = 0; c < 3; c++) {
          a[r][c] += xr * (x[i][c] - meanX[c]);
        }
      }
    }
    for (int k = 0; k < 3; k++) {
      a[k][k] += ALPHA;
    }
    double[] c = LinearSystem.solve(a, rhs);
    double c0 = meanY - (meanX[0] * c[0] + meanX[1] * c[1] + meanX[2] * c[2]);
    return new double[] {c0, c[0], c[1], c[2]};
  }

  private static double[] normalised(double[] omega) {
    if (omega == null || omega.length == 0) {
      throw new IllegalArgumentException("need Ω for at least one layer");
    }
    double norm = 0;
    for (int i = 0; i < omega.length; i++) {
      if (!Double.isFinite(omega[i])) {
        throw new IllegalArgumentException("Ω of layer " + (i + 1) + " is not finite: " + omega[i]);
      }
      norm += omega[i] * omega[i];
    }
    norm = Math.sqrt(norm);
    double[] y = new double[omega.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = norm == 0 ? 0 : omega[i] / norm;
    }
    return y;
  }
}
