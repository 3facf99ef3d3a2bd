"""Reference Betti numbers from GUDHI for a batch of volumes, for GudhiCrossCheckTest.

stdin: JSON [{"shape": [...], "data": [...], "thresholds": [...]}, ...] (data row-major, no NaN)
stdout: JSON [{"t": [[b...] per threshold], "v": [[b...] per threshold]}, ...]

T-construction: gudhi.CubicalComplex(top_dimensional_cells=volume).
V-construction: GUDHI 3.7 has no vertex input, so the V complex is refined: on the grid of size 2n-1
per axis, the top cube at fine index c stands for the original cell whose coordinate on each axis is
c/2 (even c) or the edge (c-1)/2..(c+1)/2 (odd c), with the max of that cell's vertices. The union of
those closed fine cubes is homotopy equivalent to the V sublevel complex (each group of touching fine
cubes shares the cell they have in common, which is present whenever they are).
beta_k = number of dimension-k intervals with birth <= threshold < death.
"""
import json
import sys

import gudhi
import numpy as np


def betti(volume, thresholds):
    pairs = gudhi.CubicalComplex(top_dimensional_cells=volume).persistence()
    rows = []
    for eta in thresholds:
        counts = [0] * volume.ndim
        for dim, (birth, death) in pairs:
            if dim < volume.ndim and birth <= eta < death:
                counts[dim] += 1
        rows.append(counts)
    return rows


def refine_vertices(volume):
    fine = volume
    for axis in range(volume.ndim):
        n = fine.shape[axis]
        if n == 1:
            continue
        lo = np.take(fine, range(n - 1), axis=axis)
        hi = np.take(fine, range(1, n), axis=axis)
        shape = list(fine.shape)
        shape[axis] = 2 * n - 1
        out = np.empty(shape, dtype=fine.dtype)
        index = [slice(None)] * fine.ndim
        index[axis] = slice(0, None, 2)
        out[tuple(index)] = fine
        index[axis] = slice(1, None, 2)
        out[tuple(index)] = np.maximum(lo, hi)
        fine = out
    return fine


cases = json.load(sys.stdin)
answers = []
for case in cases:
    volume = np.array(case["data"], dtype=np.float64).reshape(case["shape"])
    answers.append({"t": betti(volume, case["thresholds"]), "v": betti(refine_vertices(volume), case["thresholds"])})
json.dump(answers, sys.stdout)
