import { describe, expect, it } from 'vitest';
import { tvd } from '../../../lambdas/core/methods/tvd.ts';
import { f64 } from '../../golden/counts-golden.ts';

// The golden values, range, symmetry and p-value of every count distance: count-distances.test.ts.
describe('total variation distance', () => {
  it('is 1 for disjoint supports', () => {
    expect(tvd(f64([4, 0, 0]), f64([0, 2, 7])).statistic).toBe(1);
  });
});
