import { describe, expect, it } from 'vitest';
import { adjustPValues } from '../../lambdas/core/multiple-testing.ts';

describe('adjustPValues', () => {
  // Expected values as R's p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH"/"bonferroni") gives them.
  it('applies Benjamini–Hochberg step-up in the input order', () => {
    const adjusted = adjustPValues([0.01, 0.04, 0.03, 0.005], 'benjamini_hochberg');
    for (const [i, p] of [0.02, 0.04, 0.04, 0.02].entries()) expect(adjusted[i]).toBeCloseTo(p, 15);
  });

  it('applies Bonferroni capped at 1', () => {
    expect(adjustPValues([0.01, 0.04, 0.3, 0.005], 'bonferroni')).toEqual([0.04, 0.16, 1, 0.02]);
  });

  it('leaves p-values alone without a correction', () => {
    expect(adjustPValues([0.2, 0.01], 'none')).toEqual([0.2, 0.01]);
  });
});
