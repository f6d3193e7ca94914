import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MANN_WHITNEY_MAX_EXACT_TABLE, mannWhitney } from '../../../lambdas/core/methods/mann-whitney.ts';
import { expectPValue, expectStatistic, finite, orderB, sorted } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json from test/golden/gen_order_b.py (scipy.stats.mannwhitneyu,
// use_continuity=True, two-sided, method='auto'; versions recorded in the file). Tolerances: U 1e-9
// relative, p 1e-9 absolute or relative, whichever is looser.

const sortedArray = (values: number[]) => sorted(values);
const sampleArb = fc
  .array(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 30 })
  .map((values) => sortedArray(values.map((v) => v / 4)));
const distinctSampleArb = fc
  .uniqueArray(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 2, maxLength: 24 })
  .chain((values) =>
    fc.integer({ min: 1, max: values.length - 1 }).map((cut) => ({
      reference: sortedArray(values.slice(0, cut)),
      current: sortedArray(values.slice(cut)),
    })),
  );

describe('mannWhitney', () => {
  it('matches scipy mannwhitneyu on every golden case (exact and asymptotic branches)', () => {
    expect(orderB.cases.some((c) => c.mwu_method === 'exact')).toBe(true);
    for (const c of orderB.cases) {
      const result = mannWhitney(sorted(c.reference), sorted(c.current));
      expectStatistic(result.statistic, finite(c.mannwhitneyu.statistic)!, `${c.name} U`);
      expectPValue(result.pValue, finite(c.mannwhitneyu.pvalue)!, `${c.name} p (${c.mwu_method})`);
    }
  });

  it('computes exact p-values for a few values against tens of thousands, beyond scipy 1.10 table', () => {
    const started = performance.now();
    for (const c of orderB.mwu_large_exact) {
      const result = mannWhitney(sorted(c.reference), sorted(c.current));
      expect(result.statistic, c.name).toBe(c.u1);
      expectPValue(result.pValue, c.pvalue, c.name);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('uses the normal approximation when the exact table would exceed its cap', () => {
    const { reference, current_range: size, u1, pvalue } = orderB.mwu_over_cap;
    const current = new Float64Array(size);
    for (let k = 0; k < size; k++) current[k] = k;
    expect(Math.min(u1, reference.length * size - u1) + 1).toBeGreaterThan(MANN_WHITNEY_MAX_EXACT_TABLE);
    const result = mannWhitney(Float64Array.from(reference), current);
    expect(result.statistic).toBe(u1);
    expectPValue(result.pValue, pvalue, 'over the cap');
  });

  it('reports p = 1 when every pooled value is the same', () => {
    expect(mannWhitney(new Float64Array([2, 2, 2]), new Float64Array([2, 2]))).toEqual({
      statistic: 3,
      pValue: 1,
    });
    expect(mannWhitney(new Float64Array([7]), new Float64Array([7]))).toEqual({ statistic: 0.5, pValue: 1 });
  });

  it('keeps U within [0, n1 n2] and p within [0, 1], never NaN', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const { statistic, pValue } = mannWhitney(reference, current);
        expect(statistic).toBeGreaterThanOrEqual(0);
        expect(statistic).toBeLessThanOrEqual(reference.length * current.length);
        expect(pValue).not.toBeNaN();
        expect(pValue).toBeGreaterThanOrEqual(0);
        expect(pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives the same p and complementary U when the samples swap roles', () => {
    fc.assert(
      fc.property(sampleArb, sampleArb, (reference, current) => {
        const forward = mannWhitney(reference, current);
        const backward = mannWhitney(current, reference);
        expect(forward.statistic + backward.statistic).toBe(reference.length * current.length);
        expect(backward.pValue).toBe(forward.pValue);
      }),
    );
  });

  it('gives the exact extreme-tail p of 2 / C(n1 + n2, n1) when every reference value lies below every current one', () => {
    // Only one of the C(n1 + n2, n1) equally likely rank arrangements is this extreme, on each side.
    fc.assert(
      fc.property(distinctSampleArb, ({ reference, current }) => {
        if (reference.length > 8 && current.length > 8) return;
        const shifted = Float64Array.from(reference, (v) => v - 1e6);
        const combos = binomial(reference.length + current.length, reference.length);
        expect(mannWhitney(shifted, current).pValue).toBeCloseTo(Math.min(1, 2 / combos), 15);
      }),
    );
  });
});

function binomial(total: number, chosen: number): number {
  let value = 1;
  for (let step = 1; step <= chosen; step++) value = (value * (total - chosen + step)) / step;
  return value;
}
