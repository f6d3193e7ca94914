import { MAX_DISTINCT_COUNTED_BY_VALUE } from '../feature-inputs.ts';
import type { FeatureKind } from '../kinds.ts';
import { categoryColumnOf, numericColumnOf } from '../profile/column-of-values.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import { type NumericSummary, sortedValues } from '../profile/numeric-summary.ts';
import type { SeededRandom } from '../random.ts';
import { categoryDraws } from './category-draws.ts';
import {
  type ChunkDraw,
  type ChunkPair,
  type ChunkStrategy,
  MIN_SIDE,
  restSizeOf,
} from './chunk-strategy.ts';
import { PositionDraws } from './position-draws.ts';

/**
 * Seeded random chunks of what the baseline profile keeps: its kept numbers (every value, or the
 * profile's uniform sample of them) or its category counts. A chunk of `size` values is drawn
 * without replacement and compared with the rest (for numbers, a uniform sample of the rest of
 * `restSizeOf` values: see there why the spread holds); when the baseline holds fewer than twice
 * `size`, it is split at random into two halves, the chunk drawn with replacement from one and
 * compared with the other (disjoint still, at the cost of a wider spread: the conservative side).
 * Each chunk costs O(size + rest) plus a scan of a bit per baseline value, not a pass over the
 * baseline's values: positions come from `PositionDraws` and every buffer is reused from chunk to
 * chunk.
 */
export const randomChunks: ChunkStrategy = {
  name: 'random',
  draw(reference, kind, size, count, random) {
    const numeric = kind === 'numeric' || kind === 'datetime';
    if (numeric) {
      const summary = kind === 'datetime' ? reference.datetimes : reference.numbers;
      return drawNumbers(reference, kind, summary, size, count, random);
    }
    return drawCategories(reference, kind, size, count, random);
  },
};

function drawNumbers(
  reference: ColumnProfile,
  kind: FeatureKind,
  summary: NumericSummary,
  size: number,
  count: number,
  random: SeededRandom,
): ChunkDraw | null {
  const values = sortedValues(summary);
  const n = values.length;
  if (n < 2 * MIN_SIDE) return null;
  // The value counts matter only where the methods count by value (few distinct values); building
  // them for every chunk of a many-valued column would cost more than the methods.
  const countDistinct = summary.distinct !== null && summary.distinct.size <= MAX_DISTINCT_COUNTED_BY_VALUE;
  const withReplacement = size > n - size;
  const positions = new PositionDraws(n);
  const pair = (chunk: Float64Array, rest: Float64Array): ChunkPair => ({
    chunk: numericColumnOf(reference, kind, chunk, countDistinct),
    rest: numericColumnOf(reference, kind, rest, countDistinct),
  });
  if (!withReplacement) {
    const restSize = restSizeOf(size, n - size);
    const chunk = new Float64Array(size);
    const rest = new Float64Array(restSize);
    function* pairs(): Generator<ChunkPair> {
      for (let i = 0; i < count; i++) {
        positions.drawParts([size, restSize], random);
        positions.gatherSorted(values, [chunk, rest]);
        yield pair(chunk, rest);
      }
    }
    return { pairs: pairs(), withReplacement };
  }
  const poolSize = n >> 1;
  const pool = new Float64Array(poolSize);
  const rest = new Float64Array(n - poolSize);
  const chunk = new Float64Array(size);
  const times = new Uint32Array(poolSize);
  function* pairs(): Generator<ChunkPair> {
    for (let i = 0; i < count; i++) {
      // A random half as the pool, the other half as the rest.
      positions.drawParts([poolSize, n - poolSize], random);
      positions.gatherSorted(values, [pool, rest]);
      // Multiplicities of `size` draws from the pool; emitted in pool order, so the chunk is sorted.
      times.fill(0);
      for (let d = 0; d < size; d++) times[random.nextBelow(poolSize)]++;
      let at = 0;
      for (let p = 0; p < poolSize; p++) for (let t = 0; t < times[p]; t++) chunk[at++] = pool[p];
      yield pair(chunk, rest);
    }
  }
  return { pairs: pairs(), withReplacement };
}

function drawCategories(
  reference: ColumnProfile,
  kind: FeatureKind,
  size: number,
  count: number,
  random: SeededRandom,
): ChunkDraw | null {
  // The profile's pooled overflow ("other") is one more category, split like the others.
  const labels = [...reference.categories.counts.keys()];
  const totals = Float64Array.from(labels, (label) => reference.categories.counts.get(label)!);
  const all = Float64Array.of(...totals, reference.categories.other);
  const n = total(all);
  if (n < 2 * MIN_SIDE) return null;
  const withReplacement = size > n - size;
  const countsOf = categoryDraws(all, n);
  function* pairs(): Generator<ChunkPair> {
    for (let i = 0; i < count; i++) {
      if (!withReplacement) {
        const chunk = countsOf(size, random);
        yield {
          chunk: categoryColumnOf(reference, kind, labels, chunk),
          rest: categoryColumnOf(reference, kind, labels, minus(all, chunk)),
        };
        continue;
      }
      const pool = countsOf(n >> 1, random);
      yield {
        chunk: categoryColumnOf(reference, kind, labels, drawWithReplacement(pool, size, random)),
        rest: categoryColumnOf(reference, kind, labels, minus(all, pool)),
      };
    }
  }
  return { pairs: pairs(), withReplacement };
}

function drawWithReplacement(pool: Float64Array, size: number, random: SeededRandom): Float64Array {
  const cumulative = new Float64Array(pool.length);
  let running = 0;
  for (let c = 0; c < pool.length; c++) cumulative[c] = running += pool[c];
  const result = new Float64Array(pool.length);
  for (let d = 0; d < size; d++) {
    const u = running > 2 ** 32 ? random.nextInt(running) : random.nextBelow(running);
    // The first category whose cumulative count exceeds u.
    let lo = 0;
    let hi = pool.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    result[lo]++;
  }
  return result;
}

function minus(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((value, i) => value - b[i]);
}

function total(values: Float64Array): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum;
}
