import { MAX_DISTINCT_COUNTED_BY_VALUE } from '../feature-inputs.ts';
import type { FeatureKind } from '../kinds.ts';
import { categoryColumnOf, numericColumnOf } from '../profile/column-of-values.ts';
import type { ColumnProfile } from '../profile/column-profile.ts';
import { type NumericSummary, sortedValues } from '../profile/numeric-summary.ts';
import type { SeededRandom } from '../random.ts';
import type { ChunkDraw, ChunkPair, ChunkStrategy } from './chunk-strategy.ts';

/** Values a side needs for any method to say something. */
const MIN_SIDE = 2;

/**
 * Seeded random chunks of what the baseline profile keeps: its kept numbers (every value, or the
 * profile's uniform sample of them) or its category counts. A chunk of `size` values is drawn
 * without replacement and compared with the rest; when the baseline holds fewer than twice
 * `size`, it is split at random into two halves, the chunk drawn with replacement from one and
 * compared with the other (disjoint still, at the cost of a wider spread: the conservative side).
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
  const chosen = new Uint8Array(n);
  function* pairs(): Generator<ChunkPair> {
    for (let i = 0; i < count; i++) {
      if (!withReplacement) {
        markWithoutReplacement(chosen, size, random);
        const [chunk, rest] = splitSorted(values, chosen, size);
        yield {
          chunk: numericColumnOf(reference, kind, chunk, countDistinct),
          rest: numericColumnOf(reference, kind, rest, countDistinct),
        };
        continue;
      }
      const poolSize = n >> 1;
      markWithoutReplacement(chosen, poolSize, random);
      const [pool, rest] = splitSorted(values, chosen, poolSize);
      // Multiplicities of `size` draws from the pool; emitted in pool order, so the chunk is sorted.
      const times = new Uint32Array(poolSize);
      for (let d = 0; d < size; d++) times[random.nextInt(poolSize)]++;
      const chunk = new Float64Array(size);
      let at = 0;
      for (let p = 0; p < poolSize; p++) for (let t = 0; t < times[p]; t++) chunk[at++] = pool[p];
      yield {
        chunk: numericColumnOf(reference, kind, chunk, countDistinct),
        rest: numericColumnOf(reference, kind, rest, countDistinct),
      };
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
  const other = reference.categories.other;
  const all = Float64Array.of(...totals, other);
  const n = total(all);
  if (n < 2 * MIN_SIDE) return null;
  const withReplacement = size > n - size;
  const chosen = new Uint8Array(n);
  function* pairs(): Generator<ChunkPair> {
    for (let i = 0; i < count; i++) {
      if (!withReplacement) {
        markWithoutReplacement(chosen, size, random);
        const chunk = countsOfMarked(all, chosen);
        yield {
          chunk: categoryColumnOf(reference, kind, labels, chunk),
          rest: categoryColumnOf(reference, kind, labels, minus(all, chunk)),
        };
        continue;
      }
      markWithoutReplacement(chosen, n >> 1, random);
      const pool = countsOfMarked(all, chosen);
      const rest = minus(all, pool);
      yield {
        chunk: categoryColumnOf(reference, kind, labels, drawWithReplacement(pool, size, random)),
        rest: categoryColumnOf(reference, kind, labels, rest),
      };
    }
  }
  return { pairs: pairs(), withReplacement };
}

/** Marks exactly `k` of `marks`' positions, uniformly among all k-subsets (Floyd's algorithm). */
function markWithoutReplacement(marks: Uint8Array, k: number, random: SeededRandom): void {
  const n = marks.length;
  marks.fill(0);
  for (let j = n - k; j < n; j++) {
    const t = random.nextInt(j + 1);
    if (marks[t] === 1) marks[j] = 1;
    else marks[t] = 1;
  }
}

/** The marked and the unmarked values, each still sorted. */
function splitSorted(values: Float64Array, marks: Uint8Array, marked: number): [Float64Array, Float64Array] {
  const a = new Float64Array(marked);
  const b = new Float64Array(values.length - marked);
  let i = 0;
  let j = 0;
  for (let p = 0; p < values.length; p++) {
    if (marks[p] === 1) a[i++] = values[p];
    else b[j++] = values[p];
  }
  return [a, b];
}

/** Per category, how many of its positions (categories laid end to end) are marked. */
function countsOfMarked(counts: Float64Array, marks: Uint8Array): Float64Array {
  const result = new Float64Array(counts.length);
  let position = 0;
  for (let c = 0; c < counts.length; c++) {
    let hits = 0;
    const end = position + counts[c];
    for (; position < end; position++) hits += marks[position];
    result[c] = hits;
  }
  return result;
}

function drawWithReplacement(pool: Float64Array, size: number, random: SeededRandom): Float64Array {
  const cumulative = new Float64Array(pool.length);
  let running = 0;
  for (let c = 0; c < pool.length; c++) cumulative[c] = running += pool[c];
  const result = new Float64Array(pool.length);
  for (let d = 0; d < size; d++) {
    const u = random.nextInt(running);
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
