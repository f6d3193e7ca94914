import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ks } from '../../../lambdas/core/methods/ks.ts';
import { searchsortedRight } from '../../support/searchsorted.ts';

/**
 * Expected values: test/golden/order_a.json, made by test/golden/gen_order_a.py with scipy 1.10.1
 * (`scipy.stats.ks_2samp(x, y, alternative='two-sided', method='auto')`).
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
  ks: Expected;
}
const golden = JSON.parse(readFileSync(new URL('../../golden/order_a.json', import.meta.url), 'utf8')) as {
  scipy: string;
  cases: GoldenCase[];
};

function expectStatistic(got: number, want: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(want), 1e-15));
}
function expectPValue(got: number | null, want: number): void {
  expect(got).not.toBeNull();
  const err = Math.abs((got as number) - want);
  expect(err <= 1e-9 || err <= 1e-9 * Math.abs(want), `p = ${got}, scipy ${want}`).toBe(true);
}

const sortedSample = fc
  .array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 60 })
  .map((xs) => Float64Array.from(xs.map((x) => x / 4)).sort());

// scipy 1.10 ks_2samp, transcribed literally: float CDF differences at every pooled value.
const scipyD = (x: Float64Array, y: Float64Array) => {
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (const v of [...x, ...y]) {
    const diff = searchsortedRight(x, v) / x.length - searchsortedRight(y, v) / y.length;
    max = Math.max(max, diff);
    min = Math.min(min, diff);
  }
  return Math.max(Math.min(Math.max(-min, 0), 1), max);
};

describe('ks (two-sample Kolmogorov–Smirnov)', () => {
  it('was checked against scipy 1.10.1', () => {
    expect(golden.scipy).toBe('1.10.1');
  });

  for (const c of golden.cases) {
    it(`matches scipy ks_2samp on ${c.name}`, () => {
      const result = ks(Float64Array.from(c.reference), Float64Array.from(c.current));
      expectStatistic(result.statistic, c.ks.statistic as number);
      expectPValue(result.pValue, c.ks.pValue as number);
    });
  }

  it('returns D = 0 and p = 1 for two identical constant samples', () => {
    expect(ks(new Float64Array(7).fill(2), new Float64Array(3).fill(2))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('is symmetric in swapping the samples, with D and p in [0, 1]', () => {
    fc.assert(
      fc.property(sortedSample, sortedSample, (x, y) => {
        const a = ks(x, y);
        const b = ks(y, x);
        expect(a.statistic).toBe(b.statistic);
        expect(a.pValue).toBe(b.pValue);
        expect(a.statistic).toBeGreaterThanOrEqual(0);
        expect(a.statistic).toBeLessThanOrEqual(1);
        expect(a.pValue).toBeGreaterThanOrEqual(0);
        expect(a.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("gives scipy's D bit for bit on large tied samples, where no lattice rounding hides it", () => {
    const tiedSample = (n: number) =>
      fc
        .array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n + 3000 })
        .map((xs) => Float64Array.from(xs).sort());
    fc.assert(
      fc.property(tiedSample(10_001), tiedSample(10_500), (x, y) => {
        expect(ks(x, y).statistic).toBe(scipyD(x, y));
      }),
      { numRuns: 15 },
    );
  });

  it("gives scipy's D bit for bit on large continuous samples, shifted or not, of unequal sizes", () => {
    // Over 10,000 values per side (scipy's asymptotic branch, so no lattice rounding of D): the
    // walk probes blocks of 128 and skips most of them.
    const sample = fc
      .record({
        n: fc.integer({ min: 10_001, max: 16_000 }),
        shift: fc.oneof(fc.constant(0), fc.double({ min: -0.3, max: 0.3, noNaN: true })),
        seed: fc.integer(),
        digits: fc.constantFrom(2, 4, 12),
      })
      .map(({ n, shift, seed, digits }) => {
        let state = seed >>> 0 || 1;
        const uniform = () => {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          return (state >>> 0) / 2 ** 32;
        };
        const values = Float64Array.from({ length: n }, () => {
          const x = uniform() + uniform() + uniform() - 1.5 + shift;
          return Number(x.toFixed(digits));
        });
        return values.sort();
      });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        expect(ks(x, y).statistic).toBe(scipyD(x, y));
      }),
      { numRuns: 40 },
    );
  });

  it('handles a million values per sample in well under a second', () => {
    const n = 1_000_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = i / n;
      y[i] = (i + 0.5) / n + 0.001;
    }
    const t0 = performance.now();
    const result = ks(x, y);
    const elapsed = performance.now() - t0;
    expect(result.statistic).toBeCloseTo(0.001, 5);
    expect(elapsed).toBeLessThan(1000);
  });
});
