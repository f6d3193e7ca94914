import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lambdas/core/errors.ts';
import { z, zEvidently } from '../../../lambdas/core/methods/z.ts';
import {
  countsGolden,
  expectPValueClose,
  expectRelativeClose,
  f64,
  STATISTIC_RTOL,
} from '../../golden/counts-golden.ts';

// Expected values: Evidently's proportions_diff_z_stat_ind with scipy.stats.norm in
// test/golden/counts.json (test/golden/gen_counts.py). Statistic 1e-9 relative; p-values 1e-9
// absolute or relative, whichever is looser.
const cases = [...countsGolden.twoCategory, ...countsGolden.twoCategoryGrid];

describe('z (two-proportion test)', () => {
  it('matches the Evidently statistic and 2 * norm.sf(|z|) on every golden table', () => {
    for (const c of cases) {
      const label = `${c.name} ${c.reference} | ${c.current}`;
      const result = z(f64(c.reference), f64(c.current));
      expectRelativeClose(result.statistic, c.z.statistic, STATISTIC_RTOL, label);
      expectPValueClose(result.pValue!, c.z.pValue, label);
      const evidently = zEvidently(f64(c.reference), f64(c.current));
      expectRelativeClose(evidently.statistic, c.z.statistic, STATISTIC_RTOL, label);
      expectPValueClose(evidently.pValue!, c.z.pValueEvidently, label);
    }
  });

  it('keeps tail precision that the Evidently formula rounds to zero', () => {
    const far = countsGolden.twoCategory.find((c) => c.name === 'large shift (far tail)')!;
    const { pValue } = z(f64(far.reference), f64(far.current));
    expect(far.z.pValueEvidently).toBe(0);
    expect(pValue!).toBeGreaterThan(0);
    expect(Math.abs(pValue! - far.z.pValue) / far.z.pValue).toBeLessThan(1e-9);
  });

  it('gives statistic 0 and p-value 1 when both sides hold the same single value', () => {
    expect(z(f64([10, 0]), f64([7, 0]))).toEqual({ statistic: 0, pValue: 1 });
    expect(zEvidently(f64([0, 10]), f64([0, 7]))).toEqual({ statistic: 0, pValue: 1 });
    expect(z(f64([4]), f64([9]))).toEqual({ statistic: 0, pValue: 1 });
  });

  it('measures the first category, reference minus current', () => {
    expect(z(f64([80, 20]), f64([50, 50])).statistic).toBeGreaterThan(0);
    expect(z(f64([20, 80]), f64([50, 50])).statistic).toBeLessThan(0);
  });

  it('flips sign when the categories swap and keeps the p-value (up to rounding of 1 - p)', () => {
    const pair = fc.tuple(fc.nat(500), fc.nat(500), fc.nat(500), fc.nat(500));
    fc.assert(
      fc.property(pair, ([a, b, c, d]) => {
        fc.pre(a + b > 0 && c + d > 0);
        const forward = z(f64([a, b]), f64([c, d]));
        const swapped = z(f64([b, a]), f64([d, c]));
        return (
          Math.abs(forward.statistic + swapped.statistic) <=
            1e-12 * Math.max(1, Math.abs(forward.statistic)) &&
          Math.abs(forward.pValue! - swapped.pValue!) <= 1e-12
        );
      }),
    );
  });

  it('refuses more than two categories', () => {
    expect(() => z(f64([1, 2, 3]), f64([3, 2, 1]))).toThrow(UsageError);
  });
});
