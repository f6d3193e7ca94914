import { describe, expect, it } from 'vitest';
import { psi } from '../../../lambdas/core/methods/psi.ts';
import { f64 } from '../../golden/counts-golden.ts';

// The golden values, range and p-value of every count distance: count-distances.test.ts.
describe('PSI', () => {
  it('stays finite when a category is unseen on one side', () => {
    const { statistic } = psi(f64([50, 30, 0]), f64([40, 30, 10]));
    expect(Number.isFinite(statistic)).toBe(true);
    expect(statistic).toBeGreaterThan(0.1);
  });
});
