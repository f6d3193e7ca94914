import gammaln from '@stdlib/math-base-special-gammaln';
import { besselK } from '../special/bessel-k.ts';
import type { MethodResult, SortedSampleMethod } from './types.ts';
import { UnorderedValuesError } from './unordered-values.ts';

/** scipy 1.10 cramervonmises_2samp(method='auto'): exact when max(nx, ny) <= 20. */
const MAX_EXACT_N = 20;

/**
 * Two-sample Cramér–von Mises test from the two empirical CDFs, T = nm/N² Σ (F_n(z) − G_m(z))² over
 * all N pooled values z (Anderson 1962, eq. 9, the test's definition), with the p-value of
 * `scipy.stats.cramervonmises_2samp(reference, current, method='auto')` in scipy 1.10.1 for that T
 * (exact by Xiao, Gordon & Yakovlev 2006 for max(n, m) ≤ 20, else the limiting distribution
 * `_cdf_cvm_inf` of the normalised statistic).
 *
 * Without ties this T is scipy's (its rank form, eq. 10, is the same sum). With ties it is not:
 * scipy (and Evidently, whose `_cvm_2samp` copies it) puts midranks into the rank form, which
 * compares each value's pooled midrank with its position within its own sample; inside a run of
 * equal values those differ even when both samples are identical, so T grows with the ties, not
 * with the difference (two identical samples of 300 values with ties get p ≈ 0, and random splits
 * of integer-valued data are flagged nearly always). The ECDFs are equal on a run of ties, so this
 * T is 0 for identical samples and the test holds its level on discrete data.
 * `cramerVonMisesMidranks` is scipy's form, for `compat: evidently`.
 *
 * Defined where scipy is not: a sample of size 1 (scipy raises) — the same formulas, valid for n = 1.
 */
export const cramerVonMises: SortedSampleMethod = (reference, current): MethodResult => {
  const nx = reference.length;
  const ny = current.length;
  let sum = 0;
  forEachRun(reference, current, (i, j, count) => {
    const gap = i / nx - j / ny;
    sum += count * gap * gap;
  });
  const k = nx * ny;
  const N = nx + ny;
  const t = (k / (N * N)) * sum;
  if (Math.max(nx, ny) <= MAX_EXACT_N)
    return { statistic: t, pValue: exactPValueOfZeta(latticeZeta(reference, current), nx, ny) };
  return { statistic: t, pValue: asymptoticPValue(t, nx, ny) };
};

/**
 * Walks the pooled sorted values run by run, a run being every value (of both sides) equal to the
 * next smallest: `visit` gets how many of each side are at or below the run's value and the run's
 * length, so a sum over pooled values of a function of the two ECDFs adds `count` times its value.
 */
function forEachRun(
  reference: Float64Array,
  current: Float64Array,
  visit: (atOrBelowReference: number, atOrBelowCurrent: number, count: number) => void,
): void {
  const nx = reference.length;
  const ny = current.length;
  let i = 0;
  let j = 0;
  while (i < nx || j < ny) {
    const v = Math.min(
      i < nx ? reference[i] : Number.POSITIVE_INFINITY,
      j < ny ? current[j] : Number.POSITIVE_INFINITY,
    );
    const i0 = i;
    const j0 = j;
    while (i < nx && reference[i] === v) i++;
    while (j < ny && current[j] === v) j++;
    if (i === i0 && j === j0) throw new UnorderedValuesError('Cramér–von Mises');
    visit(i, j, i - i0 + j - j0);
  }
}

/**
 * Xiao, Gordon & Yakovlev's integer statistic ζ = Σ (a·f − b·g)² over the pooled values (f, g: how
 * many of each sample are at or below the value; a = lcm/n, b = lcm/m), runs of ties counted at
 * their end, so that T = nm·ζ / (N²·lcm²) without rounding.
 */
function latticeZeta(reference: Float64Array, current: Float64Array): number {
  const nx = reference.length;
  const ny = current.length;
  const lcm = (nx / gcd(nx, ny)) * ny;
  const a = lcm / nx;
  const b = lcm / ny;
  let zeta = 0;
  forEachRun(reference, current, (i, j, count) => {
    zeta += count * (a * i - b * j) ** 2;
  });
  return zeta;
}

/**
 * scipy 1.10.1 `cramervonmises_2samp` exactly: the rank form (Anderson 1962, eq. 10) with midranks
 * for ties, as Evidently's `_cvm_2samp` copies it. Defined where scipy is not: all pooled values
 * equal (scipy's midranks give e.g. T = 0.153, p = 0.39 for 30 vs 25 copies of one value):
 * statistic 0, p-value 1.
 */
