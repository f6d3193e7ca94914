import type { SeededRandom } from '../random.ts';
import { numpySum, numpySumOfSquaredDeviations } from './numpy-sum.ts';
import { radixSortInPlace, sortedCopy } from './radix-sort.ts';

/**
 * Everything a profile keeps about a column's numbers: counts of the non-finite, moments,
 * range, a small exact value-count table (for low-cardinality numbers), and the finite
 * values themselves — all of them up to `maxValues`, beyond it a seeded uniform sample
 * (reservoir, Algorithm R), so exact tests stay exact on typical snapshots and memory stays
 * bounded on huge ones.
 */
export interface NumericSummary {
  /** Finite values seen. */
  count: number;
  nan: number;
  posInf: number;
  negInf: number;
  mean: number;
  /** Sum of squared deviations from the mean (see `momentsStale` for how it is formed). */
  m2: number;
  min: number;
  max: number;
  /** Distinct value → count while there are at most `maxDistinct` distinct values; null after. */
  distinct: Map<number, number> | null;
  /** Finite values in arrival order (exact) or a uniform sample of them (sampled). */
  values: Float64Array;
  /** How many entries of `values` are in use. */
  size: number;
  /** False once the column had more finite values than `maxValues`. */
  exact: boolean;
  /**
   * `values[0, size)` sorted ascending, once something has sorted them ahead of the compare (a
   * profiling worker does, so each side's sort runs on its own core). Never serialised, never
   * merged: a derived cache that `sortedValues` returns instead of sorting again. When it views
   * the same buffer as `values` (see `sortValuesInPlace`), `values` is in ascending order too.
   */
  sorted?: Float64Array;
  /**
   * True while `mean` and `m2` lag the kept values. While every value is kept (`exact`), the
   * moments are not updated value by value: `settleMoments` forms them from the kept values as
   * numpy forms `np.mean` and `np.var` (bit for bit), which is both faster (no division chained
   * through every value) and independent of how the values arrived (batches, parts, merges).
   * From the first value sampling drops on, they are settled once and updated by Welford's
   * method. Whoever builds a summary with `addNumber` settles it before handing it on; readers
   * of `mean`/`m2` may rely on it (`assertSettled`).
   */
  momentsStale?: boolean;
}

export interface SamplingOptions {
  /** Values kept per column before sampling starts. @default 1_000_000 */
  readonly maxValues: number;
  /** Distinct numbers counted exactly. @default 1024 */
  readonly maxDistinct: number;
}

export const DEFAULT_SAMPLING: SamplingOptions = { maxValues: 1_000_000, maxDistinct: 1024 };

export function emptyNumericSummary(): NumericSummary {
  return {
    count: 0,
    nan: 0,
    posInf: 0,
    negInf: 0,
    mean: 0,
    m2: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    distinct: new Map(),
    values: new Float64Array(0),
    size: 0,
    exact: true,
    momentsStale: false,
  };
}

/** Adds one value. `random` is consumed only once the column is sampled. */
export function addNumber(
  summary: NumericSummary,
  value: number,
  options: SamplingOptions,
  random: SeededRandom,
): void {
  if (Number.isNaN(value)) {
    summary.nan++;
    return;
  }
  if (value === Number.POSITIVE_INFINITY) {
    summary.posInf++;
    return;
  }
  if (value === Number.NEGATIVE_INFINITY) {
    summary.negInf++;
    return;
  }
  const n = ++summary.count;
  if (summary.exact && summary.size < options.maxValues) summary.momentsStale = true;
  else {
    // The first value beyond the budget: the kept values' moments first, then Welford's update.
    if (summary.exact) settleMoments(summary);
    const delta = value - summary.mean;
    summary.mean += delta / n;
    summary.m2 += delta * (value - summary.mean);
  }
  if (value < summary.min) summary.min = value;
  if (value > summary.max) summary.max = value;
  const distinct = summary.distinct;
  if (distinct !== null) {
    const key = value === 0 ? 0 : value; // -0 and 0 are one value
    const seen = distinct.get(key);
    if (seen !== undefined) distinct.set(key, seen + 1);
    else if (distinct.size < options.maxDistinct) distinct.set(key, 1);
    else summary.distinct = null;
  }
  keepValue(summary, value, n, options.maxValues, random);
}

/**
 * `addNumber` for each of `values[0, rows)` not marked in `nulls`, in order; returns how many
 * that is. While all of them will be kept (the budget has room, and the distinct-value table is
 * gone) the common case runs as one tight loop: range and kept values only, the moments being
 * settled later from the kept values anyway. Call `reserveValues` for the rows first.
 */
