import type { MethodResult, SortedSampleMethod } from './types.ts';
import { UnorderedValuesError } from './unordered-values.ts';

/**
 * Energy distance between the empirical distributions of reference and current,
 * sqrt(2 ∫ (F_ref(x) - F_cur(x))² dx), as `scipy.stats.energy_distance(reference, current)`
 * (scipy 1.10: `np.sqrt(2) * _cdf_distance(2, u, v)`). Computed from both sorted samples in one O(n + m)
 * merge: between consecutive distinct pooled values both CDFs are constant, each the share of its sample at
 * or below the left end. Symmetric, 0 for identical samples, in the units of the data. No p-value.
 */
export const energy: SortedSampleMethod = (reference, current): MethodResult => {
  const n = reference.length;
  const m = current.length;
  let i = 0;
  let j = 0;
  // Neumaier-compensated sum: scipy's np.sum is pairwise; both stay within a few ulps of the exact sum.
  let sum = 0;
  let compensation = 0;
  while (i < n || j < m) {
    const value = j >= m || (i < n && reference[i] <= current[j]) ? reference[i] : current[j];
    const i0 = i;
    const j0 = j;
    while (i < n && reference[i] === value) i++;
    while (j < m && current[j] === value) j++;
    if (i === i0 && j === j0) throw new UnorderedValuesError('energy distance');
    if (i === n && j === m) break;
    const next = j >= m || (i < n && reference[i] <= current[j]) ? reference[i] : current[j];
    const cdfGap = i / n - j / m;
    const term = cdfGap * cdfGap * (next - value);
    const total = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - total + term : term - total + sum;
    sum = total;
  }
  return { statistic: Math.SQRT2 * Math.sqrt(sum + compensation), pValue: null };
};
