/** What every drift method returns. `pValue` is null for distances that have none. */
export interface MethodResult {
  readonly statistic: number;
  readonly pValue: number | null;
}

/**
 * Order-based methods take both samples sorted ascending, finite values only
 * (NaN, ±Inf and nulls are removed and counted by the profiler), each of length ≥ 1.
 */
export type SortedSampleMethod = (reference: Float64Array, current: Float64Array) => MethodResult;

/**
 * Count-based methods take counts aligned by category or bin (same length, ≥ 1 entry,
 * each side with a positive total).
 */
export type CountsMethod = (reference: Float64Array, current: Float64Array) => MethodResult;
