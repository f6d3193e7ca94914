import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lambdas/core/errors.ts';
import { fisher } from '../../../lambdas/core/methods/fisher.ts';
import {
  countsGolden,
  expectPValueClose,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: scipy.stats.fisher_exact(..., alternative='two-sided') in
// test/golden/counts.json (test/golden/gen_counts.py); the odds ratio where scipy gives
// 0/Infinity/NaN follows the documented convention, written out in that script.
describe('fisher (exact test on the 2x2 table [[ref0, ref1], [cur0, cur1]])', () => {
  it('matches scipy on every table with cells 0..6 (ties included), p-values to 1e-9', () => {
    for (const c of countsGolden.twoCategoryGrid) {
      const label = `${c.reference} | ${c.current}`;
      const result = fisher(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.fisher.statistic, STATISTIC_RTOL, label);
      expectPValueClose(result.pValue!, c.fisher.pValue, label);
    }
  });

  it.each(countsGolden.twoCategory.map((c) => [`${c.name} ${c.reference} | ${c.current}`, c] as const))(
    'matches scipy on %s',
    (label, c) => {
      const result = fisher(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.fisher.statistic, STATISTIC_RTOL, label);
      expectPValueClose(result.pValue!, c.fisher.pValue, label);
    },
  );

  it('reports the sample odds ratio exactly where scipy has one and every cell is positive', () => {
    const c = countsGolden.twoCategory.find((g) => g.name === 'moderate shift')!;
    expect(fisher(f64(c.reference), f64(c.current)).statistic).toBe(c.fisher.scipyStatistic);
  });

  it('uses the Haldane-Anscombe odds ratio when a cell is zero, so it stays finite', () => {
    expect(fisher(f64([0, 10]), f64([5, 5])).statistic).toBeCloseTo((0.5 * 5.5) / (5.5 * 10.5), 15);
    expect(JSON.stringify(fisher(f64([10, 0]), f64([0, 10])))).not.toContain('null');
  });

  it('gives odds ratio 1 and p-value 1 when a category is empty on both sides', () => {
    expect(fisher(f64([10, 0]), f64([7, 0]))).toEqual({ statistic: 1, pValue: 1 });
    expect(fisher(f64([3]), f64([8]))).toEqual({ statistic: 1, pValue: 1 });
  });

  it('takes the reciprocal odds ratio and the same p-value when the categories swap', () => {
    const cell = fc.nat(60);
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        fc.pre(a + b > 0 && c + d > 0);
        const forward = fisher(f64([a, b]), f64([c, d]));
        const swapped = fisher(f64([b, a]), f64([d, c]));
        return (
          Math.abs(forward.statistic * swapped.statistic - 1) <= 1e-12 &&
          Math.abs(forward.pValue! - swapped.pValue!) <= 1e-12 &&
          forward.pValue! > 0 &&
          forward.pValue! <= 1
        );
      }),
    );
  });

  it('refuses more than two categories', () => {
    expect(() => fisher(f64([1, 2, 3]), f64([3, 2, 1]))).toThrow(UsageError);
  });

  it('refuses fractional counts', () => {
    expect(() => fisher(f64([1.5, 2]), f64([3, 2]))).toThrow(UsageError);
  });
});
