"""Golden values for the count-based drift methods, chi-square sf, and binning.

Run with the Debian interpreter so the versions match what the TypeScript ports follow:

    /usr/bin/python3 test/golden/gen_counts.py

Writes test/golden/counts.json. Every expected value is produced here by scipy / numpy
(or, where our documented convention replaces a non-finite scipy result, by the formula of
that convention written out below), never by the TypeScript code under test.
"""

import json
import math
import os
import warnings

import mpmath as mp
import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon

from golden_path import golden_path

warnings.simplefilter("ignore")

rng = np.random.default_rng(20240611)


def finite_or_none(x):
    x = float(x)
    return x if math.isfinite(x) else None


# --- Evidently get_binned_data(..., feel_zeroes=True): per side, zeros become
# min(nonzero)/1e6 if min(nonzero) <= 0.0001 else 0.0001.
def evidently_fill(p):
    p = p.copy()
    m = min(p[p != 0])
    np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return p


mp.mp.dps = 60


def kl_exact(rf, cf):
    """KL of the zero-filled proportions in 60-digit arithmetic: the truth scipy's float sum
    approximates (it loses up to ~1e-4 relative on nearly identical sides by cancellation)."""
    P = [mp.mpf(float(v)) for v in rf]
    Q = [mp.mpf(float(v)) for v in cf]
    sp, sq = mp.fsum(P), mp.fsum(Q)
    return float(mp.fsum((p / sp) * mp.log((p / sp) / (q / sq)) for p, q in zip(P, Q)))


def js_exact(ref, cur):
    P = [mp.mpf(float(v)) for v in ref]
    Q = [mp.mpf(float(v)) for v in cur]
    sp, sq = mp.fsum(P), mp.fsum(Q)
    total = mp.mpf(0)
    for p, q in zip(P, Q):
        p, q = p / sp, q / sq
        m = (p + q) / 2
        if p > 0:
            total += p * mp.log(p / m)
        if q > 0:
            total += q * mp.log(q / m)
    return float(mp.sqrt(total / 2))


def counts_case(name, ref, cur):
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    r = ref / ref.sum()
    c = cur / cur.sum()
    rf = evidently_fill(r)
    cf = evidently_fill(c)
    psi = np.sum((rf - cf) * np.log(rf / cf))
    kl = stats.entropy(rf, cf)
    js = jensenshannon(ref, cur)
    # Hellinger: numpy's norm form, and the 1 - sum(sqrt(rc)) form for comparison.
    hell_norm = np.sqrt(np.sum((np.sqrt(r) - np.sqrt(c)) ** 2)) / np.sqrt(2)
    hell_bc = np.sqrt(max(0.0, 1 - np.sum(np.sqrt(r * c))))
    tvd = 0.5 * np.sum(np.abs(r - c))
    linf = np.max(np.abs(r - c))

    keep = ~((ref == 0) & (cur == 0))
    table = np.array([ref[keep], cur[keep]])
    cc = stats.chi2_contingency(table)
    f_exp = ref[keep] * (cur.sum() / ref.sum())
    f_obs = cur[keep]
    gof = stats.chisquare(f_obs, f_exp)
    return {
        "name": name,
        "reference": ref.tolist(),
        "current": cur.tolist(),
        "psi": float(psi),
        "kl": float(kl),
        "klExact": kl_exact(rf, cf),
        "jensenShannonExact": js_exact(ref, cur),
        "jensenShannon": float(js),
        "hellinger": float(hell_norm),
        "hellingerOneMinusBc": float(hell_bc),
        "tvd": float(tvd),
        "lInfinity": float(linf),
        "chi2Contingency": {"statistic": float(cc.statistic), "pValue": float(cc.pvalue), "dof": int(cc.dof)},
        "chi2GoodnessOfFit": {
            "statistic": finite_or_none(gof.statistic),
            "pValue": finite_or_none(gof.pvalue),
            "keptCategories": int(keep.sum()),
        },
    }


