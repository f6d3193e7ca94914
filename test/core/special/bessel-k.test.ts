import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { besselK } from '../../../lambdas/core/special/bessel-k.ts';

/**
 * Expected values: `kv` in test/golden/order_a.json, `scipy.special.kv(nu, z)` from scipy 1.10.1
 * via test/golden/gen_order_a.py. Tolerance: 1e-12 relative.
 */
const golden = JSON.parse(readFileSync(new URL('../../golden/order_a.json', import.meta.url), 'utf8')) as {
  kv: { nu: number; z: number; kv: number }[];
};

describe('besselK (modified Bessel function of the second kind)', () => {
  for (const c of golden.kv) {
    it(`matches scipy kv(${c.nu}, ${c.z}) to 1e-12 relative`, () => {
      const got = besselK(c.nu, c.z);
      expect(Math.abs(got - c.kv)).toBeLessThanOrEqual(1e-12 * Math.abs(c.kv));
    });
  }

  it('is infinite at z = 0 and NaN for negative z', () => {
    expect(besselK(0.25, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(besselK(0.25, -1)).toBeNaN();
  });
});
