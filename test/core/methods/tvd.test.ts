import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tvd } from '../../../lambdas/core/methods/tvd.ts';
import {
  countsGolden,
  countsPair,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('total variation distance', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    "matches numpy's half L1 norm on %s (1e-9 relative)",
    (_name, c) => {
      const result = tvd(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.tvd, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('lies in [0, 1] and is symmetric', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = tvd(reference, current).statistic;
        return forward >= 0 && forward <= 1 && forward === tvd(current, reference).statistic;
      }),
    );
  });

  it('is 1 for disjoint supports', () => {
    expect(tvd(f64([4, 0, 0]), f64([0, 2, 7])).statistic).toBe(1);
  });
});
