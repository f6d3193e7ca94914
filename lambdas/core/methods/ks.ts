import { kolmogorovSmirnovTwoSidedSf } from '../special/kolmogorov.ts';
import { cdfGapExtremes } from './ks-gap.ts';
import type { MethodResult, SortedSampleMethod } from './types.ts';

/** scipy 1.10 ks_2samp: MAX_AUTO_N, 'auto' is exact when max(n1, n2) <= MAX_AUTO_N. */
const MAX_AUTO_N = 10000;

/** numpy.round: round half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/**
 * Two-sample two-sided Kolmogorov–Smirnov test, as
 * `scipy.stats.ks_2samp(reference, current, alternative='two-sided', method='auto')` in scipy 1.10.1.
 *
 * D = max |F_ref(x) − F_cur(x)| over the pooled values (see `cdfGapExtremes`; ties handled as
 * scipy's `searchsorted(side='right')`). p-value: exact (Hodges 1958) when
 * max(n, m) ≤ 10000 — then D is returned as h/lcm(n, m) like scipy — otherwise, or when the exact
 * computation fails, `kstwo.sf(D, round(n·m/(n+m)))`.
 *
 * Inputs: sorted ascending, finite, length ≥ 1 (scipy is defined on all of these, so there is no
 * degenerate case: identical samples give D = 0 and p = 1).
 */
export const ks: SortedSampleMethod = (reference, current): MethodResult => {
  const n1 = reference.length;
  const n2 = current.length;
  const gap = cdfGapExtremes(reference, current);
  const minS = Math.min(Math.max(-gap.min, 0), 1);
  const maxS = gap.max;
  let d = Math.max(minS, maxS);

  let prob = Number.NaN;
  let exact = Math.max(n1, n2) <= MAX_AUTO_N;
  if (exact) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) {
      prob = 1;
    } else {
      prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInsideMethod(n1, n2, g, h);
      // scipy _attempt_exact_2kssamp: a result outside [0, 1] (or an FP error) falls back to asymp.
      if (!(prob >= 0 && prob <= 1)) exact = false;
    }
  }
  if (!exact) {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    prob = kolmogorovSmirnovTwoSidedSf(d, roundHalfEven(en));
  }
  prob = Math.min(Math.max(prob, 0), 1);
  return { statistic: d, pValue: prob };
};

/** scipy 1.10 _stats_py.py _compute_prob_outside_square: Pr(D_{n,n} >= h/n), Horner-like. */
function probOutsideSquare(n: number, h: number): number {
  let P = 0.0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1.0;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1.0 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * scipy 1.10 _stats_pythran.py _compute_outer_prob_inside_method: 1 − (share of lattice paths
 * staying strictly inside |x/m − y/n| < h/lcm), via Viehmann's (arXiv:2102.08037) recursion for 1−p.
 * O(m · window) with a sliding window over one column.
 */
function outerProbInsideMethod(n1: number, n2: number, g: number, h: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1.0;
    let val = minj === 0 ? 0.0 : 1.0;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, Math.min(maxj - minj + (lastlen - curlen), lenA));
  }
  return A[maxj - minj - 1];
}
