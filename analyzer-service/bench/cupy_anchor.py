#!/usr/bin/env python3
"""The CuPy anchor of bench/gpu.sh: exact Betti numbers of a batch of 3-D volumes with
cupyx.scipy.ndimage.label on the 4-D batch (the set, and its padded complement with the dual
connectivity), plus an Euler count, b1 = b0 + b2 - chi; timed from host arrays in to Betti numbers
out. Without CuPy it runs the same code on numpy/scipy (for checking the script itself).

usage: cupy_anchor.py DIR N n0,n1,n2 CONSTRUCTION [REPEAT]
DIR holds volumes.f32 (raw little-endian float32, N volumes) and, for the comparison, the Java
bench's betti-gpu-C.i64 / betti-cpu-C.i64 (N x 8 x 3 int64). Prints one JSON line.
"""
import json
import os
import sys
import time

import numpy as np
from scipy.ndimage import generate_binary_structure

try:
    import cupy as xp
    from cupyx.scipy import ndimage as nd
    DEVICE = "cupy " + xp.__version__
except ImportError:  # the same code on the CPU, to check the script where there is no GPU
    xp = np
    from scipy import ndimage as nd
    DEVICE = "numpy/scipy (no CuPy)"

THRESHOLDS = [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]
CHUNK = 1000  # volumes per 4-D label call (bounds device memory)


def structure(full):
    s3 = np.ones((3, 3, 3), bool) if full else generate_binary_structure(3, 1)
    s4 = np.zeros((3, 3, 3, 3), bool)
    s4[1] = s3  # nothing connects across the batch axis
    return xp.asarray(s4)


def components(mask, full):
    """Connected components per volume of a (B, ...) mask."""
    labels, _ = nd.label(mask, structure=structure(full))
    flat = xp.sort(labels.reshape(labels.shape[0], -1), axis=1)
    new = (flat[:, 1:] != flat[:, :-1]) & (flat[:, 1:] > 0)
    return new.sum(axis=1) + (flat[:, 0] > 0)


def orpool(a, axes):
    for ax in axes:
        a = a[(slice(None),) * ax + (slice(None, -1),)] | a[(slice(None),) * ax + (slice(1, None),)]
    return a


def andpool(a, axes):
    for ax in axes:
        a = a[(slice(None),) * ax + (slice(None, -1),)] & a[(slice(None),) * ax + (slice(1, None),)]
    return a


def euler(m, construction):
    """chi of the sublevel complex per volume; axes 1..3 are space, axis 0 the batch."""
    s = lambda a: a.reshape(a.shape[0], -1).sum(axis=1)
    space = (1, 2, 3)
    if construction == "v":  # a cell is present when all its vertices are
        chi = s(m)
        for a in space:
            chi = chi - s(andpool(m, [a]))
        for a, b in ((1, 2), (1, 3), (2, 3)):
            chi = chi + s(andpool(m, [a, b]))
        return chi - s(andpool(m, space))
    # t: a cell is present when any top cube containing it is; pad with absent cubes
    p = xp.pad(m, ((0, 0), (1, 1), (1, 1), (1, 1)))
    inner = lambda a, ax: a[(slice(None),) * ax + (slice(1, -1),)]
    chi = s(orpool(p, space))
    for a in space:
        chi = chi - s(inner(orpool(p, [x for x in space if x != a]), a))
    for a, b in ((1, 2), (1, 3), (2, 3)):
        (c,) = [x for x in space if x not in (a, b)]
        chi = chi + s(inner(inner(orpool(p, [c]), a), b))
    return chi - s(m)


def betti(x, construction):
    """(B, len(THRESHOLDS), 3) Betti numbers of a (B, n0, n1, n2) batch on the device."""
    full = construction == "t"
    out = []
    for t in THRESHOLDS:
        m = x <= t
        b0 = components(m, full)
        comp = xp.pad(~m, ((0, 0), (1, 1), (1, 1), (1, 1)), constant_values=True)
        b2 = components(comp, not full) - 1  # the padding's component is unbounded
        chi = euler(m, construction)
        out.append(xp.stack([b0, b0 + b2 - chi, b2], axis=1))
    return xp.stack(out, axis=1)


def run(host, construction):
    parts = []
    for i in range(0, host.shape[0], CHUNK):
        parts.append(betti(xp.asarray(host[i:i + CHUNK]), construction))
    result = xp.concatenate(parts)
    return result.get() if xp is not np else result


def main():
    folder, n, shape, construction = sys.argv[1], int(sys.argv[2]), tuple(int(v) for v in sys.argv[3].split(",")), sys.argv[4]
    repeat = int(sys.argv[5]) if len(sys.argv) > 5 else 3
    host = np.fromfile(os.path.join(folder, "volumes.f32"), dtype="<f4").reshape((n,) + shape)
    result = run(host, construction)  # warm-up (kernel compilation)
    seconds = []
    for _ in range(repeat):
        if xp is not np:
            xp.cuda.Device().synchronize()
        start = time.perf_counter()
        result = run(host, construction)
        seconds.append(time.perf_counter() - start)
    line = {"anchor": DEVICE, "construction": construction, "volumes": n, "shape": list(shape), "seconds": seconds,
            "volumes_per_second_best": round(n / min(seconds))}
    for backend in ("gpu", "cpu"):
        f = os.path.join(folder, "betti-%s-%s.i64" % (backend, construction))
        if os.path.exists(f):
            java = np.fromfile(f, dtype="<i8").reshape(n, len(THRESHOLDS), 3)
            line["equal_to_" + backend] = bool((java == result).all())
    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
