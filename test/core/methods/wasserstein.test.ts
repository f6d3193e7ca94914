import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  WASSERSTEIN_MIN_NORM,
  wasserstein,
  wassersteinDistance,
} from '../../../lambdas/core/methods/wasserstein.ts';
import { expectStatistic, finite, orderB, sorted } from '../../golden/order-b-golden.ts';
import { searchsortedRight } from '../../support/searchsorted.ts';

// Expected values: test/golden/order_b.json from test/golden/gen_order_b.py
// (scipy.stats.wasserstein_distance, and that divided by max(np.std(reference), 0.001) as Evidently's
// normed Wasserstein; versions recorded in the file). Tolerance: 1e-9 relative (1e-12 absolute at 0).

const sampleArb = fc
  .array(fc.double({ min: -1e4, max: 1e4, noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 50,
  })
  .map((values) => sorted(values));

describe('wassersteinDistance', () => {
  it('matches scipy wasserstein_distance on every golden case', () => {
    for (const c of orderB.cases) {
      const distance = wassersteinDistance(sorted(c.reference), sorted(c.current));
      expectStatistic(distance, finite(c.wasserstein_distance)!, c.name);
    }
  });

  it('is symmetric and non-negative and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, sampleArb, (a, b, c) => {
        const ab = wassersteinDistance(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(wassersteinDistance(b, a)).toBe(ab);
        const viaB = ab + wassersteinDistance(b, c);
        expect(wassersteinDistance(a, c)).toBeLessThanOrEqual(viaB * (1 + 1e-12) + 1e-9);
      }),
    );
  });

  it("equals scipy's CDF-difference integral, transcribed, on tied and continuous samples of any sizes", () => {
    // scipy 1.10 _cdf_distance(1, u, v): |F_u − F_v| between consecutive pooled values, summed
    // exactly here (as a sum of fractions over one denominator, in BigInt) so the expected value
    // carries no rounding of its own. Tolerance: 1e-12 relative.
    const scipyExact = (u: Float64Array, v: Float64Array): number => {
      const all = Float64Array.from([...u, ...v]).sort();
      // Values are multiples of 1/64 below 2^20: exact as integers scaled by 64.
      let total = 0n;
      for (let k = 0; k + 1 < all.length; k++) {
        const gap = BigInt((all[k + 1] - all[k]) * 64);
        const diff = BigInt(
          searchsortedRight(u, all[k]) * v.length - searchsortedRight(v, all[k]) * u.length,
        );
        total += (diff < 0n ? -diff : diff) * gap;
      }
      return Number(total) / (64 * u.length * v.length);
    };
    const sample = fc
      .array(fc.integer({ min: -400, max: 400 }), { minLength: 1, maxLength: 400 })
      .map((xs) => Float64Array.from(xs, (x) => x / 64).sort());
    fc.assert(
      fc.property(sample, sample, (u, v) => {
        const want = scipyExact(u, v);
        expect(Math.abs(wassersteinDistance(u, v) - want)).toBeLessThanOrEqual(1e-12 * want);
      }),
      { numRuns: 200 },
    );
  });

  it('equals the size of a shift of the whole sample', () => {
    fc.assert(
      fc.property(sampleArb, fc.integer({ min: -1000, max: 1000 }), (a, shift) => {
        const shifted = a.map((v) => v + shift);
        expect(Math.abs(wassersteinDistance(a, shifted) - Math.abs(shift))).toBeLessThanOrEqual(1e-7);
      }),
    );
  });
});

describe('wasserstein (normed)', () => {
  it('matches scipy distance / max(np.std(reference), 0.001) on every golden case, without p-value', () => {
    for (const c of orderB.cases) {
      const result = wasserstein(sorted(c.reference), sorted(c.current));
      expectStatistic(result.statistic, finite(c.wasserstein_normed)!, c.name);
      expect(result.pValue).toBeNull();
    }
  });

  it('norms a constant reference by the 0.001 floor', () => {
    const result = wasserstein(new Float64Array([5, 5, 5]), new Float64Array([5, 6]));
    expect(result.statistic).toBeCloseTo(0.5 / WASSERSTEIN_MIN_NORM, 9);
  });

  it('does not change when both samples change units', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        fc.pre(reference[reference.length - 1] - reference[0] > 1);
        const base = wasserstein(reference, current).statistic;
        const scaled = wasserstein(
          reference.map((v) => 8 * v),
          current.map((v) => 8 * v),
        ).statistic;
        expect(Math.abs(scaled - base)).toBeLessThanOrEqual(1e-12 * Math.max(1, base));
      }),
    );
  });
});
