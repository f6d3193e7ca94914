import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf, normalSf } from '../../../lambdas/core/special/normal.ts';
import { orderB } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json `normal` from test/golden/gen_order_b.py
// (scipy.stats.norm.sf / .cdf; versions recorded in the file). Tolerance: 1e-12 relative, or 1e-300
// absolute where scipy underflows to 0. Far out (|x| ≈ 37) both scipy and stdlib's erfc carry ~1e-13
// relative error, since the rounding of x/√2 is amplified by x².

function expectClose(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-12 * Math.abs(expected), 1e-300),
  );
}

describe('normalSf / normalCdf', () => {
  it('match scipy norm.sf and norm.cdf over a grid reaching 1e-300 tails', () => {
    expect(orderB.normal.some((point) => point.sf > 0 && point.sf < 1e-299)).toBe(true);
    for (const { x, sf, cdf } of orderB.normal) {
      expectClose(normalSf(x), sf, `sf(${x})`);
      expectClose(normalCdf(x), cdf, `cdf(${x})`);
    }
  });

  it('are mirror images: sf(x) = cdf(-x) exactly', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (x) => {
        expect(normalSf(x)).toBe(normalCdf(-x));
      }),
    );
  });

  it('add up to 1 and decrease monotonically', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (x, step) => {
          expect(Math.abs(normalSf(x) + normalCdf(x) - 1)).toBeLessThanOrEqual(2e-16);
          expect(normalSf(x + step)).toBeLessThanOrEqual(normalSf(x));
        },
      ),
    );
  });

  it('reach 0 and 1 at the infinities', () => {
    expect(normalSf(Number.POSITIVE_INFINITY)).toBe(0);
    expect(normalSf(Number.NEGATIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});
