/**
 * The numbers-to-counts bridge for binned methods (PSI, JS, KL, Hellinger... on numbers):
 * bin edges, and counts per bin computed from a sorted sample by binary search, so a histogram
 * costs O(bins · log n) on a column that is already sorted once for KS and Wasserstein.
 */

/**
 * Bin edges at the reference's quantiles i / bins (i = 0..bins), numpy's default 'linear'
 * method (numpy 1.24 `np.quantile(ref, np.linspace(0, 1, bins + 1))`, same floating-point
 * steps), then sorted and deduplicated (`np.unique`), so ties collapse bins instead of making
 * empty ones. The edges depend on the reference alone, so a baseline profile fixes them.
 *
 * A constant reference (a single distinct edge) gets the edges [v, v]: one closed bin holding
 * exactly v, with the underflow and overflow bins of `histogramWithOutliers` around it.
 * @param sortedReference ascending, finite, length >= 1
 * @param bins number of quantile bins requested (>= 1); fewer come back when values tie
 */
export function quantileEdges(sortedReference: Float64Array, bins: number): Float64Array {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`bins must be a positive integer, got ${bins}`);
  const n = sortedReference.length;
  if (n === 0) throw new RangeError('quantileEdges needs a non-empty reference');
  const levels = numpyLinspace(0, 1, bins + 1);
  const quantiles = new Float64Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    // numpy 1.24 function_base.py _quantile, method 'linear': virtual index (n - 1) · q
    const virtualIndex = (n - 1) * levels[i];
    if (virtualIndex >= n - 1) {
      quantiles[i] = sortedReference[n - 1];
      continue;
    }
    const previous = Math.floor(virtualIndex);
    quantiles[i] = lerp(sortedReference[previous], sortedReference[previous + 1], virtualIndex - previous);
  }
  quantiles.sort();
  const unique: number[] = [];
  for (let i = 0; i < quantiles.length; i++) {
    if (i === 0 || quantiles[i] !== quantiles[i - 1]) unique.push(quantiles[i]);
  }
  if (unique.length === 1) unique.push(unique[0]);
  return Float64Array.from(unique);
}

// numpy 1.24 function_base.py _lerp: from the nearer end so t = 1 returns b exactly.
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Counts of a sorted sample in: underflow (< edges[0]), the inner bins as numpy's histogram
 * ([e_i, e_i+1) half-open, the last inner bin closed [e_m-2, e_m-1]), overflow (> last edge).
 * Length edges.length + 1. Current values outside the reference range land in the outer bins
 * instead of being dropped as `np.histogram` would.
 * @param sorted ascending
 * @param edges non-decreasing, length >= 2
 */
export function histogramWithOutliers(sorted: Float64Array, edges: Float64Array): Float64Array {
  assertEdges(edges);
  const m = edges.length;
  const counts = new Float64Array(m + 1);
  const below = lowerBound(sorted, edges[0]);
  counts[0] = below;
  let previous = below;
  for (let i = 1; i < m - 1; i++) {
    const next = lowerBound(sorted, edges[i]);
    counts[i] = next - previous;
    previous = next;
  }
  const atOrBelowLast = upperBound(sorted, edges[m - 1]);
  counts[m - 1] = atOrBelowLast - previous;
  counts[m] = sorted.length - atOrBelowLast;
  return counts;
}

/**
 * `np.histogram(sorted, edges)[0]` exactly: numpy's array-of-edges path
 * (`_search_sorted_inclusive`: searchsorted 'left' on every edge but the last, 'right' on the
 * last), values outside [first, last] ignored. numpy's arithmetic path for a bin *count*
 * (`bins=int` or 'sturges') computes indices as (x − first) · n / range and then corrects them
 * against the same linspace edges, so it yields these counts too (checked in the golden tests,
 * values on and one ulp beside each edge). Length edges.length − 1.
 * @param sorted ascending
 * @param edges non-decreasing, length >= 2
 */
export function numpyHistogram(sorted: Float64Array, edges: Float64Array): Float64Array {
  assertEdges(edges);
  const m = edges.length;
  const counts = new Float64Array(m - 1);
  let previous = lowerBound(sorted, edges[0]);
  for (let i = 1; i < m - 1; i++) {
    const next = lowerBound(sorted, edges[i]);
    counts[i - 1] = next - previous;
    previous = next;
  }
  counts[m - 2] = upperBound(sorted, edges[m - 1]) - previous;
  return counts;
}

/**
 * `np.histogram_bin_edges(np.concatenate([reference, current]), bins='sturges')` exactly
 * (numpy 1.24 histograms.py): range [min, max] of both samples (widened by ±0.5 when they are
 * all equal), width = ptp / (log2(n) + 1), ceil(range / width) equal bins (1 when ptp is 0),
 * edges by `np.linspace`. Evidently's binning for numbers with > 20 unique reference values.
 * Neither sample needs to be sorted; both must be finite and not both empty.
 * @throws RangeError when max − min overflows to Infinity (numpy fails there too).
 */
export function sturgesEdges(reference: Float64Array, current: Float64Array): Float64Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const sample of [reference, current]) {
    for (let i = 0; i < sample.length; i++) {
      const v = sample[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const size = reference.length + current.length;
  if (size === 0) throw new RangeError('sturgesEdges needs at least one value');
  const ptp = max - min;
  if (!Number.isFinite(ptp)) {
    throw new RangeError(`sturgesEdges: range ${min}..${max} overflows a double; rescale the feature`);
  }
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = ptp / (Math.log2(size) + 1.0);
  const bins = width !== 0 ? Math.ceil((last - first) / width) : 1;
  return numpyLinspace(first, last, bins + 1);
}

/**
 * `np.linspace(start, stop, num)` (endpoint=True) with numpy 1.24's arithmetic: i · step + start
 * with step = (stop − start) / (num − 1), the last value set to `stop`; when the step underflows
 * to 0 (denormal ranges, numpy gh-5437) it uses (i / div) · delta + start instead.
 */
export function numpyLinspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
    out[num - 1] = stop;
  } else if (num === 1) {
    out[0] = 0 * delta + start;
  }
  return out;
}

/** How many of the ascending `sorted` values lie below `low` or above `high`: two binary searches. */
export function countOutside(sorted: Float64Array, low: number, high: number): number {
  return lowerBound(sorted, low) + (sorted.length - upperBound(sorted, high));
}

function assertEdges(edges: Float64Array): void {
  if (edges.length < 2) throw new RangeError(`a histogram needs at least 2 edges, got ${edges.length}`);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i - 1] <= edges[i])) throw new RangeError(`bin edges must be non-decreasing (index ${i})`);
  }
}

/** First index whose value is >= x (numpy searchsorted side='left'). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x (numpy searchsorted side='right'). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