cases = []
cases.append(counts_case("small counts", [3, 5, 2], [4, 4, 2]))
cases.append(counts_case("large counts", rng.multinomial(5_000_000, [0.1] * 10), rng.multinomial(3_000_000, [0.12] * 5 + [0.08] * 5)))
cases.append(counts_case("zero in reference", [10, 0, 5, 3], [8, 2, 6, 4]))
cases.append(counts_case("zero in current", [10, 4, 5], [12, 0, 7]))
cases.append(counts_case("unseen category in current", [50, 30, 0], [40, 30, 10]))
cases.append(counts_case("category empty on both sides", [5, 0, 7, 2], [6, 0, 3, 4]))
cases.append(counts_case("single category", [10], [20]))
cases.append(counts_case("two categories", [30, 70], [45, 55]))
cases.append(counts_case("two categories with a zero", [30, 0], [45, 55]))
cases.append(counts_case("disjoint supports", [10, 0], [0, 10]))
cases.append(counts_case("identical proportions", [1, 2, 3], [2, 4, 6]))
cases.append(counts_case("nearly identical large counts", [1_000_000, 2_000_000, 3_000_000], [1_000_001, 1_999_999, 3_000_000]))
cases.append(counts_case("nearly identical many categories", np.full(50, 100_000), np.full(50, 100_000) + rng.integers(-3, 4, 50)))
cases.append(counts_case("tiny proportion triggers min/1e6 fill", [1, 20_000, 0], [3, 19_000, 5]))
cases.append(counts_case("fill threshold exactly 0.0001", [1, 9_999, 0], [2, 9_998, 0]))
cases.append(counts_case("fractional weights", [0.5, 2.25, 1.125, 0], [1.5, 0.75, 2.0, 0.25]))
probs = rng.dirichlet(np.full(200, 0.3))
ref200 = rng.multinomial(20_000, probs).astype(float)
cur200 = rng.multinomial(15_000, rng.dirichlet(np.full(200, 0.3) + probs * 50)).astype(float)
cases.append(counts_case("200 categories", ref200, cur200))
cases.append(counts_case("200 categories, few counts", rng.multinomial(300, probs), rng.multinomial(250, probs)))
cases.append(counts_case("200 categories, 1e8 scale", rng.multinomial(10**8, probs), rng.multinomial(10**8, probs)))
cases.append(counts_case("9 categories, 129 total", [1, 2, 3, 4, 5, 6, 7, 8, 93], [9, 8, 7, 6, 5, 4, 3, 2, 85]))
cases.append(counts_case("150 categories (numpy pairwise blocks)", rng.integers(1, 1000, 150), rng.integers(1, 1000, 150)))


# --- two-category methods: z (Evidently formula) and Fisher exact
def z_evidently(ref, cur):
    n1 = ref[0] + ref[1]
    n2 = cur[0] + cur[1]
    p1 = float(ref[0]) / n1
    p2 = float(cur[0]) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return z


def two_case(name, ref, cur):
    ref = [float(v) for v in ref]
    cur = [float(v) for v in cur]
    single_identical = (
        sum(1 for v in ref if v > 0) == 1
        and sum(1 for v in cur if v > 0) == 1
        and (ref[0] > 0) == (cur[0] > 0)
    )
    z = z_evidently(ref, cur)
    if single_identical:
        z_out = {"statistic": 0.0, "pValue": 1.0, "pValueEvidently": 1.0}
    else:
        z_out = {
            "statistic": float(z),
            "pValue": float(2 * stats.norm.sf(abs(z))),
            "pValueEvidently": float(2 * (1 - stats.norm.cdf(np.abs(z)))),
        }
    table = [[int(ref[0]), int(ref[1])], [int(cur[0]), int(cur[1])]]
    res = stats.fisher_exact(table, alternative="two-sided")
    cells = [table[0][0], table[0][1], table[1][0], table[1][1]]
    if table[0][0] + table[1][0] == 0 or table[0][1] + table[1][1] == 0:
        # documented convention: a category empty on both sides carries no association
        odds = 1.0
    elif min(cells) == 0:
        # documented convention: Haldane-Anscombe (+0.5 per cell) when any cell is zero
        odds = ((table[0][0] + 0.5) * (table[1][1] + 0.5)) / ((table[1][0] + 0.5) * (table[0][1] + 0.5))
    else:
        odds = float(res.statistic)
    return {
        "name": name,
        "reference": ref,
        "current": cur,
        "z": z_out,
        "fisher": {"statistic": odds, "pValue": float(res.pvalue), "scipyStatistic": finite_or_none(res.statistic)},
    }


