import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hellinger } from '../../../lambdas/core/methods/hellinger.ts';
import {
  countsGolden,
  countsPair,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: test/golden/counts.json from test/golden/gen_counts.py (scipy/numpy versions recorded there).
describe('Hellinger distance', () => {
  it.each(countsGolden.counts.map((c) => [c.name, c] as const))(
    "matches numpy's norm form on %s (1e-9 relative)",
    (_name, c) => {
      const result = hellinger(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.hellinger, STATISTIC_RTOL, c.name);
      expect(result.pValue).toBeNull();
    },
  );

  it('lies in [0, 1] and is symmetric', () => {
    fc.assert(
      fc.property(countsPair, ({ reference, current }) => {
        const forward = hellinger(reference, current).statistic;
        const backward = hellinger(current, reference).statistic;
        return forward >= 0 && forward <= 1 && forward === backward;
      }),
    );
  });

  it('keeps full precision on nearly identical distributions where 1 - sum(sqrt(rc)) does not', () => {
    const c = countsGolden.counts.find((g) => g.name === 'nearly identical large counts')!;
    const { statistic } = hellinger(f64(c.reference), f64(c.current));
    // The norm form agrees with numpy to 1e-12; the 1 - BC form is off by ~1e-3 relative.
    expect(Math.abs(statistic - c.hellinger) / c.hellinger).toBeLessThan(1e-12);
    expect(Math.abs(c.hellingerOneMinusBc - c.hellinger) / c.hellinger).toBeGreaterThan(1e-6);
  });
});
