import { numpySum, numpySumOfSquaredDeviations } from '../profile/numpy-sum.ts';
import { studentTSf } from '../special/student-t.ts';
import type { MethodResult, SortedSampleMethod } from './types.ts';

/**
 * The t statistic reported when both samples have zero variance but different means: the largest finite
 * double, signed like mean(reference) - mean(current). scipy reports ±inf there; our reports never carry
 * non-finite numbers (JSON, CloudWatch), and this value still sorts above every real t.
 */
export const SEPARATED_CONSTANTS_T = Number.MAX_VALUE;

/**
 * Welch's two-sample t-test (unequal variances), two-sided, as
 * `scipy.stats.ttest_ind(reference, current, equal_var=False)` in scipy 1.10:
 * t = (mean_ref - mean_cur) / sqrt(v_ref/n_ref + v_cur/n_cur) with sample variances (ddof = 1), and
 * Welch–Satterthwaite degrees of freedom; p = 2 P(T_df > |t|).
 *
 * Defined where scipy gives NaN or ±inf (never NaN, never ±Infinity here):
 * - one value on each side: no degrees of freedom to estimate a variance from, t = 0, p = 1 (no evidence);
 * - otherwise a sample of one value, or a constant sample, contributes variance exactly 0 (scipy: NaN for
 *   n = 1, and possibly a rounding-noise variance for constants whose mean is not representable). Against
 *   a varying sample, Welch then becomes the one-sample t-test of that sample around the constant
 *   (df = n - 1), and Student the pooled formula with the constant side's (n - 1)·variance term 0;
 * - both samples without variance: equal means give t = 0, p = 1; different means give
 *   t = ±{@link SEPARATED_CONSTANTS_T}, p = 0.
 */
export const tTest: SortedSampleMethod = (reference, current) => twoSampleT(reference, current, false);

/**
 * Student's two-sample t-test with pooled variance, two-sided, as
 * `scipy.stats.ttest_ind(reference, current, equal_var=True)`: df = n_ref + n_cur - 2.
 * Edge cases as {@link tTest}.
 */
export const studentTTest: SortedSampleMethod = (reference, current) => twoSampleT(reference, current, true);

function twoSampleT(reference: Float64Array, current: Float64Array, equalVariances: boolean): MethodResult {
  const n1 = reference.length;
  const n2 = current.length;
  if (n1 === 1 && n2 === 1) return { statistic: 0, pValue: 1 };
  const ref = meanAndVariance(reference);
  const cur = meanAndVariance(current);
  const meanGap = ref.mean - cur.mean;
  let df: number;
  let standardError: number;
  if (equalVariances) {
    df = n1 + n2 - 2;
    // scipy 1.10 _equal_var_ttest_denom; df = 0 only for n1 = n2 = 1, where both variances are 0.
    const pooledVariance = df > 0 ? ((n1 - 1) * ref.variance + (n2 - 1) * cur.variance) / df : 0;
    standardError = Math.sqrt(pooledVariance * (1 / n1 + 1 / n2));
  } else {
    const vn1 = ref.variance / n1;
    const vn2 = cur.variance / n2;
    const vnSum = vn1 + vn2;
    standardError = Math.sqrt(vnSum);
    // scipy 1.10 _unequal_var_ttest_denom: df = (vn1 + vn2)² / (vn1²/(n1-1) + vn2²/(n2-1)), here divided
    // through by (vn1 + vn2)² so tiny variances cannot underflow to 0/0; a zero-variance side adds nothing.
    const share1 = vnSum > 0 ? vn1 / vnSum : 0;
    const share2 = vnSum > 0 ? vn2 / vnSum : 0;
    const denominator =
      (share1 > 0 ? (share1 * share1) / (n1 - 1) : 0) + (share2 > 0 ? (share2 * share2) / (n2 - 1) : 0);
    df = denominator > 0 ? 1 / denominator : 1;
  }
  if (!(standardError > 0)) {
    if (meanGap === 0) return { statistic: 0, pValue: 1 };
    return { statistic: Math.sign(meanGap) * SEPARATED_CONSTANTS_T, pValue: 0 };
  }
  const t = clampFinite(meanGap / standardError);
  // scipy 1.10 _ttest_finish: stdtr(df, -|t|) * 2.
  const pValue = Math.min(1, 2 * studentTSf(Math.abs(t), df));
  return { statistic: t, pValue };
}

function clampFinite(t: number): number {
  if (t > SEPARATED_CONSTANTS_T) return SEPARATED_CONSTANTS_T;
  if (t < -SEPARATED_CONSTANTS_T) return -SEPARATED_CONSTANTS_T;
  return t;
}

/**
 * Mean and sample variance (ddof = 1) by two passes, as scipy 1.10 `_var` does: mean, then the mean of
 * squared deviations, times n / (n - 1). Sums are numpy's own summation (`numpySum`), so the mean difference (the
 * numerator of t) tracks scipy's to a few ulps. A sorted sample with first === last is constant: exactly
 * its value and variance 0.
 */
function meanAndVariance(sorted: Float64Array): { mean: number; variance: number } {
  const n = sorted.length;
  if (sorted[0] === sorted[n - 1]) return { mean: sorted[0], variance: 0 };
  const mean = numpySum(sorted) / n;
  const meanSquare = numpySumOfSquaredDeviations(sorted, mean) / n;
  return { mean, variance: meanSquare * (n / (n - 1)) };
}