export const cramerVonMisesMidranks: SortedSampleMethod = (reference, current): MethodResult => {
  const nx = reference.length;
  const ny = current.length;
  if (reference[0] === reference[nx - 1] && current[0] === current[ny - 1] && reference[0] === current[0]) {
    return { statistic: 0, pValue: 1 };
  }
  // u = nx Σ (rx_i − i)² + ny Σ (ry_j − j)² with midranks of the pooled sample (eq. 10, Anderson 1962).
  let sumX = 0;
  let sumY = 0;
  let i = 0;
  let j = 0;
  while (i < nx || j < ny) {
    const a = i < nx ? reference[i] : Number.POSITIVE_INFINITY;
    const b = j < ny ? current[j] : Number.POSITIVE_INFINITY;
    const v = Math.min(a, b);
    const i0 = i;
    const j0 = j;
    while (i < nx && reference[i] === v) i++;
    while (j < ny && current[j] === v) j++;
    if (i === i0 && j === j0) throw new UnorderedValuesError('Cramér–von Mises');
    // pooled positions i0+j0+1 .. i+j share the midrank
    const midrank = (i0 + j0 + 1 + i + j) / 2;
    for (let r = i0; r < i; r++) sumX += (midrank - (r + 1)) ** 2;
    for (let r = j0; r < j; r++) sumY += (midrank - (r + 1)) ** 2;
  }
  const u = nx * sumX + ny * sumY;
  const k = nx * ny;
  const N = nx + ny;
  const t = u / (k * N) - (4 * k - 1) / (6 * N);
  const p = Math.max(nx, ny) <= MAX_EXACT_N ? pValueExact(u, nx, ny) : asymptoticPValue(t, nx, ny);
  return { statistic: t, pValue: p };
};

/** scipy 1.10 cramervonmises_2samp's p-value of T from the limiting distribution. */
function asymptoticPValue(t: number, nx: number, ny: number): number {
  const k = nx * ny;
  const N = nx + ny;
  // scipy: expected value and variance of T (eq. 11 and 14, Anderson 1962), normalised (eq. 15).
  const et = (1 + 1 / N) / 6;
  let vt = (N + 1) * (4 * k * N - 3 * (nx ** 2 + ny ** 2) - 2 * k);
  vt = vt / (45 * N ** 2 * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  // scipy: if tn < 0.003, _cdf_cvm_inf(tn) < 1.28e-18, return 1.0 directly
  return tn < 0.003 ? 1.0 : Math.max(0, 1 - cdfCvmInf(tn));
}

/**
 * scipy 1.10 _hypotests.py _cdf_cvm_inf: CDF of the limiting Cramér–von Mises distribution
 * (Csörgő & Faraway 1996, eq. 1.2/1.3), summing terms until one is below 1e-7 as scipy does.
 */
export function cdfCvmInf(x: number): number {
  let tot = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(gammaln(k + 0.5) - gammaln(k + 1)) / (Math.PI ** 1.5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = y ** 2 / (16 * x);
    const z = u * Math.sqrt(y) * Math.exp(-q) * besselK(0.25, q);
    tot += z;
    if (!(Math.abs(z) >= 1e-7)) break;
  }
  return tot;
}

/** Python's float floor division (CPython float_floor_div / numpy npy_divmod). */
function pyFloorDiv(vx: number, wx: number): number {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  }
  if (div) {
    let floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return 0 * Math.sign(vx / wx);
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Binomial coefficient, exact while below 2^53 (here at most C(40, 20)). */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Frequency table: distinct values ascending, with their path counts. */
interface Table {
  values: Float64Array;
  counts: Float64Array;
}

/** Union of two tables, counts of equal values added (scipy: intersect1d + concatenate). */
function mergeTables(a: Table, b: Table, shift: number): Table {
  const values = new Float64Array(a.values.length + b.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = i < a.values.length ? a.values[i] : Number.POSITIVE_INFINITY;
    const vb = j < b.values.length ? b.values[j] : Number.POSITIVE_INFINITY;
    if (va === vb) {
      values[o] = va + shift;
      counts[o++] = a.counts[i++] + b.counts[j++];
    } else if (va < vb) {
      values[o] = va + shift;
      counts[o++] = a.counts[i++];
    } else {
      values[o] = vb + shift;
      counts[o++] = b.counts[j++];
    }
  }
  return { values: values.subarray(0, o), counts: counts.subarray(0, o) };
}

/**
 * scipy 1.10 _hypotests.py _pval_cvm_2samp_exact: exact P(U ≥ u) by the frequency-table recursion
 * of Xiao, Gordon & Yakovlev (2006), Algorithm 1, over the lattice paths of the two samples.
 */
function pValueExact(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const mn = m * n;
  // scipy: zeta = lcm**2 * (m + n) * (6*s - mn*(4*mn - 1)) // (6 * mn**2), a float floor division
  return exactPValueOfZeta(pyFloorDiv(lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn ** 2), m, n);
}

/** P(ζ' ≥ ζ) over the C(m + n, m) lattice paths (the second half of scipy's _pval_cvm_2samp_exact). */
function exactPValueOfZeta(zeta: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const combinations = binomial(m + n, m);
  const empty: Table = { values: new Float64Array(0), counts: new Float64Array(0) };
  let gs: Table[] = [{ values: Float64Array.of(0), counts: Float64Array.of(1) }];
  for (let v = 0; v < m; v++) gs.push(empty);
  for (let u = 0; u <= n; u++) {
    const next: Table[] = [];
    let tmp = empty;
    for (let v = 0; v <= m; v++) {
      tmp = mergeTables(tmp, gs[v], (a * v - b * u) ** 2);
      next.push(tmp);
    }
    gs = next;
  }
  const last = gs[m];
  let freq = 0;
  for (let i = 0; i < last.values.length; i++) if (last.values[i] >= zeta) freq += last.counts[i];
  return freq / combinations;
}
