import { describe, expect, it } from 'vitest';
import { jensenShannon } from '../../../lambdas/core/methods/jensen-shannon.ts';
import { f64 } from '../../golden/counts-golden.ts';

// The golden values, range, symmetry and p-value of every count distance: count-distances.test.ts.
describe('Jensen-Shannon distance', () => {
  it('reaches sqrt(ln 2) for disjoint supports', () => {
    expect(jensenShannon(f64([10, 0]), f64([0, 3])).statistic).toBe(Math.sqrt(Math.LN2));
  });
});
