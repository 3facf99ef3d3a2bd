"""Betti curves at every distinct value with GUDHI's full persistence (T-construction): a baseline.

Usage: gudhi_curves.py VOLUMES.npy COUNT REPEAT [CURVE_DIR]
Times REPEAT passes over the first COUNT volumes of an (N, ...) array: persistence of each volume's
cubical complex, then its Betti curve read off the diagram at every distinct value
(beta_k(x) = number of dimension-k intervals with birth <= x < death). Prints one JSON line. With
CURVE_DIR, compares each curve with CURVE_DIR/curve-T-I.npy (rows: value, b0, b1, b2) and exits
non-zero on the first difference.
"""
import json
import sys
import time

import gudhi
import numpy as np


def curve(volume):
    """(values, betti[values, dim]) of the T-construction sublevel filtration of one volume."""
    complex_ = gudhi.CubicalComplex(top_dimensional_cells=volume)
    pairs = complex_.persistence(homology_coeff_field=2, min_persistence=-1)
    values = np.unique(volume[np.isfinite(volume)])
    betti = np.zeros((len(values), volume.ndim), dtype=np.int64)
    for dim in range(volume.ndim):
        births = np.array([b for d, (b, _) in pairs if d == dim])
        deaths = np.array([e for d, (_, e) in pairs if d == dim])
        if len(births):
            born = np.searchsorted(np.sort(births), values, side="right")
            dead = np.searchsorted(np.sort(deaths), values, side="right")
            betti[:, dim] = born - dead
    return values, betti


def main():
    volumes = np.load(sys.argv[1])
    count, repeat = int(sys.argv[2]), int(sys.argv[3])
    seconds, cpu_seconds = [], []  # CPU time: fairer than wall time on a shared machine
    curves = None
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        curves = [curve(v) for v in volumes[:count]]
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    print(json.dumps({"gudhi": gudhi.__version__, "volumes": count, "seconds": seconds, "cpu_seconds": cpu_seconds}))
    if len(sys.argv) > 4:
        for i, (values, betti) in enumerate(curves):
            ours = np.load(f"{sys.argv[4]}/curve-T-{i}.npy")
            if not (np.array_equal(ours[:, 0], values) and np.array_equal(ours[:, 1:].astype(np.int64), betti)):
                sys.exit(f"MISMATCH: the Betti curve of volume {i} differs from GUDHI's")
        print(f"{len(curves)} curves identical to GUDHI's at every distinct value")


if __name__ == "__main__":
    main()