export function addNumbers(
  summary: NumericSummary,
  values: Float64Array,
  nulls: Uint8Array | null,
  rows: number,
  options: SamplingOptions,
  random: SeededRandom,
): number {
  let nonNull = 0;
  const kept = summary.values;
  if (
    !summary.exact ||
    summary.distinct !== null ||
    summary.size + rows > Math.min(options.maxValues, kept.length)
  ) {
    for (let i = 0; i < rows; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      nonNull++;
      addNumber(summary, values[i], options, random);
    }
    return nonNull;
  }
  let size = summary.size;
  let min = summary.min;
  let max = summary.max;
  let nonFinite = 0;
  for (let i = 0; i < rows; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    nonNull++;
    const value = values[i];
    // NaN and ±Infinity (x − x is NaN for them): counted by addNumber, which keeps none.
    if (value - value !== 0) {
      summary.size = size;
      addNumber(summary, value, options, random);
      nonFinite++;
      continue;
    }
    if (value < min) min = value;
    if (value > max) max = value;
    kept[size++] = value;
  }
  summary.count += nonNull - nonFinite;
  summary.size = size;
  summary.min = min;
  summary.max = max;
  if (nonNull > nonFinite) summary.momentsStale = true;
  return nonNull;
}

function keepValue(
  summary: NumericSummary,
  value: number,
  seenSoFar: number,
  maxValues: number,
  random: SeededRandom,
): void {
  if (summary.size < maxValues) {
    if (summary.size === summary.values.length) grow(summary, maxValues);
    summary.values[summary.size++] = value;
    return;
  }
  summary.exact = false;
  const slot = random.nextInt(seenSoFar);
  if (slot < maxValues) summary.values[slot] = value;
}

function grow(summary: NumericSummary, maxValues: number): void {
  const capacity = Math.min(maxValues, Math.max(1024, summary.values.length * 2));
  const next = new Float64Array(capacity);
  next.set(summary.values.subarray(0, summary.size));
  summary.values = next;
}

/**
 * Makes room for `incoming` more values (capped at the budget) before a batch is added, so the
 * buffer grows to what it will hold rather than by doubling past it: fresh memory is slow to
 * touch on these VMs, and a one-batch column then holds exactly its values. `expectedTotal`, an
 * estimate of the column's final size, lets the first growth go straight there: growing every
 * column of a table by 1.5x in the same batch briefly holds old and new buffers of all of them,
 * over the memory budget at that moment.
 */
export function reserveValues(
  summary: NumericSummary,
  incoming: number,
  options: SamplingOptions,
  expectedTotal = 0,
): void {
  const needed = Math.min(options.maxValues, summary.size + incoming);
  if (needed <= summary.values.length) return;
  const capacity = Math.min(
    options.maxValues,
    Math.max(needed, Math.floor(summary.values.length * 1.5), expectedTotal),
  );
  const next = new Float64Array(capacity);
  next.set(summary.values.subarray(0, summary.size));
  summary.values = next;
}

/** Forms `mean` and `m2` from the kept values when they lag them (see `momentsStale`). */
export function settleMoments(summary: NumericSummary): void {
  if (summary.momentsStale !== true) return;
  const kept = summary.values.subarray(0, summary.size);
  summary.mean = summary.size === 0 ? 0 : numpySum(kept) / summary.size;
  summary.m2 = numpySumOfSquaredDeviations(kept, summary.mean);
  summary.momentsStale = false;
}

/** Guards readers of `mean`/`m2`: a summary handed on unsettled is a bug of whoever built it. */
export function assertSettled(summary: NumericSummary): void {
  if (summary.momentsStale === true) throw new Error('numeric summary read before its moments were settled');
}

/** Population variance (ddof = 0), as numpy's default and Evidently's normalisation use. */
export function populationVariance(summary: NumericSummary): number {
  assertSettled(summary);
  return summary.count > 0 ? summary.m2 / summary.count : 0;
}

/**
 * The kept values, sorted ascending: the cached `sorted` when present, else a copy (profiles
 * stay in arrival order for merging). Radix sorted: identical to `Float64Array.prototype.sort`
 * on finite values, and faster (radix-sort.ts). Callers must not modify the result.
 */
export function sortedValues(summary: NumericSummary): Float64Array {
  if (summary.sorted !== undefined && summary.sorted.length === summary.size) return summary.sorted;
  return sortedCopy(summary.values.subarray(0, summary.size));
}

/**
 * Sorts the kept values in place and caches them as `sorted`, for a profile that is only compared
 * (`driftwatch check`), never merged or saved: the compare needs just the multiset, and sorting in
 * place instead of into a copy keeps a 1M-row pair within its memory budget (a second copy of 28
 * columns of 1M doubles is 220 MB). Arrival order is given up; merging such a profile with another
 * one would replay its values in ascending order, which changes which values a sampled union keeps.
 */
export function sortValuesInPlace(summary: NumericSummary): void {
  // Sorted first, the moments would be summed in another order.
  assertSettled(summary);
  const kept = summary.values.subarray(0, summary.size);
  radixSortInPlace(kept);
  summary.sorted = kept;
}
