import { chiSquareSf } from '../special/chi-square-distribution.ts';
import type { CountsMethod, MethodResult } from './types.ts';

/**
 * Statistic reported when the goodness-of-fit test sees a category the reference never had
 * (expected 0, observed > 0). scipy returns Infinity there, which JSON cannot carry; the largest
 * finite double keeps "beyond any threshold" and survives `JSON.stringify`.
 */
export const UNSEEN_CATEGORY_STATISTIC = Number.MAX_VALUE;

/** Indices of categories with a count on at least one side (scipy rejects all-zero columns). */
function seenCategories(reference: Float64Array, current: Float64Array): number[] {
  const kept: number[] = [];
  for (let i = 0; i < reference.length; i++) {
    if (reference[i] !== 0 || current[i] !== 0) kept.push(i);
  }
  return kept;
}

/**
 * Two-sample chi-square test of homogeneity: `scipy.stats.chi2_contingency([ref, cur])`
 * (scipy 1.10 `contingency.py`), Pearson statistic with Yates' continuity correction when
 * dof == 1 (scipy's default), p from the chi-square sf with dof = categories − 1.
 *
 * Categories with zero count on both sides are dropped first (scipy raises on a zero expected
 * frequency). With a single remaining category there is nothing to compare: statistic 0,
 * p-value 1 (scipy's dof == 0 case).
 */
export const chiSquare: CountsMethod = (reference, current) => {
  const kept = seenCategories(reference, current);
  if (kept.length <= 1) return { statistic: 0, pValue: 1 };
  const [referenceTotal, currentTotal] = totalsOver(kept, reference, current);
  const total = referenceTotal + currentTotal;
  const dof = kept.length - 1;
  const yates = dof === 1;
  let referenceRow = 0;
  let currentRow = 0;
  for (const i of kept) {
    const columnTotal = reference[i] + current[i];
    // scipy expected_freq: product of margins, then divided by the grand total
    referenceRow += pearsonTerm(reference[i], (referenceTotal * columnTotal) / total, yates);
    currentRow += pearsonTerm(current[i], (currentTotal * columnTotal) / total, yates);
  }
  // scipy sums the 2 × k table row-major: the reference row, then the current row
  const statistic = referenceRow + currentRow;
  return { statistic, pValue: chiSquareSf(statistic, dof) };
};

function pearsonTerm(observed: number, expected: number, yates: boolean): number {
  let adjusted = observed;
  if (yates) {
    // scipy gh-13875: move observed toward expected by 0.5, never past it
    const diff = expected - observed;
    adjusted = observed + Math.sign(diff) * Math.min(0.5, Math.abs(diff));
  }
  const d = adjusted - expected;
  return (d * d) / expected;
}

/**
 * Evidently's chi-square (`chisquare_stattest`): goodness of fit of the current counts to the
 * reference proportions, `scipy.stats.chisquare(f_obs=cur, f_exp=ref · n_cur / n_ref)`, no
 * continuity correction, dof = categories − 1. It treats the reference proportions as exact, so
 * it alarms more than `chiSquare` on large samples; kept for `compat: evidently`.
 *
 * Defined where scipy is not finite:
 * - categories empty on both sides are dropped (Evidently never lists them; scipy gives 0/0);
 * - one remaining category: statistic 0, p-value 1 (scipy: p NaN with dof 0);
 * - a category with reference count 0 and current count > 0: statistic
 *   `UNSEEN_CATEGORY_STATISTIC` (Number.MAX_VALUE) and p-value 0 (scipy: Infinity and 0).
 */
export const chiSquareGoodnessOfFit: CountsMethod = (reference, current): MethodResult => {
  const kept = seenCategories(reference, current);
  if (kept.length <= 1) return { statistic: 0, pValue: 1 };
  const [referenceTotal, currentTotal] = totalsOver(kept, reference, current);
  // Evidently: k_norm = len(current) / len(reference); f_exp = ref_count * k_norm
  const scale = currentTotal / referenceTotal;
  let statistic = 0;
  for (const i of kept) {
    const expected = reference[i] * scale;
    if (expected === 0) return { statistic: UNSEEN_CATEGORY_STATISTIC, pValue: 0 };
    const d = current[i] - expected;
    statistic += (d * d) / expected;
  }
  return { statistic, pValue: chiSquareSf(statistic, kept.length - 1) };
};

/** Both sides' counts summed over the kept categories. */
function totalsOver(
  kept: readonly number[],
  reference: Float64Array,
  current: Float64Array,
): [number, number] {
  let referenceTotal = 0;
  let currentTotal = 0;
  for (const i of kept) {
    referenceTotal += reference[i];
    currentTotal += current[i];
  }
  return [referenceTotal, currentTotal];
}
