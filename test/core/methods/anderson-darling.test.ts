import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { andersonDarling } from '../../../lambdas/core/methods/anderson-darling.ts';

/**
 * Expected values: test/golden/order_a.json, made by test/golden/gen_order_a.py with scipy 1.10.1
 * (`scipy.stats.anderson_ksamp([x, y], midrank=True)`; entries with `error` are inputs scipy
 * rejects or answers with NaN).
 * Tolerance: statistic 1e-9 relative; p-value 1e-9 absolute or relative, whichever is looser.
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
  andersonDarling: Expected;
}
const golden = JSON.parse(readFileSync(new URL('../../golden/order_a.json', import.meta.url), 'utf8')) as {
  cases: GoldenCase[];
};

function expectPValue(got: number | null, want: number): void {
  expect(got).not.toBeNull();
  const err = Math.abs((got as number) - want);
  expect(err <= 1e-9 || err <= 1e-9 * Math.abs(want), `p = ${got}, scipy ${want}`).toBe(true);
}

const sortedSample = fc
  .array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 40 })
  .map((xs) => Float64Array.from(xs.map((x) => x / 4)).sort());

describe('andersonDarling (k-sample Anderson–Darling, k = 2)', () => {
  for (const c of golden.cases.filter((g) => !g.andersonDarling.error)) {
    it(`matches scipy anderson_ksamp on ${c.name}`, () => {
      const result = andersonDarling(Float64Array.from(c.reference), Float64Array.from(c.current));
      const want = c.andersonDarling.statistic as number;
      expect(Math.abs(result.statistic - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
      expectPValue(result.pValue, c.andersonDarling.pValue as number);
    });
  }

  for (const c of golden.cases.filter((g) => g.andersonDarling.error)) {
    it(`returns statistic 0 and p = 1 where scipy fails (${c.name})`, () => {
      expect(andersonDarling(Float64Array.from(c.reference), Float64Array.from(c.current))).toEqual({
        statistic: 0,
        pValue: 1,
      });
    });
  }

  it('caps the p-value at 0.25 and floors it at 0.001 as scipy 1.10 does', () => {
    const capped = golden.cases.filter((g) => g.andersonDarling.pValue === 0.25);
    const floored = golden.cases.filter((g) => g.andersonDarling.pValue === 0.001);
    expect(capped.length).toBeGreaterThan(0);
    expect(floored.length).toBeGreaterThan(0);
    for (const c of [...capped, ...floored]) {
      const r = andersonDarling(Float64Array.from(c.reference), Float64Array.from(c.current));
      expect(r.pValue).toBe(c.andersonDarling.pValue);
    }
  });

  it('is symmetric in swapping the samples, with p in [0.001, 0.25] or exactly 1 when degenerate', () => {
    fc.assert(
      fc.property(sortedSample, sortedSample, (x, y) => {
        const a = andersonDarling(x, y);
        const b = andersonDarling(y, x);
        expect(Math.abs(a.statistic - b.statistic)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(a.statistic)),
        );
        expect(Math.abs((a.pValue as number) - (b.pValue as number))).toBeLessThanOrEqual(1e-12);
        expect(Number.isFinite(a.statistic)).toBe(true);
        const p = a.pValue as number;
        expect(p === 1 || (p >= 0.001 && p <= 0.25)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
