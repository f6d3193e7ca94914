import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cdfCvmInf, cramerVonMises } from '../../../lambdas/core/methods/cramer-von-mises.ts';

/**
 * Expected values: test/golden/order_a.json, made by test/golden/gen_order_a.py with scipy 1.10.1
 * (`scipy.stats.cramervonmises_2samp(x, y, method='auto')`; where scipy refuses a sample of size 1,
 * `cramerVonMisesUnchecked` is scipy's same code path without that check).
 * Tolerance: statistic 1e-9 relative (1e-15 absolute when scipy's value is 0);
 * p-value 1e-9 absolute or relative, whichever is looser.
 */
interface Expected {
  statistic?: number;
  pValue?: number;
  error?: string;
}
interface GoldenCase {
  name: string;
  reference: number[];
  current: number[];
  cramerVonMises: Expected;
  cramerVonMisesUnchecked?: Expected;
}
const golden = JSON.parse(readFileSync(new URL('../../golden/order_a.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
  cdfCvmInf: { x: number; cdf: number }[];
};

function expectStatistic(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(want), 1e-15));
}
function expectPValue(got: number | null, want: number): void {
  expect(got).not.toBeNull();
  const err = Math.abs((got as number) - want);
  expect(err <= 1e-9 || err <= 1e-9 * Math.abs(want), `p = ${got}, scipy ${want}`).toBe(true);
}
function isSingleConstant(c: GoldenCase): boolean {
  const all = [...c.reference, ...c.current];
  return all.every((v) => v === all[0]);
}

const sortedSample = fc
  .array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 40 })
  .map((xs) => Float64Array.from(xs.map((x) => x / 4)).sort());

describe('cramerVonMises (two-sample Cramér–von Mises)', () => {
  for (const c of golden.cases.filter((g) => !isSingleConstant(g))) {
    const expected = c.cramerVonMisesUnchecked ?? c.cramerVonMises;
    it(`matches scipy cramervonmises_2samp on ${c.name}`, () => {
      const result = cramerVonMises(Float64Array.from(c.reference), Float64Array.from(c.current));
      expectStatistic(result.statistic, expected.statistic as number);
      expectPValue(result.pValue, expected.pValue as number);
    });
  }

  it('computes the limiting CDF as scipy _cdf_cvm_inf to 1e-12 relative', () => {
    for (const c of golden.cdfCvmInf) {
      expect(Math.abs(cdfCvmInf(c.x) - c.cdf), `x = ${c.x}`).toBeLessThanOrEqual(1e-12 * c.cdf);
    }
  });

  it('applies scipy formulas to a sample of size 1, which scipy refuses', () => {
    const c = golden.cases.find((g) => g.cramerVonMisesUnchecked && !isSingleConstant(g));
    expect(c?.cramerVonMises.error).toMatch(/at least two observations/);
  });

  it('returns statistic 0 and p = 1 when every value in both samples is the same constant', () => {
    // scipy's midranks give T = 0.153, p = 0.39 for 30 vs 25 copies (see the golden file); we define 0 and 1.
    for (const c of golden.cases.filter(isSingleConstant)) {
      expect(cramerVonMises(Float64Array.from(c.reference), Float64Array.from(c.current))).toEqual({
        statistic: 0,
        pValue: 1,
      });
    }
  });

  it('is symmetric in swapping the samples, with p in [0, 1]', () => {
    fc.assert(
      fc.property(sortedSample, sortedSample, (x, y) => {
        const a = cramerVonMises(x, y);
        const b = cramerVonMises(y, x);
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThanOrEqual(1e-12 * Math.max(1, a.statistic));
        expect(Math.abs((a.pValue as number) - (b.pValue as number))).toBeLessThanOrEqual(1e-12);
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
        expect(Number.isFinite(a.statistic)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
