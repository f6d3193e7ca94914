import fc from 'fast-check';
import { describe, it } from 'vitest';
import { lInfinity } from '../../../lambdas/core/methods/l-infinity.ts';
import { tvd } from '../../../lambdas/core/methods/tvd.ts';
import { countsPair } from '../../golden/counts-golden.ts';

// The golden values, range, symmetry and p-value of every count distance: count-distances.test.ts.
describe('L-infinity distance', () => {
  it('never exceeds the total variation distance', () => {
    fc.assert(
      fc.property(
        countsPair,
        ({ reference, current }) =>
          lInfinity(reference, current).statistic <= tvd(reference, current).statistic + 1e-15,
      ),
    );
  });
});
