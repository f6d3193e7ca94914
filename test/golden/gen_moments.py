"""Golden values for the profile's moments: numpy's own mean and var (ddof 0) of formula-made arrays.

Run with the Debian interpreter (numpy 1.24, the version the TypeScript summation follows):

    /usr/bin/python3 test/golden/gen_moments.py

Writes test/golden/moments.json. The arrays are not stored: value i of a case is
((i * 2654435761) % 1000003) / 997 - 500.25 (scaled by the case's `scale`), which is exact
integer arithmetic then one correctly rounded division and subtraction in both languages.
"""

import json
import os

import numpy as np

from golden_path import golden_path

SIZES = [1, 2, 7, 8, 9, 16, 127, 128, 129, 130, 255, 256, 257, 1000, 8191, 8192, 8193, 20000, 65537, 100003, 1000000]
SCALES = [1.0, 1e-6, 12345.678]


def values(n, scale):
    i = np.arange(n, dtype=np.int64)
    x = ((i * 2654435761) % 1000003).astype(np.float64) / 997.0 - 500.25
    return x * scale


cases = []
for n in SIZES:
    for scale in SCALES:
        x = values(n, scale)
        cases.append({"n": n, "scale": scale, "mean": float(np.mean(x)), "var": float(np.var(x))})

out = golden_path("moments.json")
with open(out, "w") as f:
    json.dump({"numpy": np.__version__, "cases": cases}, f, indent=1)
    f.write("\n")
