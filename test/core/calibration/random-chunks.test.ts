import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkStatistics } from '../../../lambdas/core/calibration/calibrate-feature.ts';
import {
  type ChunkStrategy,
  REST_FLOOR,
  restSizeOf,
} from '../../../lambdas/core/calibration/chunk-strategy.ts';
import { randomChunks } from '../../../lambdas/core/calibration/random-chunks.ts';
import { DEFAULT_POLICY, makePolicy } from '../../../lambdas/core/policy.ts';
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

describe('randomChunks: the rest bounded at 20 times the chunk', () => {
  function normals(n: number, seed: number): Float64Array {
    const random = new SeededRandom(seed);
    return Float64Array.from({ length: n }, () => {
      const u = 1 - random.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }).sort();
  }

  it('compares a chunk with a sample of the rest of restSizeOf values, disjoint from it', () => {
    const values = normals(50_000, 3);
    const draw = randomChunks.draw(numericBaseline([...values]), 'numeric', 100, 3, new SeededRandom(8))!;
    expect(restSizeOf(100, 50_000 - 100)).toBe(REST_FLOOR);
    const all = new Set(values);
    for (const { chunk, rest } of draw.pairs) {
      expect(rest.numbers.size).toBe(REST_FLOOR);
      const chunkValues = new Set(chunk.numbers.values);
      for (const value of rest.numbers.values) {
        expect(all.has(value)).toBe(true);
        expect(chunkValues.has(value)).toBe(false);
      }
    }
  });

  it('keeps the spread of the chunk statistic of a comparison with the whole rest', () => {
    // KS D between 500 values and 20,000 against 500 and the other 99,500: the spreads differ by
    // √((1/500 + 1/20000) / (1/500 + 1/99500)) − 1 ≈ 2% in theory; 200 chunks each estimate their
    // standard deviation to about 5%, so the ratio is asked within [0.85, 1.2] (a rest of only 500
    // would give 1.41).
    const values = normals(100_000, 5);
    const baseline = numericBaseline([...values]);
    const policy = makePolicy({ calibration: { ...DEFAULT_POLICY.calibration, chunks: 200 } });
    const bounded = chunkStatistics(baseline, 'numeric', 'ks', 500, policy).statistics;
    const wholeRest: ChunkStrategy = {
      name: 'random',
      draw(reference, kind, size, count, random) {
        const n = values.length;
        function* pairs() {
          for (let i = 0; i < count; i++) {
            const marks = new Uint8Array(n);
            for (let k = 0; k < size; ) {
              const p = random.nextInt(n);
              if (marks[p] === 0) {
                marks[p] = 1;
                k++;
              }
            }
            const chunk = values.filter((_, p) => marks[p] === 1);
            const rest = values.filter((_, p) => marks[p] === 0);
            yield {
              chunk: numericColumnOf(reference, kind, chunk, false),
              rest: numericColumnOf(reference, kind, rest, false),
            };
          }
        }
        return { pairs: pairs(), withReplacement: false };
      },
    };
    const whole = chunkStatistics(baseline, 'numeric', 'ks', 500, policy, wholeRest).statistics;
    const std = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    };
    const ratio = std(bounded) / std(whole);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(bounded) / mean(whole)).toBeGreaterThan(0.95);
    expect(mean(bounded) / mean(whole)).toBeLessThan(1.08);
  });
});
