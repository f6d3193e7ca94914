import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { studentTSf } from '../../../lambdas/core/special/student-t.ts';

/** P(T <= t), by the symmetry of Student's t. */
const studentTCdf = (t: number, df: number): number => studentTSf(-t, df);

import { orderB } from '../../golden/order-b-golden.ts';

// Expected values: test/golden/order_b.json `student_t` from test/golden/gen_order_b.py
// (scipy.stats.t.sf / .cdf, i.e. cdflib stdtr; versions recorded in the file), df from 0.3 to 1e7 and
// |t| from 1e-12 to 1e150. Tolerance: 1e-12 relative, or 1e-300 absolute near underflow. (Measured:
// within 1e-13 of scipy; scipy itself is within ~2e-13 of 50-digit mpmath on this grid.)

function expectClose(actual: number, expected: number, label: string): void {
  expect(Math.abs(actual - expected), `${label}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(
    Math.max(1e-12 * Math.abs(expected), 1e-300),
  );
}

describe('studentTSf / studentTCdf', () => {
  it('match scipy t.sf and t.cdf over a grid of df and t, tails down to 1e-300', () => {
    expect(orderB.student_t.some((point) => point.sf > 0 && point.sf < 1e-290)).toBe(true);
    for (const { df, t, sf, cdf } of orderB.student_t) {
      expectClose(studentTSf(t, df), sf, `sf(${t}; df ${df})`);
      expectClose(studentTCdf(t, df), cdf, `cdf(${t}; df ${df})`);
    }
  });

  it('are symmetric about 0 and add up to 1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.double({ min: 0.1, max: 1e6, noNaN: true }),
        (t, df) => {
          expect(studentTSf(t, df)).toBe(studentTCdf(-t, df));
          expect(Math.abs(studentTSf(t, df) + studentTCdf(t, df) - 1)).toBeLessThanOrEqual(4e-16);
        },
      ),
    );
  });

  it('stay in [0, 1] and decrease in t', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0.1, max: 1e7, noNaN: true }),
        (t, step, df) => {
          const sf = studentTSf(t, df);
          expect(sf).toBeGreaterThanOrEqual(0);
          expect(sf).toBeLessThanOrEqual(1);
          expect(studentTSf(t + step, df)).toBeLessThanOrEqual(sf + 1e-16);
        },
      ),
    );
  });

  it.each([
    [0, 0.5],
    [Number.POSITIVE_INFINITY, 0],
    [Number.NEGATIVE_INFINITY, 1],
  ])('gives sf(%s) = %s exactly', (t, sf) => {
    expect(studentTSf(t, 3)).toBe(sf);
  });

  it('gives NaN for a meaningless df', () => {
    expect(studentTSf(1, 0)).toBeNaN();
  });

  it('gives NaN for a NaN t', () => {
    expect(studentTSf(Number.NaN, 3)).toBeNaN();
  });
});
