/**
 * `np.searchsorted(sorted, v, side='right')`: how many values are at or below `v`. For tests that
 * transcribe scipy's CDF formulas, written here rather than taken from the code under test.
 */
export function searchsortedRight(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
