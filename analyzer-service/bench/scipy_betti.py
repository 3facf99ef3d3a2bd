"""Exact Betti numbers at given thresholds with scipy: a baseline for topowatch's engine.

The same route the engine takes (spec section 3), written with scipy.ndimage and numpy:
  b0      = connected components of the sublevel set (ndimage.label);
  b_{d-1} = bounded components of its complement, with the dual connectivity, after padding the
            array with one layer of absent cells (Alexander duality);
  chi     = sum over cell types of (-1)^dim * (number of present cells), counted with shifted
            array slices;
  b1      = b0 + b2 - chi in 3-D (b1 = b0 - chi in 2-D).
V-construction: entries are vertices, a cell is present when all its vertices are (foreground faces
connectivity, complement full). T-construction: entries are top cubes, a cell is present when any
cube containing it is (foreground full, complement faces). NaN and +inf are never present.

Usage:
  scipy_betti.py FILE.npy THRESHOLD [--construction t|v]
      one volume, one threshold: prints {"scipy": VERSION, "betti": [b0, ...]} (JSON)
  scipy_betti.py --batch FILE.npy --thresholds 0,0.25 [--construction v|t] [--repeat R] [--out OUT.npy]
      an (N, ...) array of volumes: times R passes over all of them on this one thread and prints
      volumes/s; --out writes the Betti numbers as an int64 array (N, thresholds, rank)
"""
import argparse
import itertools
import json
import sys
import time

import numpy as np
import scipy
from scipy import ndimage


def betti(volume, threshold, construction="v"):
    """Betti numbers b0..b_{d-1} of the sublevel set of a 1-D to 3-D array at one threshold."""
    present = volume <= threshold  # NaN compares False: never present
    d = volume.ndim
    faces = ndimage.generate_binary_structure(d, 1)
    full = ndimage.generate_binary_structure(d, d)
    fore, back = (faces, full) if construction == "v" else (full, faces)
    b0 = ndimage.label(present, structure=fore)[1]
    if d == 1:
        return [b0]
    # The padding joins every complement cell that touches the border into one unbounded component.
    holes = ndimage.label(~np.pad(present, 1), structure=back)[1] - 1
    chi = euler(present, construction)
    return [b0, b0 - chi] if d == 2 else [b0, b0 + holes - chi, holes]


def euler(present, construction):
    """Euler characteristic of the cubical complex of a boolean array, by counting cells."""
    d = present.ndim
    padded = np.pad(present, 1) if construction == "t" else None
    chi = 0
    for extent in itertools.product((0, 1), repeat=d):  # 1 = the cell spans an edge along that axis
        cells = vertex_cells(present, extent) if construction == "v" else top_cells(padded, present.shape, extent)
        chi += (-1) ** sum(extent) * int(np.count_nonzero(cells))
    return chi


def vertex_cells(present, extent):
    """V: a cell is present when all its vertices are (it spans vertices i and i+1 along spanned axes)."""
    out = None
    for offsets in itertools.product(*[range(e + 1) for e in extent]):
        part = present[tuple(slice(o, n - e + o) for o, e, n in zip(offsets, extent, present.shape))]
        out = part if out is None else out & part
    return out


def top_cells(padded, shape, extent):
    """T: a cell is present when a cube containing it is (cubes i-1 and i along axes it does not span)."""
    out = None
    choices = [(1,) if e else (0, 1) for e in extent]
    for offsets in itertools.product(*choices):
        part = padded[tuple(slice(o, o + n + 1 - e) for o, e, n in zip(offsets, extent, shape))]
        out = part if out is None else out | part
    return out


def main():
    if len(sys.argv) > 1 and sys.argv[1] != "--batch":
        parser = argparse.ArgumentParser()
        parser.add_argument("file")
        parser.add_argument("threshold", type=float)
        parser.add_argument("--construction", choices=("v", "t"), default="t")
        a = parser.parse_args()
        b = betti(np.load(a.file), a.threshold, a.construction)
        print(json.dumps({"scipy": scipy.__version__, "betti": [int(x) for x in b]}))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", required=True)
    parser.add_argument("--thresholds", required=True)
    parser.add_argument("--construction", choices=("v", "t"), default="v")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out")
    a = parser.parse_args()
    volumes = np.load(a.batch)
    thresholds = [float(t) for t in a.thresholds.split(",")]
    seconds, cpu_seconds = [], []  # CPU time: fairer than wall time on a shared machine
    result = None
    for _ in range(a.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        result = [[betti(v, t, a.construction) for t in thresholds] for v in volumes]
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
    n = len(volumes)
    print(json.dumps({"scipy": scipy.__version__, "volumes": n, "thresholds": len(thresholds),
                      "seconds": seconds, "cpu_seconds": cpu_seconds}))
    if a.out:
        np.save(a.out, np.array(result, dtype=np.int64))


if __name__ == "__main__":
    main()
