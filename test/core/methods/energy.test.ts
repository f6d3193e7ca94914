import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { energy } from '../../../lambdas/core/methods/energy.ts';
import { expectStatistic, finite, orderB, sorted } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json from test/golden/gen_order_b.py (scipy.stats.energy_distance;
// versions recorded in the file). Tolerance: 1e-9 relative (1e-12 absolute at 0).

const sampleArb = fc
  .array(fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 50,
  })
  .map((values) => sorted(values));

// For exact scaling: no magnitudes so small that a term underflows to a subnormal or zero (one
// such case, [-5e-324, 0] against [0], gave 0 unscaled and 3e-162 scaled by 4).
const scalableSampleArb = fc
  .array(
    fc
      .double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true })
      .map((v) => (Math.abs(v) < 1e-6 ? 0 : v)),
    { minLength: 1, maxLength: 50 },
  )
  .map((values) => sorted(values));

describe('energy', () => {
  it('matches scipy energy_distance on every golden case and has no p-value', () => {
    for (const c of orderB.cases) {
      const result = energy(sorted(c.reference), sorted(c.current));
      expectStatistic(result.statistic, finite(c.energy_distance)!, c.name);
      expect(result.pValue).toBeNull();
    }
  });

  it('is 0 for identical samples and for the same values in other multiplicities', () => {
    const values = sorted([3, 1, 2]);
    expect(energy(values, values).statistic).toBe(0);
    expect(energy(sorted([1, 2, 3]), sorted([1, 1, 2, 2, 3, 3])).statistic).toBe(0);
  });

  it('is symmetric, non-negative and finite', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const forward = energy(reference, current).statistic;
        expect(Number.isFinite(forward)).toBe(true);
        expect(forward).toBeGreaterThanOrEqual(0);
        expect(energy(current, reference).statistic).toBe(forward);
      }),
    );
  });

  it('scales by the square root of a change of units (x4 doubles it exactly)', () => {
    fc.assert(
      fc.property(scalableSampleArb, scalableSampleArb, (reference, current) => {
        const scaled = energy(
          reference.map((v) => 4 * v),
          current.map((v) => 4 * v),
        ).statistic;
        expect(scaled).toBe(2 * energy(reference, current).statistic);
      }),
      { numRuns: 1000 },
    );
  });
});
