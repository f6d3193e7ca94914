import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixSortInPlace, sortedCopy } from '../../../lambdas/core/profile/radix-sort.ts';

/** Bit patterns, so -0 vs +0 and every ulp are compared, not just numeric equality. */
function bits(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length * 2).slice();
}

describe('radix sort of doubles', () => {
  it('orders any finite doubles exactly as Float64Array.prototype.sort, bit for bit', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 600, maxLength: 3000 }), (list) => {
        const values = Float64Array.from(list);
        expect(bits(sortedCopy(values))).toEqual(bits(values.slice().sort()));
      }),
      { numRuns: 60 },
    );
  });

  it('puts -0 before +0 and keeps infinities at the ends, like the built-in sort', () => {
    const values = new Float64Array(2000);
    for (let i = 0; i < values.length; i++) values[i] = ((i * 7919) % 2000) - 1000 + (i % 3) / 4;
    values[10] = -0;
    values[11] = 0;
    values[12] = Number.POSITIVE_INFINITY;
    values[13] = Number.NEGATIVE_INFINITY;
    values[14] = Number.MIN_VALUE;
    values[15] = -Number.MIN_VALUE;
    const expected = values.slice().sort();
    radixSortInPlace(values);
    expect(bits(values)).toEqual(bits(expected));
  });

  it('leaves its input untouched when copying', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i);
    const before = values.slice();
    sortedCopy(values);
    expect(values).toEqual(before);
  });

  it('sorts columns of many repeated values (trivial digit passes skipped)', () => {
    const values = Float64Array.from({ length: 5000 }, (_, i) => i % 4);
    expect(sortedCopy(values)).toEqual(values.slice().sort());
  });
});
