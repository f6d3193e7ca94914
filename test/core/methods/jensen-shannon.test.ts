import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jensenShannon } from '../../../lambdas/core/methods/jensen-shannon.ts';
import {
  countsGolden,
  countsPair,
  expectScipyOrExact,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('Jensen-Shannon distance', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    'matches scipy.spatial.distance.jensenshannon on %s (1e-9 relative, or closer to exact where scipy cancels)',
    (_name, c) => {
      const result = jensenShannon(f64(c.reference), f64(c.current));
      expectScipyOrExact(result.statistic, c.jensenShannon, c.jensenShannonExact, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('lies in [0, sqrt(ln 2)] and is symmetric', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = jensenShannon(reference, current).statistic;
        const backward = jensenShannon(current, reference).statistic;
        return forward >= 0 && forward <= Math.sqrt(Math.LN2) && Math.abs(forward - backward) <= 1e-15;
      }),
    );
  });

  it('reaches sqrt(ln 2) for disjoint supports and 0 for identical proportions', () => {
    expect(jensenShannon(f64([10, 0]), f64([0, 3])).statistic).toBe(Math.sqrt(Math.LN2));
    expect(jensenShannon(f64([1, 2, 3]), f64([2, 4, 6])).statistic).toBe(0);
  });
});
