import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kl } from '../../../lambdas/core/methods/kl.ts';
import {
  countsGolden,
  countsPair,
  expectScipyOrExact,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('KL divergence', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    'matches scipy.stats.entropy on zero-filled proportions on %s (1e-9 relative, or closer to exact where scipy cancels)',
    (_name, c) => {
      const result = kl(f64(c.reference), f64(c.current));
      expectScipyOrExact(result.statistic, c.kl, c.klExact, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('is zero for identical proportions, never negative, and finite for unseen categories', () => {
    expect(kl(f64([1, 2, 3]), f64([2, 4, 6])).statistic).toBe(0);
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const { statistic } = kl(reference, current);
        return statistic >= 0 && Number.isFinite(statistic);
      }),
    );
  });

  it('is not symmetric', () => {
    const a = f64([10, 80, 10]);
    const b = f64([30, 40, 30]);
    expect(kl(a, b).statistic).not.toBeCloseTo(kl(b, a).statistic, 6);
  });
});
