import { describe, expect, it } from 'vitest';
import { hellinger } from '../../../lambdas/core/methods/hellinger.ts';
import { countsGolden, f64 } from '../../golden/counts-golden.ts';

// The golden values, range, symmetry and p-value of every count distance: count-distances.test.ts.
describe('Hellinger distance', () => {
  it('keeps full precision on nearly identical distributions where 1 - sum(sqrt(rc)) does not', () => {
    const c = countsGolden.counts.find((g) => g.name === 'nearly identical large counts')!;
    const { statistic } = hellinger(f64(c.reference), f64(c.current));
    // The norm form agrees with numpy to 1e-12; the 1 - BC form is off by ~1e-3 relative.
    expect(Math.abs(statistic - c.hellinger) / c.hellinger).toBeLessThan(1e-12);
    expect(Math.abs(c.hellingerOneMinusBc - c.hellinger) / c.hellinger).toBeGreaterThan(1e-6);
  });
});
