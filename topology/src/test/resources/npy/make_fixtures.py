"""Writes the .npy fixtures of NpyTest with numpy itself (run once; the outputs are committed).

Every good fixture holds the values 0..n-1 (booleans: i % 3 == 0) in C order of its logical shape.
"""
import io
import numpy as np
from numpy.lib import format as npf

def save(name, arr, version=None):
    with open(name, "wb") as f:
        npf.write_array(f, arr, version=version)

base = np.arange(24).reshape(2, 3, 4)
save("f4_c.npy", base.astype("<f4"))
save("f8_big.npy", base.astype(">f8"))
save("f4_big.npy", base.astype(">f4"))
save("i4_c.npy", base.astype("<i4"))
save("i8_fortran.npy", np.asfortranarray(base.astype("<i8")))
save("i4_big_fortran.npy", np.asfortranarray(base.astype(">i4")))
save("u1_c.npy", base.astype("u1"))
save("b1_c.npy", (base % 3 == 0))
save("f4_v2.npy", base.astype("<f4"), version=(2, 0))
save("f4_v3.npy", base.astype("<f4"), version=(3, 0))
save("f8_1d.npy", np.arange(5, dtype="<f8"))
save("f4_scalar.npy", np.array(7.0, dtype="<f4"))

save("c8_unsupported.npy", base.astype("<c8"))
with open("f4_c.npy", "rb") as f:
    good = f.read()
with open("bad_magic.npy", "wb") as f:
    f.write(b"\x93NUMPZ" + good[6:])
with open("truncated.npy", "wb") as f:
    f.write(good[:-10])
header_len = int.from_bytes(good[8:10], "little")
with open("malformed_header.npy", "wb") as f:
    bad = good[10:10 + header_len].replace(b"'shape'", b"'shapf'")
    f.write(good[:10] + bad + good[10 + header_len:])
with open("short_header.npy", "wb") as f:
    f.write(good[:20])

# command-line fixtures: a 3x3 loop (b = 1,1 at 0 in both constructions) and a batch of the loop
# and a diagonal (V: b0 = 3, T: b0 = 1)
loop = np.zeros((3, 3), dtype="<f4"); loop[1, 1] = 1
diagonal = np.ones((3, 3), dtype="<f4"); np.fill_diagonal(diagonal, 0)
save("loop_3x3.npy", loop)
save("batch_2x3x3.npy", np.stack([loop, diagonal]))
save("rank4.npy", np.zeros((2, 2, 2, 2), dtype="<f4"))
