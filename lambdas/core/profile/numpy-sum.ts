/**
 * numpy 1.24's float64 sum, bit for bit: `np.add.reduce` over a contiguous array runs its inner
 * loop on buffers of 8192 values, each summed pairwise (`DOUBLE_pairwise_sum`: below 8 values one
 * by one, up to 128 with eight accumulators, beyond that halved at a multiple of 8), and adds the
 * buffers' sums in order. So `np.mean(x)` is `numpySum(x) / n` and `np.var(x)` (ddof 0) is
 * `numpySumOfSquaredDeviations(x, mean) / n`, exactly.
 *
 * Besides parity, the eight independent accumulators are what make it fast: a running sum
 * (or Welford's update, with its division) waits on the previous value's add every time.
 */
const BUFFER = 8192;
const BLOCK = 128;

export function numpySum(values: Float64Array): number {
  let total = 0;
  for (let start = 0; start < values.length; start += BUFFER) {
    total += pairwiseSum(values, start, Math.min(BUFFER, values.length - start), 0, false);
  }
  return total;
}

/** Σ (x − mean)², each term formed as numpy forms `(x - mean) * (x - mean)`, summed as numpySum. */
export function numpySumOfSquaredDeviations(values: Float64Array, mean: number): number {
  let total = 0;
  for (let start = 0; start < values.length; start += BUFFER) {
    total += pairwiseSum(values, start, Math.min(BUFFER, values.length - start), mean, true);
  }
  return total;
}

/**
 * numpy's pairwise sum of `n` values from `from`; with `squares`, of their squared deviations from
 * `mean` instead (one routine for both, so the two cannot drift apart in their order of adds).
 */
function pairwiseSum(a: Float64Array, from: number, n: number, mean: number, squares: boolean): number {
  if (n < 8) {
    let sum = 0;
    for (let i = from; i < from + n; i++) sum += squares ? (a[i] - mean) * (a[i] - mean) : a[i];
    return sum;
  }
  if (n <= BLOCK) {
    let r0: number;
    let r1: number;
    let r2: number;
    let r3: number;
    let r4: number;
    let r5: number;
    let r6: number;
    let r7: number;
    const end = from + n - (n % 8);
    let i = from + 8;
    if (squares) {
      r0 = (a[from] - mean) * (a[from] - mean);
      r1 = (a[from + 1] - mean) * (a[from + 1] - mean);
      r2 = (a[from + 2] - mean) * (a[from + 2] - mean);
      r3 = (a[from + 3] - mean) * (a[from + 3] - mean);
      r4 = (a[from + 4] - mean) * (a[from + 4] - mean);
      r5 = (a[from + 5] - mean) * (a[from + 5] - mean);
      r6 = (a[from + 6] - mean) * (a[from + 6] - mean);
      r7 = (a[from + 7] - mean) * (a[from + 7] - mean);
      for (; i < end; i += 8) {
        const d0 = a[i] - mean;
        const d1 = a[i + 1] - mean;
        const d2 = a[i + 2] - mean;
        const d3 = a[i + 3] - mean;
        const d4 = a[i + 4] - mean;
        const d5 = a[i + 5] - mean;
        const d6 = a[i + 6] - mean;
        const d7 = a[i + 7] - mean;
        r0 += d0 * d0;
        r1 += d1 * d1;
        r2 += d2 * d2;
        r3 += d3 * d3;
        r4 += d4 * d4;
        r5 += d5 * d5;
        r6 += d6 * d6;
        r7 += d7 * d7;
      }
    } else {
      r0 = a[from];
      r1 = a[from + 1];
      r2 = a[from + 2];
      r3 = a[from + 3];
      r4 = a[from + 4];
      r5 = a[from + 5];
      r6 = a[from + 6];
      r7 = a[from + 7];
      for (; i < end; i += 8) {
        r0 += a[i];
        r1 += a[i + 1];
        r2 += a[i + 2];
        r3 += a[i + 3];
        r4 += a[i + 4];
        r5 += a[i + 5];
        r6 += a[i + 6];
        r7 += a[i + 7];
      }
    }
    let sum = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < from + n; i++) sum += squares ? (a[i] - mean) * (a[i] - mean) : a[i];
    return sum;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(a, from, half, mean, squares) + pairwiseSum(a, from + half, n - half, mean, squares);
}
