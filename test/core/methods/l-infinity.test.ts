import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lInfinity } from '../../../lambdas/core/methods/l-infinity.ts';
import {
  countsGolden,
  countsPair,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('L-infinity distance', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    "matches numpy's max absolute difference on %s (1e-9 relative)",
    (_name, c) => {
      const result = lInfinity(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.lInfinity, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('lies in [0, 1], is symmetric, and never exceeds the total variation distance', async () => {
    const { tvd } = await import('../../../lambdas/core/methods/tvd.ts');
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = lInfinity(reference, current).statistic;
        return (
          forward >= 0 &&
          forward <= 1 &&
          forward === lInfinity(current, reference).statistic &&
          forward <= tvd(reference, current).statistic + 1e-15
        );
      }),
    );
  });
});
