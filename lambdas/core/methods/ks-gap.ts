import { UnorderedValuesError } from './unordered-values.ts';

/**
 * Values per side between the walk's probes. Between two probes the gap can move by at most one
 * block's share of each side (~BLOCK / n), far less than the largest gap of any but near-identical
 * samples, so almost every block is skipped; the block size hardly matters between 64 and 512
 * (bench/check-bench.ts, section `pair`, `--numeric-method ks`).
 */
const BLOCK = 128;

/**
 * The largest and smallest CDF gap F_ref(x) − F_cur(x) over the pooled values, as scipy 1.10's
 * ks_2samp forms it: `searchsorted(reference, x, 'right')/n1 − searchsorted(current, x, 'right')/n2`.
 *
 * A walk point is the pair of counts (i, j) at or below a pooled value; the gap's exact form is
 * the integer i·n2 − j·n1 (below 2^53 for the ≤ 1M values a profile keeps), and scipy's float is
 * formed only where an extreme is met: exact values at least 1/(n1·n2) apart cannot swap order in
 * rounding, and among equal exact values the larger (smaller) float wins, as numpy's max does.
 *
 * Rather than visiting every pooled value (each step a mostly mispredicted branch), the walk
 * first visits one point per block of up to BLOCK values of each side (found by galloping search),
 * which bounds the extremes from inside; a block is then walked value by value only when the
 * bounds of its interior (counts at its two ends) could reach or tie an extreme so far. The result
 * is the full walk's, bit for bit: skipped blocks hold no point that could change it.
 *
 * The walk stops at the first pooled value that uses up a side (beyond it the gap moves
 * monotonically to 0, so no new extreme); scipy's max over all pooled values is the same.
 *
 * @param reference sorted ascending, finite, length ≥ 1
 * @param current sorted ascending, finite, length ≥ 1
 */
export function cdfGapExtremes(reference: Float64Array, current: Float64Array): { max: number; min: number } {
  const walk = new GapWalk(reference, current);
  const n1 = reference.length;
  const n2 = current.length;
  const last = Math.min(reference[n1 - 1], current[n2 - 1]);
  const blocks = Math.ceil(n1 / BLOCK) + Math.ceil(n2 / BLOCK) + 2;
  const ends1 = new Float64Array(blocks);
  const ends2 = new Float64Array(blocks);
  let count = 0;
  let i = 0;
  let j = 0;
  for (;;) {
    // The nearer of the two sides' block ends: each probe moves at least one side a block on
    // (or to its end), and no block holds more than BLOCK values of either side.
    let probe = Math.min(reference[Math.min(i + BLOCK, n1) - 1], current[Math.min(j + BLOCK, n2) - 1]);
    if (probe > last) probe = last;
    i = upperBound(reference, i, probe);
    j = upperBound(current, j, probe);
    walk.visit(i, j);
    ends1[count] = i;
    ends2[count] = j;
    count++;
    if (probe === last) break;
  }
  let from1 = 0;
  let from2 = 0;
  for (let b = 0; b < count; b++) {
    const to1 = ends1[b];
    const to2 = ends2[b];
    // Every point inside has from1 ≤ i ≤ to1 and from2 ≤ j ≤ to2.
    if (to1 * n2 - from2 * n1 >= walk.exactMax || from1 * n2 - to2 * n1 <= walk.exactMin) {
      walk.walk(from1, from2, to1, to2);
    }
    from1 = to1;
    from2 = to2;
  }
  return { max: walk.maxDiff, min: walk.minDiff };
}

/** The extremes met so far, starting from the walk's first point (0, 0): a gap of exactly 0. */
class GapWalk {
  exactMax = 0;
  exactMin = 0;
  maxDiff = 0;
  minDiff = 0;
  private readonly n1: number;
  private readonly n2: number;

  constructor(
    private readonly reference: Float64Array,
    private readonly current: Float64Array,
  ) {
    this.n1 = reference.length;
    this.n2 = current.length;
  }

  visit(i: number, j: number): void {
    const exact = i * this.n2 - j * this.n1;
    if (exact >= this.exactMax) {
      const diff = i / this.n1 - j / this.n2;
      if (exact > this.exactMax || diff > this.maxDiff) this.maxDiff = diff;
      this.exactMax = exact;
    } else if (exact <= this.exactMin) {
      const diff = i / this.n1 - j / this.n2;
      if (exact < this.exactMin || diff < this.minDiff) this.minDiff = diff;
      this.exactMin = exact;
    }
  }

  /**
   * Every pooled value from counts (i, j) up to (end1, end2), ties on both sides taken together.
   * The values past each end are larger than every value before either end (the ends are
   * upper bounds of one probe), so a used-up side reads as +∞.
   */
  walk(i: number, j: number, end1: number, end2: number): void {
    const reference = this.reference;
    const current = this.current;
    while (i < end1 || j < end2) {
      const a = i < end1 ? reference[i] : Number.POSITIVE_INFINITY;
      const b = j < end2 ? current[j] : Number.POSITIVE_INFINITY;
      if (!(a <= b) && !(b <= a)) throw new UnorderedValuesError('Kolmogorov–Smirnov');
      if (a <= b) {
        i++;
        while (i < end1 && reference[i] === a) i++;
      }
      if (b <= a) {
        j++;
        while (j < end2 && current[j] === b) j++;
      }
      this.visit(i, j);
    }
  }
}

/** First index from `from` on whose value is above `value` (sorted.length if none): galloping, then binary search. */
function upperBound(sorted: Float64Array, from: number, value: number): number {
  const end = sorted.length;
  let low = from;
  let high = from;
  let step = 1;
  while (high < end && sorted[high] <= value) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  if (high > end) high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
