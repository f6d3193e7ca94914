import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cdfCvmInf,
  cramerVonMises,
  cramerVonMisesMidranks,
} from '../../../lambdas/core/methods/cramer-von-mises.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

/**
 * Expected values: test/golden/order_a.json, made by test/golden/gen_order_a.py with scipy 1.10.1
 * (`scipy.stats.cramervonmises_2samp(x, y, method='auto')`; where scipy refuses a sample of size 1,
 * `cramerVonMisesUnchecked` is scipy's same code path without that check).
 * Tolerance: statistic 1e-9 relative (1e-15 absolute when scipy's value is 0);
 * p-value 1e-9 absolute or relative, whichever is looser.
 * `cramerVonMisesMidranks` is scipy's code (midranks in the rank form) and matches every case;
 * `cramerVonMises` takes T from the ECDFs, which is scipy's T on samples without ties; on samples
 * with ties it is checked against the definition, computed naively below.
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
function hasTies(c: GoldenCase): boolean {
  const all = [...c.reference, ...c.current];
  return new Set(all).size < all.length;
}
function isSingleConstant(c: GoldenCase): boolean {
  const all = [...c.reference, ...c.current];
  return all.every((v) => v === all[0]);
}

const sortedSample = fc
  .array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 40 })
  .map((xs) => Float64Array.from(xs.map((x) => x / 4)).sort());

/** T = nm/N² Σ over the N pooled values of (F_n − G_m)² (Anderson 1962, eq. 9), by counting. */
function definitionT(reference: number[], current: number[]): number {
  const n = reference.length;
  const m = current.length;
  const N = n + m;
  let sum = 0;
  for (const z of [...reference, ...current]) {
    const f = reference.filter((x) => x <= z).length / n;
    const g = current.filter((y) => y <= z).length / m;
    sum += (f - g) ** 2;
  }
  return ((n * m) / (N * N)) * sum;
}

describe('cramerVonMisesMidranks (scipy and Evidently: midranks in the rank form)', () => {
  for (const c of golden.cases.filter((g) => !isSingleConstant(g))) {
    const expected = c.cramerVonMisesUnchecked ?? c.cramerVonMises;
    it(`matches scipy cramervonmises_2samp on ${c.name}`, () => {
      const result = cramerVonMisesMidranks(Float64Array.from(c.reference), Float64Array.from(c.current));
      expectStatistic(result.statistic, expected.statistic as number);
      expectPValue(result.pValue, expected.pValue as number);
    });
  }

  it('returns statistic 0 and p = 1 when every value in both samples is the same constant', () => {
    // scipy's midranks give T = 0.153, p = 0.39 for 30 vs 25 copies (see the golden file); we define 0 and 1.
    for (const c of golden.cases.filter(isSingleConstant)) {
      expect(cramerVonMisesMidranks(Float64Array.from(c.reference), Float64Array.from(c.current))).toEqual({
        statistic: 0,
        pValue: 1,
      });
    }
  });
});

describe('cramerVonMises (two-sample Cramér–von Mises)', () => {
  for (const c of golden.cases.filter((g) => !hasTies(g))) {
    const expected = c.cramerVonMisesUnchecked ?? c.cramerVonMises;
    it(`matches scipy cramervonmises_2samp on ${c.name}`, () => {
      const result = cramerVonMises(Float64Array.from(c.reference), Float64Array.from(c.current));
      expectStatistic(result.statistic, expected.statistic as number);
      expectPValue(result.pValue, expected.pValue as number);
    });
  }

  for (const c of golden.cases.filter((g) => hasTies(g) && g.reference.length + g.current.length <= 5000)) {
    it(`takes T from the ECDFs on ${c.name}, which has ties`, () => {
      const result = cramerVonMises(
        Float64Array.from(c.reference).sort(),
        Float64Array.from(c.current).sort(),
      );
      expectStatistic(result.statistic, definitionT(c.reference, c.current));
    });
  }

  it('gives identical samples with ties statistic 0 and p = 1', () => {
    // scipy's midranks: T ≈ 49.9, p ≈ 0 for these 300 values against themselves (golden file).
    const c = golden.cases.find((g) => g.name === 'identical samples with ties, 300 values')!;
    const result = cramerVonMises(Float64Array.from(c.reference).sort(), Float64Array.from(c.current).sort());
    expect(result.statistic).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it('flags about its level of random splits of integer-valued data, not nearly all of them', () => {
    // 200 seeded no-drift splits, 300 against 3,000 draws of 0..30 (heavy ties, as delays in minutes).
    // scipy's midrank form flags all 200; the level is 5%, and 200 splits leave a binomial
    // standard error of 1.5 points: 10% is over three of them above it.
    const random = new SeededRandom(7);
    let flagged = 0;
    for (let split = 0; split < 200; split++) {
      const draw = (n: number) =>
        Float64Array.from(
          { length: n },
          () => Math.floor(-8 * Math.log(1 - random.nextDouble())) % 31,
        ).sort();
      if ((cramerVonMises(draw(3000), draw(300)).pValue as number) < 0.05) flagged++;
    }
    expect(flagged / 200).toBeLessThanOrEqual(0.1);
  });

  it('returns statistic 0 and p = 1 when every value in both samples is the same constant', () => {
    for (const c of golden.cases.filter(isSingleConstant)) {
      expect(cramerVonMises(Float64Array.from(c.reference), Float64Array.from(c.current))).toEqual({
        statistic: 0,
        pValue: 1,
      });
    }
  });

  it('computes the limiting CDF as scipy _cdf_cvm_inf to 1e-12 relative', () => {
    for (const c of golden.cdfCvmInf) {
      expect(Math.abs(cdfCvmInf(c.x) - c.cdf), `x = ${c.x}`).toBeLessThanOrEqual(1e-12 * c.cdf);
    }
  });

  it('applies scipy formulas to a sample of size 1, which scipy refuses', () => {
    const c = golden.cases.find((g) => g.cramerVonMisesUnchecked && !isSingleConstant(g));
    expect(c?.cramerVonMises.error).toMatch(/at least two observations/);
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
