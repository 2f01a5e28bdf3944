#!/usr/bin/env python3
"""Generates the .npy/.npz/CSV reader fixtures in this folder, once, with numpy.

The tests never run numpy: they read these files and compare with `expected.json`, which this
script writes from numpy's own view of each array (dtype, shape, C-order values; floats as repr
strings so they round-trip exactly). Rerun only to add fixtures:

    python3 Tests/RepGeomTests/Fixtures/io/make_io_fixtures.py
"""
import io
import json
import os
import zipfile

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))
expected = {}


def record(name, a):
    a = np.asarray(a)
    if a.dtype.kind == "f":
        values = [repr(float(v)) for v in a.ravel(order="C")]
    elif a.dtype.kind == "b":
        values = [int(v) for v in a.ravel(order="C")]
    else:
        values = [int(v) for v in a.ravel(order="C")]
    expected[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "values": values}


def save(name, a, version=(1, 0)):
    """Writes `a` exactly as np.save would (with an explicit format version)."""
    with open(os.path.join(HERE, name), "wb") as f:
        npformat.write_array(f, a, version=version)
    record(name, a)


def npy_bytes(a):
    b = io.BytesIO()
    npformat.write_array(b, a, version=(1, 0))
    return b.getvalue()


rng = np.random.default_rng(20240113)
base = rng.standard_normal((3, 4))

# Format versions 1–3 (v2/v3 have a 4-byte header length; v3 a UTF-8 header).
save("v1_f8.npy", base, (1, 0))
save("v2_f8.npy", base, (2, 0))
save("v3_f8.npy", base, (3, 0))

# Every supported dtype, little and big endian.
ints = np.array([[0, 1, -2], [127, -128, 7]])
save("f4_le.npy", base.astype("<f4"))
save("f4_be.npy", base.astype(">f4"))
save("f8_be.npy", base.astype(">f8"))
save("f2_le.npy", base.astype("<f2"))
save("i1.npy", ints.astype("i1"))
save("i2_be.npy", (ints * 200).astype(">i2"))
save("i4_le.npy", (ints * 100000).astype("<i4"))
save("i4_be.npy", (ints * 100000).astype(">i4"))
save("i8_le.npy", np.array([[2**62 + 1, -(2**62) - 3, 0]], dtype="<i8"))
save("i8_be.npy", np.array([[2**62 + 1, -(2**62) - 3, 0]], dtype=">i8"))
save("u1.npy", np.array([[0, 1, 255], [128, 3, 4]], dtype="u1"))
save("u2_be.npy", np.array([0, 65535, 300], dtype=">u2"))
save("u4.npy", np.array([0, 4294967295, 7], dtype="<u4"))
save("u8.npy", np.array([0, 2**63 - 1, 9], dtype="<u8"))
save("b1.npy", np.array([[True, False, True], [False, False, True]]))

# Fortran (column-major) order: 2-D float and 3-D big-endian int.
save("fortran_f8.npy", np.asfortranarray(base))
save("fortran_i4_be_3d.npy", np.asfortranarray(np.arange(24).reshape(2, 3, 4).astype(">i4")))

# Shapes: 1-D, 0-D scalar, empty, 3-D C order.
save("vector_f8.npy", np.array([0.5, -1.25, 3.0, 1e-300, -0.0]))
save("scalar_f8.npy", np.float64(3.5))
save("empty_f8.npy", np.zeros((0, 3)))
save("c_3d_f4.npy", np.arange(24, dtype="<f4").reshape(2, 3, 4) / 8)

# Non-finite values are read as they are (validation is the caller's job).
save("nonfinite_f8.npy", np.array([[1.0, np.nan], [np.inf, -np.inf]]))

# Refused: pickled object array, structured dtype, unicode strings, complex; a truncated file.
with open(os.path.join(HERE, "object.npy"), "wb") as f:
    npformat.write_array(f, np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
with open(os.path.join(HERE, "structured.npy"), "wb") as f:
    npformat.write_array(f, np.zeros((2,), dtype=[("x", "<f8"), ("y", "<i4")]))
with open(os.path.join(HERE, "unicode.npy"), "wb") as f:
    npformat.write_array(f, np.array(["a", "bc"]))
with open(os.path.join(HERE, "complex.npy"), "wb") as f:
    npformat.write_array(f, np.array([1 + 2j]))
with open(os.path.join(HERE, "truncated.npy"), "wb") as f:
    f.write(npy_bytes(base)[:-5])

# .npz: numpy's own stored (np.savez) and deflated (np.savez_compressed) archives, a mixed
# archive with one stored and one deflated member (written like numpy: zip64 forced), and a
# single-member archive (member name may be omitted).
acts = rng.standard_normal((6, 5))
conds = np.array([0, 1, 2, 0, 1, 2], dtype="<i8")
np.savez(os.path.join(HERE, "stored.npz"), acts=acts, conditions=conds)
np.savez_compressed(os.path.join(HERE, "deflated.npz"), acts=acts, conditions=conds)
with zipfile.ZipFile(os.path.join(HERE, "mixed.npz"), "w") as z:
    for member, a, method in [("acts.npy", acts, zipfile.ZIP_STORED),
                              ("conditions.npy", conds, zipfile.ZIP_DEFLATED)]:
        info = zipfile.ZipInfo(member, date_time=(2024, 1, 13, 0, 0, 0))
        info.compress_type = method
        with z.open(info, "w", force_zip64=True) as f:
            f.write(npy_bytes(a))
np.savez(os.path.join(HERE, "single.npz"), acts)  # member "arr_0"
np.savez(os.path.join(HERE, "object_member.npz"), ok=acts, bad=np.array([None, 1], dtype=object))
record("npz:acts", acts)
record("npz:conditions", conds)

# CSV written by numpy (np.savetxt: whitespace-separated by default, comma with delimiter=",").
np.savetxt(os.path.join(HERE, "savetxt_space.txt"), acts)
np.savetxt(os.path.join(HERE, "savetxt_comma.csv"), acts, delimiter=",", header="a,b,c,d,e",
           comments="")
with open(os.path.join(HERE, "repr.csv"), "w") as f:  # shortest round-trip decimals
    for row in acts:
        f.write(",".join(repr(float(v)) for v in row) + "\n")
record("csv:acts_e18", np.array([[float("%.18e" % v) for v in row] for row in acts]))
record("csv:acts", acts)

with open(os.path.join(HERE, "expected.json"), "w") as f:
    f.write("{\n" + ",\n".join(json.dumps(k) + ": " + json.dumps(expected[k])
                                for k in sorted(expected)) + "\n}\n")
