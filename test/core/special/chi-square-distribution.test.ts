import { describe, expect, it } from 'vitest';
import { chiSquareSf } from '../../../lambdas/core/special/chi-square-distribution.ts';
import { countsGolden, expectPValueClose } from '../../golden/counts-golden.ts';

// Expected values: scipy.stats.chi2.sf in test/golden/counts.json (test/golden/gen_counts.py).
describe('chiSquareSf', () => {
  it('matches scipy.stats.chi2.sf on the grid to 1e-9 absolute or relative, whichever is looser', () => {
    for (const { x, dof, sf } of countsGolden.chiSquareSf)
      expectPValueClose(chiSquareSf(x, dof), sf, `sf(${x}, ${dof})`);
  });

  it('keeps 1e-9 relative precision far into the tail (down to 1e-300)', () => {
    let checked = 0;
    for (const { x, dof, sf } of countsGolden.chiSquareSf) {
      if (sf < 1e-300 || sf > 0.5) continue;
      const actual = chiSquareSf(x, dof);
      expect(Math.abs(actual - sf) / sf, `sf(${x}, ${dof}) = ${actual}, scipy ${sf}`).toBeLessThan(1e-9);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('is 1 at and below zero and 0 at infinity', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-2, 1)).toBe(1);
    expect(chiSquareSf(Number.POSITIVE_INFINITY, 7)).toBe(0);
  });

  it('rejects degrees of freedom that are not positive', () => {
    expect(() => chiSquareSf(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSf(1, Number.NaN)).toThrow(RangeError);
  });
});
