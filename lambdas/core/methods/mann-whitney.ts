import { normalSf } from '../special/normal.ts';
import type { MethodResult, SortedSampleMethod } from './types.ts';
import { UnorderedValuesError } from './unordered-values.ts';

/**
 * Largest number of U values whose null probabilities the exact p-value tabulates (one float64 each,
 * 32 MB). scipy 1.10 decides exact vs asymptotic on sizes and ties alone; its table needs
 * (m+1)(n+1)(k+1) doubles and is out of reach long before this. Beyond it (a sample of at most 8 values
 * against one of over a million, no ties) we use the asymptotic p-value instead.
 */
export const MANN_WHITNEY_MAX_EXACT_TABLE = 4_000_000;

/**
 * Mann–Whitney U test, two-sided, as `scipy.stats.mannwhitneyu(reference, current,
 * use_continuity=True, alternative='two-sided', method='auto')` in scipy 1.10:
 * - statistic: U of the reference sample, U1 = Σ over reference values of (#current below it
 *   + half the #current equal to it) — scipy's R1 - n1(n1+1)/2 with average ranks for ties;
 * - p: exact (the null distribution of U, scipy's `_mwu_state`) when either sample has at most 8 values
 *   and no value occurs twice in the pooled sample; otherwise the normal approximation with tie
 *   correction and continuity correction, z = (max(U1, U2) - n1 n2 / 2 - 0.5) / σ, p = 2 sf(z),
 *   clipped to [0, 1].
 *
 * Ranks and tie counts come from one O(n1 + n2) merge of the sorted samples.
 * Edge cases: all pooled values equal gives σ = 0; scipy's z is then -inf and p 1, which we return
 * directly (σ² may round below 0, where scipy would give NaN).
 */
export const mannWhitney: SortedSampleMethod = (reference, current): MethodResult => {
  const n1 = reference.length;
  const n2 = current.length;
  let u1 = 0;
  // Σ (t³ - t) over tie groups of size t (scipy `_tie_term`).
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && reference[i] <= current[j]) ? reference[i] : current[j];
    const refStart = i;
    const curStart = j;
    while (i < n1 && reference[i] === value) i++;
    while (j < n2 && current[j] === value) j++;
    if (i === refStart && j === curStart) throw new UnorderedValuesError('Mann–Whitney U');
    const refTies = i - refStart;
    const curTies = j - curStart;
    u1 += refTies * (curStart + curTies / 2);
    const groupSize = refTies + curTies;
    if (groupSize > 1) tieTerm += (groupSize * groupSize - 1) * groupSize;
  }
  const product = n1 * n2;
  const u = Math.max(u1, product - u1);
  // scipy 1.10 _mwu_choose_method: asymptotic when both samples exceed 8 or any tie exists.
  const exact = (n1 <= 8 || n2 <= 8) && tieTerm === 0;
  if (exact) {
    const pValue = exactPValue(n1, n2, product - u);
    if (pValue !== null) return { statistic: u1, pValue };
  }
  return { statistic: u1, pValue: asymptoticPValue(u, n1, n2, tieTerm) };
};

/** scipy 1.10 `_get_mwu_z` with continuity, then 2 · norm.sf(z), clipped. */
function asymptoticPValue(u: number, n1: number, n2: number, tieTerm: number): number {
  const n = n1 + n2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const numerator = u - (n1 * n2) / 2 - 0.5;
  if (!(variance > 0)) return 1;
  return clipProbability(2 * normalSf(numerator / Math.sqrt(variance)));
}

/**
 * 2 P(U >= u) = 2 P(U <= k) with k = n1 n2 - u, by the symmetry of U's null distribution
 * (scipy `_MWU.sf`). The number of rank arrangements with U = k is the number of partitions of k into at
 * most m parts each at most n (m = smaller, n = larger sample size), the coefficient of q^k in the
 * Gaussian binomial [m + n choose m]_q = Π_{i=1..m} (1 - q^(n+i)) / (1 - q^i). We build it factor by
 * factor, truncated at degree k: O(m k) time instead of the O(m n k) table of scipy's recursion
 * (Di Bucchianico 1999, the "[3] Theorem 2.5" scipy cites, counts the same numbers). Counts stay exact
 * integers below 2^53; above, each step adds one rounding, far below the 1e-9 we promise on p.
 *
 * Returns null when the table would exceed {@link MANN_WHITNEY_MAX_EXACT_TABLE}.
 */
function exactPValue(n1: number, n2: number, k: number): number | null {
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  if (m === 1) return clipProbability((2 * (k + 1)) / (n + 1));
  if (k + 1 > MANN_WHITNEY_MAX_EXACT_TABLE) return null;
  const counts = new Float64Array(k + 1);
  counts[0] = 1;
  for (let part = 1; part <= m; part++) {
    // Multiply by (1 - q^(n+part)), then divide by (1 - q^part) (a running sum): after both, the table
    // holds [n + part choose part]_q, again counts (non-negative integers).
    for (let degree = k; degree >= n + part; degree--) counts[degree] -= counts[degree - n - part];
    for (let degree = part; degree <= k; degree++) counts[degree] += counts[degree - part];
  }
  let arrangementsUpToK = 0;
  for (let degree = 0; degree <= k; degree++) arrangementsUpToK += counts[degree];
  return clipProbability((2 * arrangementsUpToK) / binomial(n1 + n2, m));
}

/** C(total, chosen) in floating point, exact while it fits 2^53 (products of small integers in order). */
function binomial(total: number, chosen: number): number {
  let value = 1;
  for (let step = 1; step <= chosen; step++) value = (value * (total - chosen + step)) / step;
  return value;
}

function clipProbability(p: number): number {
  return Math.min(1, Math.max(0, p));
}
