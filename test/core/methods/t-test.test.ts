import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEPARATED_CONSTANTS_T, studentTTest, tTest } from '../../../lambdas/core/methods/t-test.ts';
import { expectPValue, expectStatistic, finite, orderB, sorted } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json from test/golden/gen_order_b.py (scipy.stats.ttest_ind with
// equal_var False / True; versions recorded in the file). Where scipy gives NaN or ±inf the script writes
// our documented convention (`conventions`), computed there with scipy pieces (ttest_1samp,
// ttest_ind_from_stats). Tolerances: t 1e-9 relative, p 1e-9 absolute or relative, whichever is looser.

const sampleArb = fc
  .array(fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
    minLength: 1,
    maxLength: 40,
  })
  .map((values) => sorted(values));

describe.each([
  ['tTest (Welch)', tTest, 'ttest_welch'],
  ['studentTTest', studentTTest, 'ttest_student'],
] as const)('%s', (_label, method, key) => {
  it('matches scipy ttest_ind where scipy is finite, and our convention where it is not', () => {
    let conventionCases = 0;
    for (const c of orderB.cases) {
      const result = method(sorted(c.reference), sorted(c.current));
      const convention = c.conventions[key];
      if (convention) {
        conventionCases++;
        expectStatistic(result.statistic, convention.statistic, `${c.name} t (${convention.why})`);
        expectPValue(result.pValue, convention.pvalue, `${c.name} p (${convention.why})`);
        continue;
      }
      expectStatistic(result.statistic, finite(c[key].statistic)!, `${c.name} t`);
      expectPValue(result.pValue, finite(c[key].pvalue)!, `${c.name} p`);
    }
    expect(conventionCases).toBeGreaterThanOrEqual(5);
  });

  it('reports t = 0 and p = 1 for one value on each side, equal or not', () => {
    expect(method(new Float64Array([1]), new Float64Array([5]))).toEqual({ statistic: 0, pValue: 1 });
    expect(method(new Float64Array([3]), new Float64Array([3]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('reports the largest finite t and p = 0 for two different constants, signed like ref - cur', () => {
    expect(method(new Float64Array([0.1, 0.1, 0.1]), new Float64Array([0.3, 0.3]))).toEqual({
      statistic: -SEPARATED_CONSTANTS_T,
      pValue: 0,
    });
    expect(method(new Float64Array([2, 2]), new Float64Array([1]))).toEqual({
      statistic: SEPARATED_CONSTANTS_T,
      pValue: 0,
    });
  });

  it('never returns NaN or infinities and keeps p in [0, 1]', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const { statistic, pValue } = method(reference, current);
        expect(Number.isFinite(statistic)).toBe(true);
        expect(pValue).not.toBeNaN();
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('flips the sign of t and keeps p when the samples swap roles', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const forward = method(reference, current);
        const backward = method(current, reference);
        expect(backward.statistic + forward.statistic).toBe(0);
        expect(backward.pValue).toBe(forward.pValue);
      }),
    );
  });
});
