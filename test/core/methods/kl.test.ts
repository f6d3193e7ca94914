import { describe, expect, it } from 'vitest';
import { kl } from '../../../lambdas/core/methods/kl.ts';
import { f64 } from '../../golden/counts-golden.ts';

// The golden values, range and p-value of every count distance: count-distances.test.ts.
describe('KL divergence', () => {
  it('stays finite when a category is unseen on one side', () => {
    expect(Number.isFinite(kl(f64([50, 30, 0]), f64([40, 30, 10])).statistic)).toBe(true);
  });

  it('is not symmetric', () => {
    const a = f64([10, 80, 10]);
    const b = f64([30, 40, 30]);
    expect(kl(a, b).statistic).not.toBeCloseTo(kl(b, a).statistic, 6);
  });
});
