import type { CountsMethod } from './types.ts';
import { proportions } from './zero-fill.ts';

/**
 * Total variation distance ½ Σ |r − c| between the two sides' proportions, in [0, 1]:
 * the largest difference in probability the two distributions give any set of categories.
 * Symmetric. No p-value.
 */
export const tvd: CountsMethod = (reference, current) => {
  const r = proportions(reference);
  const c = proportions(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += Math.abs(r[i] - c[i]);
  return { statistic: Math.min(1, 0.5 * sum), pValue: null };
};