two = []
two.append(two_case("moderate shift", [30, 70], [45, 55]))
two.append(two_case("reference category absent", [0, 10], [5, 5]))
two.append(two_case("same single value both sides", [10, 0], [7, 0]))
two.append(two_case("same single second value both sides", [0, 10], [0, 7]))
two.append(two_case("opposite single values", [10, 0], [0, 10]))
two.append(two_case("identical", [5, 5], [5, 5]))
two.append(two_case("rare category", [1, 1_000_000], [3, 999_998]))
two.append(two_case("large near-equal", [400_000, 600_000], [401_000, 599_000]))
two.append(two_case("large shift (far tail)", [400_000, 600_000], [420_000, 580_000]))
two.append(two_case("symmetric tie", [3, 5], [5, 3]))
two.append(two_case("symmetric tie large", [70, 30], [30, 70]))
two.append(two_case("medium unbalanced", [120, 3400], [150, 2100]))
two.append(two_case("fisher mid-size symmetric margins", [500, 500], [480, 520]))
for _ in range(40):
    n1 = int(rng.integers(1, 3000))
    n2 = int(rng.integers(1, 3000))
    p = rng.uniform(0.01, 0.99)
    a = int(rng.binomial(n1, p))
    c = int(rng.binomial(n2, p * rng.uniform(0.8, 1.2) if p * 1.2 < 1 else p))
    two.append(two_case("random", [a, n1 - a], [c, n2 - c]))
grid = []
for a in range(0, 7):
    for b in range(0, 7):
        for c in range(0, 7):
            for d in range(0, 7):
                if a + b > 0 and c + d > 0:
                    grid.append(two_case("grid", [a, b], [c, d]))


# --- chi-square survival function grid
xs = [0.0, 1e-12, 1e-6, 0.001, 0.1, 0.5, 1, 2, 3.84, 5, 10, 20, 50, 100, 200, 500, 1000, 1400, 2000, 5000, 20000]
dofs = [1, 2, 3, 4, 5, 7, 10, 30, 100, 199, 1000, 10000]
sf_grid = []
for k in dofs:
    for x in xs:
        sf_grid.append({"x": x, "dof": k, "sf": float(stats.chi2.sf(x, k))})
    for q in [1e-300, 1e-200, 1e-100, 1e-30, 1e-10, 1e-3, 0.05, 0.5, 0.95, 0.999999]:
        x = float(stats.chi2.isf(q, k))
        sf_grid.append({"x": x, "dof": k, "sf": float(stats.chi2.sf(x, k))})


# --- binning
def linear_quantile_edges(sorted_ref, bins):
    e = np.unique(np.quantile(sorted_ref, np.linspace(0, 1, bins + 1)))
    if len(e) == 1:
        # documented: a constant reference gets the closed bin [v, v]
        e = np.array([e[0], e[0]])
    return e


def outlier_hist(x, edges):
    x = np.asarray(x)
    inner = np.histogram(x, edges)[0]
    return [int(np.sum(x < edges[0]))] + [int(v) for v in inner] + [int(np.sum(x > edges[-1]))]


def quantile_case(name, ref, bins, cur):
    ref = np.sort(np.asarray(ref, dtype=np.float64))
    cur = np.sort(np.asarray(cur, dtype=np.float64))
    edges = linear_quantile_edges(ref, bins)
    cur_with_edges = np.sort(np.concatenate([cur, edges]))
    return {
        "name": name,
        "reference": ref.tolist(),
        "bins": bins,
        "edges": edges.tolist(),
        "referenceCounts": outlier_hist(ref, edges),
        "current": cur_with_edges.tolist(),
        "currentCounts": outlier_hist(cur_with_edges, edges),
    }


quantile_cases = []
quantile_cases.append(quantile_case("normal, 10 bins", rng.normal(0, 1, 1000), 10, rng.normal(0.3, 1.2, 700)))
quantile_cases.append(quantile_case("heavy ties", rng.integers(0, 6, 500), 10, rng.integers(-1, 8, 300)))
quantile_cases.append(quantile_case("constant reference", np.full(40, 2.5), 10, [1.0, 2.5, 2.5, 3.0]))
quantile_cases.append(quantile_case("single value", [7.0], 5, [6.0, 7.0, 8.0]))
quantile_cases.append(quantile_case("two values", [1.0, 3.0], 4, [0.0, 1.0, 2.0, 3.0, 4.0]))
quantile_cases.append(quantile_case("one bin", rng.uniform(0, 1, 100), 1, rng.uniform(-0.5, 1.5, 50)))
quantile_cases.append(quantile_case("more bins than values", rng.normal(0, 1, 50), 100, rng.normal(0, 1, 60)))
quantile_cases.append(quantile_case("wide range", np.concatenate([rng.lognormal(0, 60, 300), -rng.lognormal(0, 60, 300)]), 20, np.concatenate([rng.lognormal(0, 60, 100), [-1e300, 1e300, 0.0]])))
quantile_cases.append(quantile_case("three bins odd n", rng.normal(5, 2, 101), 3, rng.normal(5, 2, 99)))


