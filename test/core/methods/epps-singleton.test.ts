import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eppsSingleton, SEPARATED_CONSTANTS_W } from '../../../lambdas/core/methods/epps-singleton.ts';
import { expectPValue, expectStatistic, finite, orderB, sorted } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json from test/golden/gen_order_b.py
// (scipy.stats.epps_singleton_2samp, t = (0.4, 0.8); versions recorded in the file). Where scipy raises
// (n < 5, pooled IQR 0) or inverts rounding noise (two constants), the script writes our convention;
// the IQR-0 fallback is scipy's own code with the pooled std as scale. Tolerances: W 1e-9 relative,
// p 1e-9 absolute or relative, whichever is looser.

const sampleArb = fc
  .array(fc.double({ min: -100, max: 100, noNaN: true, noDefaultInfinity: true }), {
    minLength: 5,
    maxLength: 40,
  })
  .map((values) => sorted(values));

describe('eppsSingleton', () => {
  it('matches scipy epps_singleton_2samp, and our convention where scipy has no answer', () => {
    let conventionCases = 0;
    for (const c of orderB.cases) {
      const result = eppsSingleton(sorted(c.reference), sorted(c.current));
      const convention = c.conventions.epps_singleton;
      if (convention) {
        conventionCases++;
        expectStatistic(result.statistic, convention.statistic, `${c.name} W (${convention.why})`);
        expectPValue(result.pValue, convention.pvalue, `${c.name} p (${convention.why})`);
        continue;
      }
      expectStatistic(result.statistic, finite(c.epps_singleton.statistic)!, `${c.name} W`);
      expectPValue(result.pValue, finite(c.epps_singleton.pvalue)!, `${c.name} p`);
    }
    expect(conventionCases).toBeGreaterThanOrEqual(10);
  });

  it('reports W = 0 and p = 1 below five values per sample', () => {
    const five = new Float64Array([1, 2, 3, 4, 5]);
    expect(eppsSingleton(new Float64Array([10, 20, 30, 40]), five)).toEqual({ statistic: 0, pValue: 1 });
    expect(eppsSingleton(five, new Float64Array([-3]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('reports the largest finite W and p = 0 for two different constants', () => {
    expect(eppsSingleton(new Float64Array(20).fill(1), new Float64Array(5).fill(2))).toEqual({
      statistic: SEPARATED_CONSTANTS_W,
      pValue: 0,
    });
  });

  it('keeps W finite and non-negative and p in [0, 1], never NaN', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const { statistic, pValue } = eppsSingleton(reference, current);
        expect(Number.isFinite(statistic)).toBe(true);
        expect(statistic).toBeGreaterThanOrEqual(0);
        expect(pValue).not.toBeNaN();
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives the same W when the samples swap roles', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const forward = eppsSingleton(reference, current);
        const backward = eppsSingleton(current, reference);
        if (forward.statistic === SEPARATED_CONSTANTS_W) expect(backward.statistic).toBe(forward.statistic);
        else
          expect(Math.abs(backward.statistic - forward.statistic)).toBeLessThanOrEqual(
            1e-9 * forward.statistic + 1e-12,
          );
      }),
    );
  });
});
