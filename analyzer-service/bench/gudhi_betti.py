"""Betti numbers of a .npy volume at one threshold with GUDHI (T-construction), as JSON on stdout.

Usage: gudhi_betti.py FILE.npy THRESHOLD
beta_k = number of dimension-k persistence intervals with birth <= threshold < death.
"""
import json
import sys

import gudhi
import numpy as np

volume = np.load(sys.argv[1])
eta = float(sys.argv[2])
complex_ = gudhi.CubicalComplex(top_dimensional_cells=volume)
pairs = complex_.persistence()
betti = [0] * volume.ndim
for dim, (birth, death) in pairs:
    if dim < volume.ndim and birth <= eta < death:
        betti[dim] += 1
check = complex_.persistent_betti_numbers(eta, eta)[: volume.ndim]
if list(check) != betti:
    sys.exit(f"GUDHI disagrees with itself: intervals give {betti}, persistent_betti_numbers {list(check)}")
print(json.dumps({"gudhi": gudhi.__version__, "betti": betti}))
