import type { MethodResult, SortedSampleMethod } from './types.ts';
import { UnorderedValuesError } from './unordered-values.ts';

// scipy 1.10 _morestats.py anderson_ksamp: interpolation coefficients of Table 2 of Scholz &
// Stephens (1987) and the significance levels they belong to.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];
const SIG = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

/** Two samples: k − 1 = 1 degree of freedom in the standardised statistic. */
const M = 1;
const CRITICAL = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(M) + B2[i] / M);
const CRITICAL_MIN = Math.min(...CRITICAL);
const CRITICAL_MAX = Math.max(...CRITICAL);
/** Quadratic in A2 fitted to log(significance) at the critical values, as np.polyfit(critical, log(sig), 2). */
const LOG_SIG_FIT = polyfit(
  CRITICAL,
  SIG.map((s) => Math.log(s)),
  2,
);

/**
 * k-sample Anderson–Darling test for two samples, as `scipy.stats.anderson_ksamp([reference,
 * current], midrank=True)` in scipy 1.10.1: the standardised statistic (A2akN − 1)/σ of Scholz &
 * Stephens (1987), eq. 7 (midranks, for ties).
 *
 * The p-value is scipy 1.10's: exp of a quadratic fitted to log(significance level) at the seven
 * tabulated critical values, and **capped to [0.001, 0.25]** — a statistic below the smallest
 * critical value (0.325) reports 0.25 ("true value larger"), above the largest (6.546) reports
 * 0.001 ("true value smaller"); scipy warns in both cases, we return the capped value silently.
 *
 * Defined where scipy is not (it raises or returns NaN): fewer than two distinct pooled values,
 * or fewer than 4 values in total (σ² has the factor (N−1)(N−2)(N−3) in its denominator):
 * statistic 0, p-value 1 — there is no evidence of a difference.
 */
export const andersonDarling: SortedSampleMethod = (reference, current): MethodResult => {
  const n1 = reference.length;
  const n2 = current.length;
  const N = n1 + n2;
  const lo = Math.min(reference[0], current[0]);
  const hi = Math.max(reference[n1 - 1], current[n2 - 1]);
  if (lo === hi || N < 4) return { statistic: 0, pValue: 1 };

  // First pass: are all pooled values distinct? scipy then uses lj = 1 exactly.
  let distinct = 0;
  forEachDistinct(reference, current, () => {
    distinct++;
  });
  const allDistinct = distinct === N;

  // scipy _anderson_ksamp_midrank, for k = 2: A2akN = (N−1)/N Σ_i 1/n_i Σ_j inner_ij.
  let sum1 = 0;
  let sum2 = 0;
  forEachDistinct(reference, current, (i0, i, j0, j) => {
    const left = i0 + j0;
    const lj = allDistinct ? 1 : i - i0 + (j - j0);
    const Bj = left + lj / 2;
    const denom = Bj * (N - Bj) - (N * lj) / 4;
    const M1 = i - (i - i0) / 2;
    const M2 = j - (j - j0) / 2;
    sum1 += ((lj / N) * (N * M1 - Bj * n1) ** 2) / denom;
    sum2 += ((lj / N) * (N * M2 - Bj * n2) ** 2) / denom;
  });
  let A2akN = 0;
  A2akN += sum1 / n1;
  A2akN += sum2 / n2;
  A2akN *= (N - 1) / N;

  // scipy: variance of A2akN under H0 (Scholz & Stephens 1987, eq. 4 ff.).
  const k = 2;
  const H = 1 / n1 + 1 / n2;
  // hs_cs = cumsum(1/arange(N-1, 1, -1)); h = hs_cs[-1] + 1; g = sum(hs_cs / arange(2, N))
  let cum = 0;
  let g = 0;
  for (let v = N - 1; v >= 2; v--) {
    cum += 1 / v;
    // hs_cs entry for 1/v pairs with arange(2, N) entry (N - v + 1)
    g += cum / (N - v + 1);
  }
  const h = cum + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k ** 2 + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k ** 2 + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k ** 2 - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  if (!(sigmasq > 0)) return { statistic: 0, pValue: 1 };
  const A2 = (A2akN - M) / Math.sqrt(sigmasq);

  let p: number;
  if (A2 < CRITICAL_MIN) p = SIG[0];
  else if (A2 > CRITICAL_MAX) p = SIG[SIG.length - 1];
  else p = Math.exp(polyval(LOG_SIG_FIT, A2));
  return { statistic: A2, pValue: p };
};

/**
 * Calls `visit(i0, i, j0, j)` once per distinct pooled value v, where reference[i0..i) and
 * current[j0..j) are the copies of v (so i, j count the values ≤ v).
 */
function forEachDistinct(
  x: Float64Array,
  y: Float64Array,
  visit: (i0: number, i: number, j0: number, j: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const a = i < x.length ? x[i] : Number.POSITIVE_INFINITY;
    const b = j < y.length ? y[j] : Number.POSITIVE_INFINITY;
    const v = Math.min(a, b);
    const i0 = i;
    const j0 = j;
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    if (i === i0 && j === j0) throw new UnorderedValuesError('Anderson–Darling');
    visit(i0, i, j0, j);
  }
}

/** Horner evaluation, highest power first (np.polyval). */
function polyval(coeffs: readonly number[], x: number): number {
  let y = 0;
  for (const c of coeffs) y = y * x + c;
  return y;
}

/**
 * Least-squares polynomial fit, highest power first, as np.polyfit: columns of the Vandermonde
 * matrix scaled to unit norm, then solved by Householder QR (numpy uses an SVD; both are
 * backward stable, agreeing to rounding).
 */
function polyfit(x: readonly number[], y: readonly number[], deg: number): number[] {
  const rows = x.length;
  const cols = deg + 1;
  const A: number[][] = x.map((xi) => Array.from({ length: cols }, (_, c) => xi ** (deg - c)));
  const scale = Array.from({ length: cols }, (_, c) => Math.sqrt(A.reduce((s, row) => s + row[c] ** 2, 0)));
  for (const row of A) for (let c = 0; c < cols; c++) row[c] /= scale[c];
  const rhs = [...y];
  for (let c = 0; c < cols; c++) {
    let norm = 0;
    for (let r = c; r < rows; r++) norm += A[r][c] ** 2;
    norm = Math.sqrt(norm);
    const alpha = A[c][c] > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let r = c; r < rows; r++) v[r] = A[r][c];
    v[c] -= alpha;
    const vnorm2 = v.reduce((s, vi) => s + vi * vi, 0);
    if (vnorm2 === 0) continue;
    for (let cc = c; cc < cols; cc++) {
      let dot = 0;
      for (let r = c; r < rows; r++) dot += v[r] * A[r][cc];
      const f = (2 * dot) / vnorm2;
      for (let r = c; r < rows; r++) A[r][cc] -= f * v[r];
    }
    let dot = 0;
    for (let r = c; r < rows; r++) dot += v[r] * rhs[r];
    const f = (2 * dot) / vnorm2;
    for (let r = c; r < rows; r++) rhs[r] -= f * v[r];
  }
  const coeffs = new Array<number>(cols).fill(0);
  for (let c = cols - 1; c >= 0; c--) {
    let s = rhs[c];
    for (let cc = c + 1; cc < cols; cc++) s -= A[c][cc] * coeffs[cc];
    coeffs[c] = s / A[c][c];
  }
  return coeffs.map((co, c) => co / scale[c]);
}
