import gammaln from '@stdlib/math-base-special-gammaln';
import { UsageError } from '../errors.ts';
import type { CountsMethod, MethodResult } from './types.ts';

/**
 * Fisher's exact test for a 2-category feature, table [[ref0, ref1], [cur0, cur1]]:
 * `scipy.stats.fisher_exact(table, alternative='two-sided')`, scipy 1.10 `_stats_py.py`,
 * ported step by step (mode, relative tolerance 1e-14 for tables "as extreme", binary search
 * for the other tail's boundary).
 *
 * statistic: the sample odds ratio (ref0 · cur1) / (cur0 · ref1), as scipy, while every cell is
 * positive. Defined where scipy returns 0, Infinity or NaN:
 * - a category empty on both sides (or only one category): odds ratio 1, p-value 1;
 * - any zero cell: the Haldane–Anscombe estimate, +0.5 in every cell, which is finite and
 *   positive and keeps swapping the categories equal to taking the reciprocal.
 *
 * Hypergeometric probabilities come from log-gamma (scipy uses Boost's exact factorial
 * products); their relative error grows like 1e-16 · N·ln N, about 1e-9 at N = 10⁶ counts.
 * @throws UsageError for more than 2 categories or counts that are not whole numbers.
 */
export const fisher: CountsMethod = (reference, current): MethodResult => {
  if (reference.length > 2) {
    throw new UsageError(
      `Fisher's exact test compares 2 categories, got ${reference.length}; use chi-square`,
    );
  }
  const a = reference[0];
  const b = reference.length === 2 ? reference[1] : 0;
  const c = current[0];
  const d = current.length === 2 ? current[1] : 0;
  for (const cell of [a, b, c, d]) {
    if (!Number.isInteger(cell) || cell < 0) {
      throw new UsageError(`Fisher's exact test needs whole non-negative counts, got ${cell}`);
    }
  }
  if (a + c === 0 || b + d === 0) return { statistic: 1, pValue: 1 };
  const statistic =
    a === 0 || b === 0 || c === 0 || d === 0
      ? ((a + 0.5) * (d + 0.5)) / ((c + 0.5) * (b + 0.5))
      : (a * d) / (c * b);
  return { statistic, pValue: twoSidedPValue(a, b, c, d) };
};

// scipy 1.10 fisher_exact, alternative='two-sided'.
function twoSidedPValue(a: number, b: number, c: number, d: number): number {
  const n1 = a + b;
  const n2 = c + d;
  const n = a + c;
  const dist = new Hypergeometric(n1, n2, n);
  const mode = Math.floor(((n + 1) * (n1 + 1)) / (n1 + n2 + 2));
  const pexact = dist.pmf(a);
  const pmode = dist.pmf(mode);
  const epsilon = 1e-14;
  const gamma = 1 + epsilon;
  if (Math.abs(pexact - pmode) / Math.max(pexact, pmode) <= epsilon) return 1;
  let pvalue: number;
  if (a < mode) {
    const plower = dist.cdf(a);
    if (dist.pmf(n) > pexact * gamma) return Math.min(plower, 1);
    const guess = binarySearch((x) => -dist.pmf(x), -pexact * gamma, mode, n);
    pvalue = plower + dist.sf(guess);
  } else {
    const pupper = dist.sf(a - 1);
    if (dist.pmf(0) > pexact * gamma) return Math.min(pupper, 1);
    const guess = binarySearch((x) => dist.pmf(x), pexact * gamma, 0, mode);
    pvalue = pupper + dist.cdf(guess);
  }
  return Math.min(pvalue, 1);
}

// scipy 1.10 _binomtest.py _binary_search_for_binom_tst: i in [lo, hi] with f(i) <= d < f(i + 1).
function binarySearch(f: (x: number) => number, d: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const midval = f(mid);
    if (midval < d) lo = mid + 1;
    else if (midval > d) hi = mid - 1;
    else return mid;
  }
  return f(lo) <= d ? lo : lo - 1;
}

/** Number of first-row items among `n` draws from n1 first-row and n2 second-row items. */
class Hypergeometric {
  private readonly logConstant: number;
  private readonly low: number;
  private readonly high: number;

  constructor(
    private readonly n1: number,
    private readonly n2: number,
    private readonly n: number,
  ) {
    this.logConstant =
      gammaln(n1 + 1) + gammaln(n2 + 1) + gammaln(n + 1) + gammaln(n1 + n2 - n + 1) - gammaln(n1 + n2 + 1);
    this.low = Math.max(0, n - n2);
    this.high = Math.min(n1, n);
  }

  pmf(k: number): number {
    if (k < this.low || k > this.high) return 0;
    // The four k-dependent terms are summed in sorted order: tables that mirror each other
    // (equal margins) have the same multiset of terms and so get bit-identical probabilities,
    // which the 1e-14 "as extreme" tolerance relies on.
    const terms = [k + 1, this.n1 - k + 1, this.n - k + 1, this.n2 - this.n + k + 1].sort((x, y) => x - y);
    const variable = gammaln(terms[0]) + gammaln(terms[1]) + gammaln(terms[2]) + gammaln(terms[3]);
    return Math.exp(this.logConstant - variable);
  }

  /** P(X <= k), summed outward from k (call with k at or below the mode). */
  cdf(k: number): number {
    if (k < this.low) return 0;
    if (k >= this.high) return 1;
    let term = this.pmf(k);
    let sum = term;
    for (let j = k; j > this.low; j--) {
      // pmf(j - 1) / pmf(j)
      term *= (j * (this.n2 - this.n + j)) / ((this.n1 - j + 1) * (this.n - j + 1));
      sum += term;
      if (term <= sum * TAIL_CUTOFF) break;
    }
    return sum;
  }

  /** P(X > k), summed outward from k + 1 (call with k at or above the mode). */
  sf(k: number): number {
    if (k >= this.high) return 0;
    if (k < this.low) return 1;
    let term = this.pmf(k + 1);
    let sum = term;
    for (let j = k + 1; j < this.high; j++) {
      // pmf(j + 1) / pmf(j)
      term *= ((this.n1 - j) * (this.n - j)) / ((j + 1) * (this.n2 - this.n + j + 1));
      sum += term;
      if (term <= sum * TAIL_CUTOFF) break;
    }
    return sum;
  }
}

// Terms this small relative to the running tail sum cannot change it (2^-60 < eps / 16).
const TAIL_CUTOFF = 2 ** -60;
