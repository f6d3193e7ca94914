import type { CountsMethod } from './types.ts';
import { zeroFilledProportions } from './zero-fill.ts';

/**
 * Population Stability Index: Σ (r - c) · ln(r / c) over bins/categories, on proportions whose
 * zeros are filled as Evidently does (see `zero-fill.ts`), so an empty bin on one side gives a
 * large but finite term instead of Infinity.
 *
 * Evidently 0.7 `psi_stattest`: `np.sum((ref - cur) * np.log(ref / cur))`. Always ≥ 0 (each term
 * is), 0 for identical proportions. No p-value.
 */
export const psi: CountsMethod = (reference, current) => {
  const r = zeroFilledProportions(reference);
  const c = zeroFilledProportions(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return { statistic: sum, pValue: null };
};
