import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { psi } from '../../../lambdas/core/methods/psi.ts';
import {
  countsGolden,
  countsPair,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('PSI', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    "matches Evidently's formula on zero-filled proportions on %s (1e-9 relative)",
    (_name, c) => {
      const result = psi(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.psi, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('is zero for identical proportions and never negative', () => {
    expect(psi(f64([1, 2, 3]), f64([2, 4, 6])).statistic).toBe(0);
    fc.assert(fc.property(countsPair, ({ reference, current }) => psi(reference, current).statistic >= 0));
  });

  it('stays finite when a category is unseen on one side', () => {
    const { statistic } = psi(f64([50, 30, 0]), f64([40, 30, 10]));
    expect(Number.isFinite(statistic)).toBe(true);
    expect(statistic).toBeGreaterThan(0.1);
  });
});
