import { UsageError } from '../errors.ts';
import { normalCdf, normalSf } from '../special/normal.ts';
import type { CountsMethod, MethodResult } from './types.ts';

/**
 * z statistic of the two-proportion test for the FIRST category's share, reference minus
 * current, with the pooled variance (Evidently 0.7 `proportions_diff_z_stat_ind`, same
 * floating-point steps). `null` when the pooled share is 0 or 1: both sides hold one and the
 * same single value, so there is no variance and nothing to test.
 */
function zStatistic(reference: Float64Array, current: Float64Array): number | null {
  if (reference.length > 2) {
    throw new UsageError(`the z-test compares 2 categories, got ${reference.length}; use chi-square`);
  }
  if (reference.length < 2) return null;
  const n1 = reference[0] + reference[1];
  const n2 = current[0] + current[1];
  const p1 = reference[0] / n1;
  const p2 = current[0] / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
  if (!(variance > 0)) return null;
  return (p1 - p2) / Math.sqrt(variance);
}

/**
 * Two-proportion z-test for a 2-category feature (counts `[first, second]` per side).
 * statistic: z for the first category's proportion, reference minus current; p-value:
 * two-sided, 2 · Φ̄(|z|) computed with the normal survival function so it keeps precision
 * below 1e-16 (Evidently's `2 · (1 − Φ(|z|))` rounds to 0 there; see `zEvidently`).
 *
 * One category, or both sides holding one and the same single value (pooled share 0 or 1,
 * no variance): statistic 0, p-value 1 (Evidently's rule for that case).
 * @throws UsageError for more than 2 categories.
 */
export const z: CountsMethod = (reference, current): MethodResult => {
  const statistic = zStatistic(reference, current);
  if (statistic === null) return { statistic: 0, pValue: 1 };
  return { statistic, pValue: 2 * normalSf(Math.abs(statistic)) };
};

/**
 * `z` with Evidently's exact p-value formula `2 * (1 - norm.cdf(|z|))` (Evidently 0.7
 * `z_stattest`), for `compat: evidently`; identical-single-value sides give p 1 as there.
 */
export const zEvidently: CountsMethod = (reference, current): MethodResult => {
  const statistic = zStatistic(reference, current);
  if (statistic === null) return { statistic: 0, pValue: 1 };
  return { statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))) };
};
