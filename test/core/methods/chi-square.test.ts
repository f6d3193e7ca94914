import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chiSquare,
  chiSquareGoodnessOfFit,
  UNSEEN_CATEGORY_STATISTIC,
} from '../../../lambdas/core/methods/chi-square.ts';
import {
  countsGolden,
  countsPair,
  expectPValueClose,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: scipy.stats.chi2_contingency / chisquare in test/golden/counts.json
// (test/golden/gen_counts.py). Statistics 1e-9 relative, p-values 1e-9 absolute or relative.
const cases = countsGolden.counts.map((c) => [c.name, c] as const);

describe('chiSquare (two-sample contingency)', () => {
  it.each(cases)('matches scipy.stats.chi2_contingency on %s', (_name, c) => {
    const result = chiSquare(f64(c.reference), f64(c.current));
    expectRelativeClose(result.statistic, c.chi2Contingency.statistic, STATISTIC_RTOL, c.name);
    expectPValueClose(result.pValue!, c.chi2Contingency.pValue, c.name);
  });

  it('applies Yates correction for two categories and not for three', () => {
    // 2x2 [[30, 70], [45, 55]]: uncorrected Pearson is 4.8, Yates gives 4.181...
    expect(chiSquare(f64([30, 70]), f64([45, 55])).statistic).toBeLessThan(4.8);
    const twoByThree = countsGolden.counts.find((c) => c.name === 'small counts')!;
    expect(twoByThree.chi2Contingency.dof).toBe(2);
  });

  it('drops categories empty on both sides and gives (0, 1) when one category is left', () => {
    expect(chiSquare(f64([5, 0]), f64([9, 0]))).toEqual({ statistic: 0, pValue: 1 });
    expect(chiSquare(f64([7]), f64([3]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('is symmetric in its two samples and never NaN', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = chiSquare(reference, current);
        const backward = chiSquare(current, reference);
        return (
          Number.isFinite(forward.statistic) &&
          forward.pValue! >= 0 &&
          forward.pValue! <= 1 &&
          Math.abs(forward.statistic - backward.statistic) <= 1e-9 * Math.max(1, forward.statistic)
        );
      }),
    );
  });
});

describe('chiSquareGoodnessOfFit (Evidently form)', () => {
  it.each(cases)('matches scipy.stats.chisquare(cur, ref * n_cur / n_ref) on %s', (_name, c) => {
    const result = chiSquareGoodnessOfFit(f64(c.reference), f64(c.current));
    const expected = c.chi2GoodnessOfFit;
    if (expected.statistic === null) {
      // scipy: Infinity (an unseen category); ours: the documented finite stand-in
      expect(result).toEqual({ statistic: UNSEEN_CATEGORY_STATISTIC, pValue: 0 });
    } else if (expected.pValue === null) {
      // scipy: NaN p-value with a single category (dof 0)
      expect(expected.keptCategories).toBe(1);
      expect(result).toEqual({ statistic: 0, pValue: 1 });
    } else {
      expectRelativeClose(result.statistic, expected.statistic, STATISTIC_RTOL, c.name);
      expectPValueClose(result.pValue!, expected.pValue, c.name);
    }
  });

  it('reports an unseen category as a finite, JSON-safe statistic with p-value 0', () => {
    const result = chiSquareGoodnessOfFit(f64([50, 30, 0]), f64([40, 30, 10]));
    expect(JSON.parse(JSON.stringify(result))).toEqual({ statistic: Number.MAX_VALUE, pValue: 0 });
  });

  it('never returns NaN or Infinity', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const { statistic, pValue } = chiSquareGoodnessOfFit(reference, current);
        return Number.isFinite(statistic) && statistic >= 0 && pValue! >= 0 && pValue! <= 1;
      }),
    );
  });
});
