import type { FeatureKind } from '../kinds.ts';
import { type ColumnProfile, emptyColumnProfile } from './column-profile.ts';
import type { NumericSummary } from './numeric-summary.ts';
import { numpySum, numpySumOfSquaredDeviations } from './numpy-sum.ts';

/*
 * Column profiles made straight from values rather than by reading a table: the chunks a
 * calibration draws from a baseline profile, and the threshold study's samples. Each keeps every
 * value it is given (nothing sampled) and names the `reference` column it stands for.
 */

/** A column profile of sorted finite values, every one kept: what FeatureInputs reads of a numeric side. */
export function numericColumnOf(
  reference: ColumnProfile,
  kind: FeatureKind,
  sorted: Float64Array,
  countDistinct: boolean,
): ColumnProfile {
  const column = emptyColumnProfile(reference.name, reference.sourceType, kind);
  const summary: NumericSummary = kind === 'datetime' ? column.datetimes : column.numbers;
  const mean = sorted.length > 0 ? numpySum(sorted) / sorted.length : 0;
  summary.count = sorted.length;
  summary.size = sorted.length;
  summary.values = sorted;
  summary.sorted = sorted;
  summary.mean = mean;
  summary.m2 = numpySumOfSquaredDeviations(sorted, mean);
  summary.min = sorted.length > 0 ? sorted[0] : Number.POSITIVE_INFINITY;
  summary.max = sorted.length > 0 ? sorted[sorted.length - 1] : Number.NEGATIVE_INFINITY;
  summary.momentsStale = false;
  if (countDistinct) {
    // Sorted, so equal values are runs: counted by their ends rather than a lookup per value.
    const distinct = new Map<number, number>();
    let start = 0;
    for (let i = 1; i <= sorted.length; i++) {
      if (i === sorted.length || sorted[i] !== sorted[start]) {
        distinct.set(sorted[start] === 0 ? 0 : sorted[start], (distinct.get(sorted[start]) ?? 0) + i - start);
        start = i;
      }
    }
    summary.distinct = distinct;
  } else summary.distinct = null;
  column.rows = sorted.length;
  return column;
}

/** A column profile of category counts (the last entry the pooled overflow). */
export function categoryColumnOf(
  reference: ColumnProfile,
  kind: FeatureKind,
  labels: readonly string[],
  counts: Float64Array,
): ColumnProfile {
  const column = emptyColumnProfile(reference.name, reference.sourceType, kind);
  for (let c = 0; c < labels.length; c++)
    if (counts[c] > 0) column.categories.counts.set(labels[c], counts[c]);
  column.categories.other = counts[labels.length];
  let rows = 0;
  for (const count of counts) rows += count;
  column.rows = rows;
  return column;
}
