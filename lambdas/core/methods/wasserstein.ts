import { numpySum, numpySumOfSquaredDeviations } from '../profile/numpy-sum.ts';
import type { MethodResult, SortedSampleMethod } from './types.ts';

/**
 * Evidently's floor for the reference standard deviation, so a constant reference column yields a
 * finite score (Evidently 0.7 `wasserstein_distance_norm`: `norm = max(np.std(reference), 0.001)`).
 */
export const WASSERSTEIN_MIN_NORM = 0.001;

/**
 * First Wasserstein (earth mover's) distance between the empirical distributions of two samples,
 * as `scipy.stats.wasserstein_distance(a, b)` (scipy 1.10 `_cdf_distance` with p = 1).
 *
 * scipy integrates |F_a(x) − F_b(x)| over x between pooled values; this integrates the same area
 * the other way round, ∫₀¹ |F_a⁻¹(u) − F_b⁻¹(u)| du over the quantile functions. They agree exactly
 * in real arithmetic (ties included: quantile functions are step functions too), and here within
 * a few ulps. The gain is speed: the quantile steps fall at u = i/n and j/m, which do not depend
 * on the data, so the walk's branches follow a fixed rhythm the CPU predicts, where the pooled-
 * value merge mispredicts about every other step (bench/check-bench.ts, section `pair`). The
 * breakpoints are kept as exact integers i·m and j·n (below 2^53 for the ≤ 1M values a profile
 * keeps), so the widths are exact; the sum is Neumaier-compensated (scipy's np.sum is pairwise;
 * both stay within a few ulps of the exact sum).
 *
 * @param a sorted ascending, finite, length >= 1
 * @param b sorted ascending, finite, length >= 1
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  // u · n · m at the current step's start.
  let at = 0;
  let sum = 0;
  let compensation = 0;
  // Both walks end together, at u = 1 (i·m = n·m = j·n).
  while (i < n && j < m) {
    const nextA = (i + 1) * m;
    const nextB = (j + 1) * n;
    const next = Math.min(nextA, nextB);
    const term = Math.abs(a[i] - b[j]) * (next - at);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
    at = next;
    if (nextA <= nextB) i++;
    if (nextB <= nextA) j++;
  }
  return (sum + compensation) / (n * m);
}

/**
 * Normed Wasserstein distance, Evidently's default numeric drift score for large references:
 * `wasserstein_distance(reference, current) / max(np.std(reference), 0.001)` with the population
 * standard deviation (ddof = 0). Scale-free, so one threshold (Evidently: 0.1) fits every column.
 * There is no p-value.
 *
 * Edge cases: identical samples give 0; a constant reference is normed by the 0.001 floor, so any shift
 * of the current sample away from it gives a large score rather than Infinity.
 */
export const wasserstein: SortedSampleMethod = (reference, current): MethodResult => {
  const norm = Math.max(populationStd(reference), WASSERSTEIN_MIN_NORM);
  return { statistic: wassersteinDistance(reference, current) / norm, pValue: null };
};

/**
 * `np.std(x)` (ddof = 0), two-pass with numpy's summation (of the sorted values: numpy sums the
 * arrival order, so the two may differ in the last bits); a sorted constant sample is exactly 0
 * whatever the rounding of its mean.
 */
export function populationStd(sorted: Float64Array): number {
  const n = sorted.length;
  if (sorted[0] === sorted[n - 1]) return 0;
  const mean = numpySum(sorted) / n;
  return Math.sqrt(numpySumOfSquaredDeviations(sorted, mean) / n);
}
