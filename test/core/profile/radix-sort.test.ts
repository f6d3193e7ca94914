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

  it('finishes values that share their high 32 bits, in short, middle and long runs, either sign', () => {
    // 1 + k·2^-45 and its negative share sign, exponent and top mantissa bits for k < 2^25: these
    // runs are ordered by the low word alone, through insertion sort (≤ 24), the built-in sort
    // (≤ 4096) and the full radix sort (longer).
    for (const runLength of [3, 24, 25, 900, 4096, 4097, 20_000]) {
      const values = new Float64Array(runLength * 2 + 600);
      let k = 0;
      for (let i = 0; i < runLength; i++, k++) {
        const step = ((i * 2654435761) % 33_554_432) * 2 ** -45;
        values[k] = 1 + step;
        values[++k] = -(1 + step);
      }
      for (; k < values.length; k++) values[k] = (k % 37) - 18;
      const expected = values.slice().sort();
      radixSortInPlace(values);
      expect(bits(values), `run of ${runLength}`).toEqual(bits(expected));
    }
  });

  it('sorts clustered measurements (six decimals, many ties in the high word) like the built-in sort', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -3_000_000, max: 3_000_000 }), { minLength: 600, maxLength: 5000 }),
        (list) => {
          const values = Float64Array.from(list, (x) => 5 + x / 1e6);
          expect(bits(sortedCopy(values))).toEqual(bits(values.slice().sort()));
        },
      ),
      { numRuns: 40 },
    );
  });
});
