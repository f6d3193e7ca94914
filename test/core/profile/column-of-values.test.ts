import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericColumnOf } from '../../../lambdas/core/profile/column-of-values.ts';
import { emptyColumnProfile } from '../../../lambdas/core/profile/column-profile.ts';

describe('numericColumnOf', () => {
  it('counts each distinct value of sorted numbers, -0 and 0 as one', () => {
    const stand = emptyColumnProfile('x', 'double', null);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(-2, -0, 0, 1, 1.5, 7)), (values) => {
        const sorted = Float64Array.from(values).sort();
        const expected = new Map<number, number>();
        for (const value of sorted) expected.set(value, (expected.get(value) ?? 0) + 1);
        const column = numericColumnOf(stand, 'numeric', sorted, true);
        expect(column.numbers.distinct).toEqual(expected);
        expect(column.numbers.count).toBe(values.length);
      }),
    );
  });
});
