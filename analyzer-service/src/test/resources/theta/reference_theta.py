"""Reference decay rates for StreamingAnalyzerTest, computed independently of topowatch's DecayRate.

The authors' own formula (Cross-Caps/DNNTopology): scikit-learn make_pipeline(PolynomialFeatures(3),
Ridge(alpha=1e-3)) fitted to Omega / ||Omega||_2 against the layer number 1..L; theta = c1 + 0.5 c2
+ 0.5 c3. Run with /usr/bin/python3 (Debian python3-sklearn 1.2.1); the output is copied into
StreamingAnalyzerTest as constants.
"""
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures


def theta(omega):
    y = np.asarray(omega, dtype=float)
    y = y / np.linalg.norm(y)
    x = np.arange(1, len(y) + 1, dtype=float).reshape(-1, 1)
    model = make_pipeline(PolynomialFeatures(3), Ridge(alpha=1e-3)).fit(x, y)
    c = model.named_steps["ridge"].coef_
    return c[1] + 0.5 * c[2] + 0.5 * c[3]


for omega in ([2, 4, 2], [9, 6, 4, 1], [9, 6], [5, 5, 5, 5]):
    print(omega, repr(theta(omega)))
