"""Golden values for the order-based drift methods Mann-Whitney U, Epps-Singleton, energy distance,
Welch / Student t-tests and normed Wasserstein, plus the normal and Student-t tail functions.

Run with the Debian interpreter so the versions match what the TypeScript ports follow:

    /usr/bin/python3 test/golden/gen_order_b.py

Writes test/golden/order_b.json. Inputs come from seeded numpy generators and are rounded to 6 decimals
BEFORE scipy sees them, so the JSON holds exactly the numbers both sides compute on. Every expected value
is produced here by scipy / numpy, never by the TypeScript code under test. Non-finite scipy results are
written as the strings "nan", "inf", "-inf" and scipy exceptions as {"error": message}: the tests check
our documented conventions there.

One addition beyond scipy: exact Mann-Whitney p-values for a small sample against a large one, where
scipy 1.10's (m+1)(n+1)(k+1) table is out of reach. They are computed with Python integers from the
Gaussian binomial coefficient (number of partitions of k into at most m parts of size at most n), and the
script first asserts that this count reproduces scipy's exact p-values on every small case below.
"""

import json
import math
import os
import warnings
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats

from golden_path import golden_path

warnings.simplefilter("ignore")

OUT = golden_path("order_b.json")


def num(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def rounded(a):
    # Round first: the JSON carries these exact doubles, and scipy computes on them.
    return np.sort(np.round(np.asarray(a, dtype=np.float64), 6))


def call(fn):
    try:
        res = fn()
        return {"statistic": num(res[0]), "pvalue": num(res[1])}
    except Exception as exc:  # scipy raises for ES with n < 5
        return {"error": str(exc)}


def mwu_method(x, y):
    # scipy 1.10 _mwu_choose_method, restated so the test can check which branch we took.
    if len(x) > 8 and len(y) > 8:
        return "asymptotic"
    xy = np.concatenate([x, y])
    return "asymptotic" if len(np.unique(xy)) != len(xy) else "exact"


def expectations(x, y):
    out = {
        "mannwhitneyu": call(lambda: stats.mannwhitneyu(x, y, use_continuity=True, alternative="two-sided", method="auto")),
        "mwu_method": mwu_method(x, y),
        "epps_singleton": call(lambda: stats.epps_singleton_2samp(x, y, t=(0.4, 0.8))),
        "energy_distance": num(stats.energy_distance(x, y)),
        "ttest_welch": call(lambda: stats.ttest_ind(x, y, equal_var=False)),
        "ttest_student": call(lambda: stats.ttest_ind(x, y, equal_var=True)),
        "wasserstein_distance": num(stats.wasserstein_distance(x, y)),
        "wasserstein_normed": num(stats.wasserstein_distance(x, y) / max(np.std(x), 0.001)),
    }
    return out


# --- Our documented conventions where scipy raises or gives NaN / inf / rounding noise. Each is written
# out here with scipy / numpy pieces, not taken from the TypeScript code.
FLOAT_MAX = float(np.finfo(np.float64).max)


def es_body(x, y, sigma):
    """scipy 1.10 epps_singleton_2samp after its input checks, with the scale sigma passed in (scipy uses
    iqr(pooled) / 2). Copied line by line; asserted equal to scipy below wherever scipy's sigma is > 0."""
    nx, ny = len(x), len(y)
    n = nx + ny
    t = np.asarray((0.4, 0.8))
    ts = np.reshape(t, (-1, 1)) / sigma
    gx = np.vstack((np.cos(ts * x), np.sin(ts * x))).T
    gy = np.vstack((np.cos(ts * y), np.sin(ts * y))).T
    est_cov = (n / nx) * np.cov(gx.T, bias=True) + (n / ny) * np.cov(gy.T, bias=True)
    est_cov_inv = np.linalg.pinv(est_cov)
    r = np.linalg.matrix_rank(est_cov_inv)
    g_diff = np.mean(gx, axis=0) - np.mean(gy, axis=0)
    w = n * np.dot(g_diff.T, np.dot(est_cov_inv, g_diff))
    if max(nx, ny) < 25:
        w = w / (1.0 + n ** (-0.45) + 10.1 * (nx ** (-1.7) + ny ** (-1.7)))
    return {"statistic": float(w), "pvalue": float(stats.chi2.sf(w, r))}


def conventions(x, y, exp):
    conv = {}
    n1, n2 = len(x), len(y)
    x_const, y_const = x[0] == x[-1], y[0] == y[-1]
    # t-tests: one value on each side leaves no degrees of freedom -> t 0, p 1. Otherwise a one-value or
    # constant sample has variance exactly 0; both without variance -> t 0 / p 1 when the means are equal,
    # else t = +-FLOAT_MAX, p 0.
    if n1 == 1 and n2 == 1:
        conv["ttest_welch"] = conv["ttest_student"] = {"statistic": 0.0, "pvalue": 1.0, "why": "no degrees of freedom"}
    elif x_const and y_const:
        gap = float(x[0] - y[0])
        both = {"statistic": 0.0, "pvalue": 1.0} if gap == 0 else {"statistic": math.copysign(FLOAT_MAX, gap), "pvalue": 0.0}
        conv["ttest_welch"] = conv["ttest_student"] = dict(both, why="both samples without variance")
    elif n1 == 1:
        # Welch: the one-sample test of the current sample around the single reference value, sign of ref - cur.
        one = stats.ttest_1samp(y, popmean=x[0])
        conv["ttest_welch"] = {"statistic": -float(one.statistic), "pvalue": float(one.pvalue), "why": "n_ref = 1"}
        # Student: the pooled formula with the single value's (n - 1) * variance term = 0.
        pooled = stats.ttest_ind_from_stats(x[0], 0.0, 1, np.mean(y), np.std(y, ddof=1), n2, equal_var=True)
        conv["ttest_student"] = {"statistic": float(pooled.statistic), "pvalue": float(pooled.pvalue), "why": "n_ref = 1"}
    # Epps-Singleton.
    if n1 < 5 or n2 < 5:
        conv["epps_singleton"] = {"statistic": 0.0, "pvalue": 1.0, "why": "sample smaller than 5"}
    else:
        pooled = np.concatenate([x, y])
        if np.std(pooled) == 0:
            conv["epps_singleton"] = {"statistic": 0.0, "pvalue": 1.0, "why": "all values equal"}
        elif x_const and y_const:
            # Covariance exactly 0 (scipy's is rounding noise, its W ~1e32): separated constants.
            conv["epps_singleton"] = {"statistic": FLOAT_MAX, "pvalue": 0.0, "why": "two different constants"}
        elif stats.iqr(pooled) == 0:
            conv["epps_singleton"] = dict(es_body(x, y, np.std(pooled)), why="pooled IQR 0: scale by pooled std")
        else:
            mine = es_body(x, y, stats.iqr(pooled) / 2)
            ref = exp["epps_singleton"]
            assert math.isclose(mine["statistic"], ref["statistic"], rel_tol=1e-12, abs_tol=1e-12), (mine, ref)
    return conv


rng = np.random.default_rng(20260521)
cases = []


def add(name, ref, cur):
    x, y = rounded(ref), rounded(cur)
    exp = expectations(x, y)
    conv = conventions(x, y, exp)
    if conv.get("epps_singleton", {}).get("why") == "two different constants":
        # scipy's W divides by a covariance that is rounding noise here: ~1e32 on one CPU, another number on
        # the next (SIMD and libm paths differ). The test checks our convention; the file keeps no such value.
        exp["epps_singleton"] = {"error": "ill-conditioned: the covariance of two constant samples is rounding noise"}
    cases.append({"name": name, "reference": x.tolist(), "current": y.tolist(), **exp, "conventions": conv})


# Small samples, including every size where Mann-Whitney is exact (either side <= 8, no ties).
for n1, n2 in [(1, 1), (1, 4), (2, 3), (3, 3), (4, 7), (5, 5), (5, 6), (6, 9), (7, 8), (8, 8), (9, 9),
               (10, 4), (10, 10), (3, 50), (8, 30), (2, 120), (8, 150)]:
    add(f"normal small {n1}x{n2}", rng.normal(0, 1, n1), rng.normal(0.3, 1, n2))
add("small exact strongly separated 6x7", rng.normal(0, 1, 6), rng.normal(5, 1, 7))
add("small exact interleaved 8x8", np.arange(8) * 2.0, np.arange(8) * 2.0 + 1)
add("small with ties 5x6 integers", rng.integers(0, 4, 5), rng.integers(0, 4, 6))
add("small with tie inside reference 4x4", [1.0, 1.0, 2.0, 3.5], [0.5, 2.5, 4.0, 5.0])
# Unequal sizes.
add("unequal 30x300 scaled", rng.normal(0, 1, 30), rng.normal(0, 2, 300))
add("unequal 500x50 shifted", rng.normal(0, 1, 500), rng.normal(0.5, 1, 50))
add("unequal 12x24 (ES small-sample correction)", rng.normal(0, 1, 12), rng.normal(0, 1.5, 24))
# Medium.
add("medium 100x120 same distribution", rng.normal(10, 3, 100), rng.normal(10, 3, 120))
add("medium 1000x800 shifted", rng.normal(0, 1, 1000), rng.normal(0.1, 1, 800))
add("medium 2000x2000 scaled", rng.normal(5, 1, 2000), rng.normal(5, 1.3, 2000))
add("medium 1500x1700 lognormal vs exponential", rng.lognormal(0, 0.6, 1500), rng.exponential(1.2, 1700))
# Large.
add("large 20000x25000 small shift", rng.normal(0, 1, 20000), rng.normal(0.02, 1, 25000))
# Heavy ties: integers 0..4.
add("ties ints 0..4 50x60", rng.integers(0, 5, 50), rng.integers(0, 5, 60))
add("ties ints 0..4 1000x1200 drifted", rng.integers(0, 5, 1000), np.minimum(rng.integers(0, 6, 1200), 4))
add("ties ints 0..4 8000x6000", rng.integers(0, 5, 8000), rng.integers(0, 5, 6000))
add("two distinct values 40x50", rng.integers(0, 2, 40), rng.integers(0, 2, 50))
add("three distinct values 60x70", rng.integers(0, 3, 60), rng.integers(0, 3, 70))
add("pooled IQR 0, not constant 25x25", np.concatenate([np.full(20, 1.0), rng.normal(0, 1, 5)]),
    np.concatenate([np.full(20, 1.0), rng.normal(1, 2, 5)]))
add("mostly one value 40x40", np.where(rng.random(40) < 0.8, 1.0, rng.normal(0, 1, 40)),
    np.where(rng.random(40) < 0.8, 1.0, rng.normal(0, 1, 40)))
# Identical samples.
shared = rng.normal(0, 1, 200)
add("identical 200", shared, shared)
shared_small = rng.normal(0, 1, 5)
add("identical 5", shared_small, shared_small)
# Single-valued columns (exactly representable means).
add("constant reference 50 vs normal 60", np.full(50, 3.0), rng.normal(3, 1, 60))
add("normal 60 vs constant current 50", rng.normal(3, 1, 60), np.full(50, 3.0))
add("both constant equal 10x12", np.full(10, 2.5), np.full(12, 2.5))
add("both constant different 10x12", np.full(10, 1.0), np.full(12, 2.0))
add("single value each equal", [4.0], [4.0])
add("single value each different", [4.0], [6.0])
add("single reference value vs 30", [0.5], rng.normal(0, 1, 30))
add("large scale values 300x300", rng.normal(1e6, 50, 300), rng.normal(1e6 + 10, 50, 300))


# Exact Mann-Whitney counts with Python integers (Gaussian binomial [m+n choose m]_q, truncated at k).
def exact_two_sided_p(n1, n2, u1):
    m, n = min(n1, n2), max(n1, n2)
    k = int(min(u1, n1 * n2 - u1))
    poly = [1] + [0] * k
    for part in range(1, m + 1):
        for d in range(k, n + part - 1, -1):
            poly[d] -= poly[d - n - part]
        for d in range(part, k + 1):
            poly[d] += poly[d - part]
    p = Fraction(2 * sum(poly), math.comb(n1 + n2, m))
    return float(min(p, Fraction(1)))


checked = 0
for case in cases:
    if case["mwu_method"] == "exact":
        x, y = case["reference"], case["current"]
        mine = exact_two_sided_p(len(x), len(y), case["mannwhitneyu"]["statistic"])
        assert abs(mine - case["mannwhitneyu"]["pvalue"]) <= 1e-13 * max(1e-300, mine), (case["name"], mine)
        checked += 1
assert checked >= 15, checked

large_exact = []
for n1, n2, shift in [(3, 20000, 0.0), (12000, 3, 1.5), (8, 3000, 0.3), (5, 30000, -0.8), (1, 10000, 0.0)]:
    # Scale 1000 so that rounding to 6 decimals leaves no ties (the exact branch needs none).
    x, y = rounded(rng.normal(0, 1000, n1)), rounded(rng.normal(shift * 1000, 1000, n2))
    while len(np.unique(np.concatenate([x, y]))) != n1 + n2:
        x, y = rounded(rng.normal(0, 1000, n1)), rounded(rng.normal(shift * 1000, 1000, n2))
    u1 = float(stats.mannwhitneyu(x, y, method="asymptotic").statistic)  # U1 does not depend on the method
    large_exact.append({"name": f"exact {n1}x{n2}", "reference": x.tolist(), "current": y.tolist(),
                        "u1": u1, "pvalue": exact_two_sided_p(n1, n2, u1)})

# A case over our exact-table cap (MANN_WHITNEY_MAX_EXACT_TABLE = 4e6 U values): a 2-value reference inside
# current = 0, 1, ..., n2 - 1, no ties. Only the layout is stored; the test rebuilds the arrays.
cap_n2 = 4_100_000
cap_reference = [1_900_000.5, 2_200_000.5]  # k = min(U1, n1 n2 - U1) = 4_099_998 > 4e6
cap = stats.mannwhitneyu(np.asarray(cap_reference), np.arange(cap_n2, dtype=np.float64), method="asymptotic")
mwu_over_cap = {"reference": cap_reference, "current_range": cap_n2, "u1": float(cap.statistic),
                "pvalue": float(cap.pvalue)}

# Tail functions over a grid, tails included.
normal_x = sorted({*np.linspace(-10, 10, 41).tolist(), -38.4, -37.5, -30.0, -20.0, 1e-300, -1e-12, 1e-8,
                   0.5, 1.5, 20.0, 30.0, 37.5, 38.4, 40.0})
normal_grid = [{"x": x, "sf": num(stats.norm.sf(x)), "cdf": num(stats.norm.cdf(x))} for x in normal_x]
t_dfs = [0.3, 0.5, 1.0, 1.5, 2.0, 3.0, 4.5, 7.3, 10.0, 29.0, 100.0, 1234.5, 1e5, 1e7]
t_values = [-1e10, -50.0, -5.0, -2.0, -1.0, -1e-3, -1e-12, 1e-8, 1e-3, 0.3, 1.0, 1.96, 2.5, 4.0, 8.0, 15.0,
            40.0, 150.0, 1e3, 1e5, 1e10, 1e20, 1e30, 1e60, 1e100, 1e150]
t_grid = []
for df in t_dfs:
    for t in t_values:
        sf = float(stats.t.sf(t, df))
        if sf > 0 or t < 0:  # keep the tail points scipy can still represent (down to ~1e-300)
            t_grid.append({"df": df, "t": t, "sf": num(sf), "cdf": num(stats.t.cdf(t, df))})

out = {
    "generator": "test/golden/gen_order_b.py",
    "scipy": scipy.__version__,
    "numpy": np.__version__,
    "cases": cases,
    "mwu_large_exact": large_exact,
    "mwu_over_cap": mwu_over_cap,
    "normal": normal_grid,
    "student_t": t_grid,
}
with open(OUT, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print(f"wrote {OUT}: {len(cases)} cases, {len(large_exact)} large exact MWU, "
      f"{len(normal_grid)} normal and {len(t_grid)} Student-t points, {os.path.getsize(OUT)} bytes")
