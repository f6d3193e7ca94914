import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kolmogorovSmirnovTwoSidedSf } from '../../../lambdas/core/special/kolmogorov.ts';

/**
 * Expected values: `kstwoSf` in test/golden/order_a.json, `scipy.stats.kstwo.sf(x, n)` from
 * scipy 1.10.1 via test/golden/gen_order_a.py, covering every branch of scipy's _kolmogn.
 * Tolerance: 1e-9 absolute or relative, whichever is looser (as for p-values).
 */
const golden = JSON.parse(readFileSync(new URL('../../golden/order_a.json', import.meta.url), 'utf8')) as {
  kstwoSf: { n: number; x: number; sf: number }[];
};

describe('kolmogorovSmirnovTwoSidedSf (kstwo.sf)', () => {
  const byN = new Map<number, { n: number; x: number; sf: number }[]>();
  for (const c of golden.kstwoSf) byN.set(c.n, [...(byN.get(c.n) ?? []), c]);
  for (const [n, cases] of byN) {
    it(`matches scipy kstwo.sf for n = ${n} at ${cases.length} points`, () => {
      for (const c of cases) {
        const got = kolmogorovSmirnovTwoSidedSf(c.x, c.n);
        const err = Math.abs(got - c.sf);
        expect(err <= 1e-9 || err <= 1e-9 * Math.abs(c.sf), `x = ${c.x}: ${got} vs ${c.sf}`).toBe(true);
      }
    });
  }

  it('is 1 at and below 1/(2n) and 0 at and above 1', () => {
    expect(kolmogorovSmirnovTwoSidedSf(0, 10)).toBe(1);
    expect(kolmogorovSmirnovTwoSidedSf(0.05, 10)).toBe(1);
    expect(kolmogorovSmirnovTwoSidedSf(1, 10)).toBe(0);
  });

  it('is NaN for a non-integer or non-positive n', () => {
    expect(kolmogorovSmirnovTwoSidedSf(0.3, 2.5)).toBeNaN();
    expect(kolmogorovSmirnovTwoSidedSf(0.3, 0)).toBeNaN();
  });
});
