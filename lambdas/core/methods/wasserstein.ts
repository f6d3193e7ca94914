import type { MethodResult, SortedSampleMethod } from './types.ts';

/**
 * Evidently's floor for the reference standard deviation, so a constant reference column yields a
 * finite score (Evidently 0.7 `wasserstein_distance_norm`: `norm = max(np.std(reference), 0.001)`).
 */
export const WASSERSTEIN_MIN_NORM = 0.001;

/**
 * First Wasserstein (earth mover's) distance between the empirical distributions of two samples,
 * ∫ |F_a(x) - F_b(x)| dx, computed from both sorted samples in one O(n + m) merge.
 *
 * As `scipy.stats.wasserstein_distance(a, b)` (scipy 1.10 `_stats_py._cdf_distance` with p = 1): the
 * integrand is constant between consecutive distinct pooled values, where each CDF is the share of its
 * sample at or below the left end (`searchsorted(..., 'right')`).
 *
 * @param a sorted ascending, finite, length >= 1
 * @param b sorted ascending, finite, length >= 1
 */
export function wassersteinDistance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  // Neumaier-compensated sum: scipy's np.sum is pairwise; both stay within a few ulps of the exact sum.
  let sum = 0;
  let compensation = 0;
  while (i < n || j < m) {
    const value = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
    while (i < n && a[i] === value) i++;
    while (j < m && b[j] === value) j++;
    if (i === n && j === m) break;
    const next = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
    const term = Math.abs(i / n - j / m) * (next - value);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
  }
  return sum + compensation;
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

/** `np.std(x)` (ddof = 0), two-pass; a sorted constant sample is exactly 0 whatever the rounding of its mean. */
function populationStd(sorted: Float64Array): number {
  const n = sorted.length;
  if (sorted[0] === sorted[n - 1]) return 0;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += sorted[k];
  const mean = sum / n;
  let squares = 0;
  for (let k = 0; k < n; k++) {
    const deviation = sorted[k] - mean;
    squares += deviation * deviation;
  }
  return Math.sqrt(squares / n);
}
