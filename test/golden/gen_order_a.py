"""Golden values for the order-based drift methods (KS, Cramer-von Mises, Anderson-Darling k-sample)
and the special functions they use (kstwo.sf, kv).

Run with the Debian interpreter (scipy 1.10.1):  /usr/bin/python3 test/golden/gen_order_a.py
Writes test/golden/order_a.json. Inputs are generated with numpy's seeded default_rng, rounded to
6 decimals BEFORE scipy sees them, sorted, and stored as values (so TypeScript reads the same data).
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.stats import _hypotests

from golden_path import golden_path

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240531)


def prep(a):
    return np.sort(np.round(np.asarray(a, dtype=np.float64), 6))


def normal(n, loc=0.0, scale=1.0):
    return prep(rng.normal(loc, scale, n))


def ints(n, hi=5):
    return prep(rng.integers(0, hi, n).astype(np.float64))


cases = []


def add(name, x, y):
    cases.append((name, prep(x), prep(y)))


# small sizes
for n1, n2 in [(1, 1), (1, 2), (2, 2), (1, 5), (3, 5), (5, 3), (2, 20), (1, 25), (10, 10), (20, 20),
               (20, 19), (25, 25), (10, 25), (3, 3), (5, 10), (17, 20)]:
    add(f"normal n={n1} vs n={n2}, shift 0.5", normal(n1), normal(n2, 0.5))
for n1, n2 in [(5, 5), (10, 10), (20, 20), (25, 25)]:
    add(f"normal n={n1} vs n={n2}, same distribution", normal(n1), normal(n2))
# medium, unequal
add("normal 100 vs 150, same distribution", normal(100), normal(150))
add("normal 100 vs 150, shift 0.3", normal(100), normal(150, 0.3))
add("normal 500 vs 2000, scale 1.3", normal(500), normal(2000, 0.0, 1.3))
add("normal 1000 vs 1000, shift 0.1", normal(1000), normal(1000, 0.1))
add("normal 2000 vs 1500, same distribution", normal(2000), normal(1500))
add("normal 1200 vs 1800, shift 1 (tiny p)", normal(1200), normal(1800, 1.0))
# exact KS path at the size limit
add("normal 10000 vs 9000, shift 0.05", normal(10000), normal(9000, 0.05))
add("normal 10000 vs 10000, same distribution", normal(10000), normal(10000))
# large: KS asymptotic
add("normal 10001 vs 12000, same distribution", normal(10001), normal(12000))
add("normal 10001 vs 12000, shift 0.05", normal(10001), normal(12000, 0.05))
add("normal 50000 vs 50000, shift 0.01", normal(50000), normal(50000, 0.01))
add("normal 10001 vs 3, shift 0.5", normal(10001), normal(3, 0.5))
add("normal 20000 vs 1, shift 0.5", normal(20000), normal(1, 0.5))
# heavy ties: integers 0..4
add("integers 0..4, 8 vs 12", ints(8), ints(12))
add("integers 0..4, 30 vs 40", ints(30), ints(40))
add("integers 0..4, 200 vs 300", ints(200), ints(300))
add("integers 0..4, 5000 vs 6000", ints(5000), ints(6000))
add("integers 0..4 vs 0..3, 15000 vs 12000", ints(15000), ints(12000, 4))
add("integers 0..1, 20 vs 20", ints(20, 2), ints(20, 2))
# identical samples
same_small = normal(15)
add("identical samples, 15 values", same_small, same_small)
same_ties = ints(300)
add("identical samples with ties, 300 values", same_ties, same_ties)
# single-valued columns
add("constant 3 vs constant 3, 10 vs 12", np.full(10, 3.0), np.full(12, 3.0))
add("constant 3 vs constant 3, 30 vs 25", np.full(30, 3.0), np.full(25, 3.0))
add("constant 3 vs constant 4, 10 vs 12", np.full(10, 3.0), np.full(12, 4.0))
add("constant 3 vs constant 4, 40 vs 30", np.full(40, 3.0), np.full(30, 4.0))
add("constant 0 vs normal, 25 vs 30", np.zeros(25), normal(30))
add("constant 1 vs constant 1, 1 vs 1", np.ones(1), np.ones(1))


def result(fn):
    try:
        r = fn()
    except Exception as e:  # scipy refuses the input: record why
        return {"error": f"{type(e).__name__}: {e}"}
    s, p = (float(r[0]), float(r[1])) if isinstance(r, tuple) else (float(r.statistic), float(r.pvalue))
    if not (math.isfinite(s) and math.isfinite(p)):
        return {"error": f"non-finite result statistic={s} pvalue={p}"}
    return {"statistic": s, "pValue": p}


def cvm_unchecked(x, y):
    """scipy 1.10 cramervonmises_2samp body without its `size <= 1` check (same formulas), used as
    the reference where scipy refuses a sample of size 1."""
    xa, ya = np.sort(x), np.sort(y)
    nx, ny = len(xa), len(ya)
    method = "asymptotic" if max(nx, ny) > 20 else "exact"
    z = np.concatenate([xa, ya])
    r = stats.rankdata(z, method="average")
    rx, ry = r[:nx], r[nx:]
    u = nx * np.sum((rx - np.arange(1, nx + 1)) ** 2)
    u += ny * np.sum((ry - np.arange(1, ny + 1)) ** 2)
    k, N = nx * ny, nx + ny
    t = u / (k * N) - (4 * k - 1) / (6 * N)
    if method == "exact":
        p = _hypotests._pval_cvm_2samp_exact(u, nx, ny)
    else:
        et = (1 + 1 / N) / 6
        vt = (N + 1) * (4 * k * N - 3 * (nx**2 + ny**2) - 2 * k)
        vt = vt / (45 * N**2 * 4 * k)
        tn = 1 / 6 + (t - et) / np.sqrt(45 * vt)
        p = 1.0 if tn < 0.003 else max(0, 1.0 - _hypotests._cdf_cvm_inf(tn))
    return t, p


out_cases = []
for name, x, y in cases:
    entry = {
        "name": name,
        "reference": x.tolist(),
        "current": y.tolist(),
        "ks": result(lambda: stats.ks_2samp(x, y, alternative="two-sided", method="auto")),
        "cramerVonMises": result(lambda: stats.cramervonmises_2samp(x, y, method="auto")),
        "andersonDarling": result(lambda: (lambda r: (r.statistic, r.pvalue))(stats.anderson_ksamp([x, y], midrank=True))),
    }
    if "error" in entry["cramerVonMises"] and min(len(x), len(y)) == 1:
        entry["cramerVonMisesUnchecked"] = result(lambda: cvm_unchecked(x, y))
    out_cases.append(entry)

# kstwo.sf over the branches of _kolmogn (Ruben-Gambino, DMTW, Pomeranz, Pelz-Good, 2*smirnov).
kstwo = []
for n in [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 200, 1000, 5000, 10000, 50000, 100000, 100001, 400000]:
    xs = list(rng.uniform(0, 1, 6)) + list(rng.uniform(0, min(1.0, 3 / math.sqrt(n)), 14))
    xs += [0.5 / n, 0.75 / n, 1 / n, 1 - 1 / n, 0.5, 0.49, 0.999]
    for x in xs:
        x = float(min(x, 1.0))
        kstwo.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})

# kv(nu, z) (z <= 650: near z = 700 AMOS flushes results of ~1e-306 to 0), the orders the CvM limiting distribution and its relatives use.
kv = []
for nu in [0.25, 0.75, 1.25, 0.0, 0.5, 2.5]:
    for z in [1e-6, 1e-4, 1e-3, 0.006, 0.01, 0.05, 0.1, 0.3, 0.5, 1, 2, 5, 10, 20.8, 50, 100, 300, 650]:
        kv.append({"nu": nu, "z": z, "kv": float(special.kv(nu, z))})

# _cdf_cvm_inf over its useful range.
cdf_cvm_inf = [{"x": float(x), "cdf": float(_hypotests._cdf_cvm_inf(x))}
               for x in [0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.461, 0.5, 0.743, 1.0, 1.5, 2.0, 3.0]]

doc = {
    "generator": "test/golden/gen_order_a.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "note": "inputs rounded to 6 decimals before scipy saw them; error entries mean scipy raised or returned NaN",
    "cases": out_cases,
    "kstwoSf": kstwo,
    "kv": kv,
    "cdfCvmInf": cdf_cvm_inf,
}
path = golden_path("order_a.json")
with open(path, "w") as f:
    json.dump(doc, f, separators=(",", ":"))
print(f"wrote {path}: {len(out_cases)} cases, {os.path.getsize(path) / 1e6:.2f} MB")