def uniform_path_counts(both):
    try:
        return [int(v) for v in np.histogram(both, bins="sturges")[0]]
    except IndexError:
        # numpy 1.24's arithmetic path overflows (norm = inf) on a denormal range
        return None


def sturges_case(name, ref, cur):
    ref = np.asarray(ref, dtype=np.float64)
    cur = np.asarray(cur, dtype=np.float64)
    both = np.concatenate([ref, cur])
    edges = np.histogram_bin_edges(both, bins="sturges")
    return {
        "name": name,
        "reference": ref.tolist(),
        "current": cur.tolist(),
        "edges": edges.tolist(),
        "referenceCounts": [int(v) for v in np.histogram(ref, edges)[0]],
        "currentCounts": [int(v) for v in np.histogram(cur, edges)[0]],
        # numpy's arithmetic uniform-bin path on the pooled sample: must give the same counts
        "pooledCountsUniformPath": uniform_path_counts(both),
    }


sturges_cases = []
sturges_cases.append(sturges_case("normal shift", rng.normal(0, 1, 800), rng.normal(0.5, 1, 600)))
sturges_cases.append(sturges_case("pooled size 64 (power of two)", rng.normal(0, 1, 40), rng.normal(0, 1, 24)))
sturges_cases.append(sturges_case("pooled size 1024 (power of two)", rng.uniform(0, 10, 512), rng.uniform(0, 10, 512)))
sturges_cases.append(sturges_case("integers with ties", rng.integers(0, 30, 300), rng.integers(0, 35, 200)))
sturges_cases.append(sturges_case("constant both sides", np.full(30, 4.0), np.full(10, 4.0)))
sturges_cases.append(sturges_case("two constants", np.full(30, 4.0), np.full(10, 5.0)))
sturges_cases.append(sturges_case("wide range", rng.normal(0, 1e150, 200), rng.normal(0, 1e150, 100)))
sturges_cases.append(sturges_case("tiny range near 1", 1 + np.arange(40) * np.finfo(float).eps, 1 + np.arange(25) * np.finfo(float).eps))
sturges_cases.append(sturges_case("denormal range", [0.0, 5e-324, 1e-323], [5e-324, 1.5e-323]))
sturges_cases.append(sturges_case("decimals 0.1 steps", np.round(np.arange(0, 3, 0.1), 1), np.round(np.arange(0.05, 3.2, 0.1), 2)))
# values placed exactly on, and one ulp either side of, the Sturges edges of the pooled sample
base_ref = rng.normal(0, 3, 90)
base_cur = rng.normal(1, 3, 60)
e = np.histogram_bin_edges(np.concatenate([base_ref, base_cur]), bins="sturges")
inner = e[1:-1]
on_edges = np.concatenate([inner, np.nextafter(inner, -np.inf), np.nextafter(inner, np.inf), [e[0], e[-1]]])
sturges_cases.append(sturges_case("values on and beside edges", base_ref, np.concatenate([base_cur, on_edges])))
sturges_cases.append(sturges_case("0.1 grid on edges", np.arange(0, 31) / 10.0, np.arange(0, 31) / 10.0))


def uniform_case(name, x, n_bins):
    x = np.asarray(x, dtype=np.float64)
    counts, edges = np.histogram(x, bins=n_bins)
    return {"name": name, "values": np.sort(x).tolist(), "bins": n_bins, "first": float(x.min()), "last": float(x.max()), "edges": edges.tolist(), "counts": [int(v) for v in counts]}


uniform_cases = []
uniform_cases.append(uniform_case("0.1 grid, 30 bins", np.arange(0, 31) / 10.0, 30))
uniform_cases.append(uniform_case("0.1 grid, 7 bins", np.arange(0, 31) / 10.0, 7))
g = np.linspace(-3.3, 7.7, 12)
uniform_cases.append(uniform_case("edges and neighbours, 11 bins", np.concatenate([g, np.nextafter(g, -np.inf)[1:], np.nextafter(g, np.inf)[:-1]]), 11))
uniform_cases.append(uniform_case("thirds", np.arange(0, 100) / 3.0, 13))

golden = {
    "generator": "test/golden/gen_counts.py",
    "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
    "counts": cases,
    "twoCategory": two,
    "twoCategoryGrid": grid,
    "chiSquareSf": sf_grid,
    "quantileEdges": quantile_cases,
    "sturges": sturges_cases,
    "uniformHistogram": uniform_cases,
}

out = golden_path("counts.json")
with open(out, "w") as f:
    json.dump(golden, f, allow_nan=False, separators=(",", ":"))
print(out, os.path.getsize(out), "bytes")
