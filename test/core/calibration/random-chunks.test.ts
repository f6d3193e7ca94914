import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomChunks } from '../../../lambdas/core/calibration/random-chunks.ts';
import { categoryColumnOf, numericColumnOf } from '../../../lambdas/core/profile/column-of-values.ts';
import { emptyColumnProfile } from '../../../lambdas/core/profile/column-profile.ts';
import { SeededRandom } from '../../../lambdas/core/random.ts';

const stand = emptyColumnProfile('x', 'double', null);

function numericBaseline(values: readonly number[]) {
  return numericColumnOf(stand, 'numeric', Float64Array.from(values).sort(), false);
}

function sortedList(values: ArrayLike<number>): number[] {
  return Array.from(values).sort((a, b) => a - b);
}

describe('randomChunks', () => {
  it('splits kept numbers into a chunk of the asked size and the rest, every value once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 4, maxLength: 300 }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer(),
        (values, share, seed) => {
          const size = Math.max(1, Math.floor(values.length * share));
          const draw = randomChunks.draw(
            numericBaseline(values),
            'numeric',
            size,
            3,
            new SeededRandom(seed),
          )!;
          expect(draw.withReplacement).toBe(false);
          for (const { chunk, rest } of draw.pairs) {
            expect(chunk.numbers.size).toBe(size);
            expect(sortedList([...chunk.numbers.values, ...rest.numbers.values])).toEqual(sortedList(values));
            // Sorted as the order-based methods need them.
            expect(Array.from(chunk.numbers.values)).toEqual(sortedList(chunk.numbers.values));
          }
        },
      ),
    );
  });

  it('draws with replacement from one half when the baseline is under twice the chunk, still disjoint from the rest', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 4, maxLength: 200 }),
        fc.integer(),
        (values, seed) => {
          const size = values.length; // as large as the whole baseline
          const draw = randomChunks.draw(
            numericBaseline(values),
            'numeric',
            size,
            3,
            new SeededRandom(seed),
          )!;
          expect(draw.withReplacement).toBe(true);
          for (const { chunk, rest } of draw.pairs) {
            expect(chunk.numbers.size).toBe(size);
            expect(rest.numbers.size).toBe(values.length - (values.length >> 1));
            const restValues = new Set(rest.numbers.values);
            for (const value of chunk.numbers.values) {
              expect(restValues.has(value)).toBe(false);
              expect(values).toContain(value);
            }
          }
        },
      ),
    );
  });

  it('splits category counts (the pooled overflow too) so chunk and rest add up to the baseline', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer(),
        (counts, other, seed) => {
          const total = counts.reduce((a, b) => a + b, other);
          fc.pre(total >= 4);
          const labels = counts.map((_, i) => `v${i}`);
          const baseline = categoryColumnOf(stand, 'categorical', labels, Float64Array.of(...counts, other));
          const size = Math.max(1, total >> 2);
          const draw = randomChunks.draw(baseline, 'categorical', size, 3, new SeededRandom(seed))!;
          for (const { chunk, rest } of draw.pairs) {
            expect(chunk.rows).toBe(size);
            labels.forEach((label, i) => {
              expect(
                (chunk.categories.counts.get(label) ?? 0) + (rest.categories.counts.get(label) ?? 0),
              ).toBe(counts[i]);
            });
            expect(chunk.categories.other + rest.categories.other).toBe(other);
          }
        },
      ),
    );
  });

  it('has nothing to draw from a baseline of fewer than four values', () => {
    expect(randomChunks.draw(numericBaseline([1, 2, 3]), 'numeric', 1, 10, new SeededRandom(1))).toBeNull();
  });
});
