import type { CountsMethod } from './types.ts';
import { proportions } from './zero-fill.ts';

/**
 * L-infinity distance max |r − c| between the two sides' proportions, in [0, 1]: the biggest
 * shift of any single bin or category. Symmetric. No p-value.
 */
export const lInfinity: CountsMethod = (reference, current) => {
  const r = proportions(reference);
  const c = proportions(current);
  let max = 0;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(r[i] - c[i]);
    if (d > max) max = d;
  }
  return { statistic: max, pValue: null };
};
