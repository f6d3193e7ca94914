/**
 * Radix sort for doubles: each value's IEEE 754 bits become an unsigned 64-bit key whose order is
 * the numeric order (negatives: all bits flipped; positives: sign bit set).
 *
 * The sort orders by the key's high 32 bits first — two stable counting passes of 16 bits (65,536
 * counters each, still in L2; fewer passes than three of 11 bits outweigh the larger histograms
 * on continuous values) — and then finishes each run of values
 * sharing those bits (same sign, exponent and top 20 mantissa bits: a relative width of about
 * 1e-6) by insertion sort, or by the built-in sort or the full six-pass radix sort when a run is
 * long. For real measurements runs are a handful of values, so this does two passes where the full
 * radix sort does six (bench/check-bench.ts, section `pair`, times sorting); data that differ
 * only in their low bits still sort in O(n) through the long-run path.
 *
 * The result equals `Float64Array.prototype.sort` bit for bit on NaN-free input, -0 before +0
 * included (the key of -0 is one below the key of +0). NaN is not expected (profiles keep
 * finite values only); if present, NaNs with the sign bit clear sort last as in the built-in
 * sort, but negative-signed NaN payloads would sort first, so callers must not pass them.
 */

/** Below this length the built-in sort wins: the histograms cost more than they save. */
const SMALL = 512;
/** Runs up to this length are finished by insertion sort as they are met. */
const INSERTION_RUN = 24;
/** Runs beyond this length are finished by the full radix sort, shorter ones by the built-in sort. */
const LONG_RUN = 4096;
const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const PASSES = 6;

/**
 * Scratch words reused across calls: first touch of fresh memory is slow on Lambda-class VMs,
 * so one buffer grows to the largest column and stays.
 */
let scratch = new Uint32Array(0);
const histograms = new Uint32Array(PASSES * BUCKETS);
/** The high word goes in two passes of 16 bits rather than three of 11 (see the file's comment). */
const WIDE = 1 << 16;
const wideHistograms = new Uint32Array(2 * WIDE);

/** A sorted copy of `values` (ascending); `values` is not modified. */
export function sortedCopy(values: Float64Array): Float64Array {
  const out = values.slice();
  radixSortInPlace(out);
  return out;
}

/** Sorts `values` ascending in place. */
export function radixSortInPlace(values: Float64Array): void {
  const n = values.length;
  if (n < SMALL) {
    values.sort();
    return;
  }
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  sortByHighWord(words, n);
  finishRuns(values, words, n);
}

/**
 * The two passes over the high word. Words move as they are, the key's digits computed on the
 * fly: no transform pass before, no inverse pass after (each would be one more pass over every
 * value).
 */
function sortByHighWord(words: Uint32Array, n: number): void {
  if (scratch.length < n * 2) scratch = new Uint32Array(n * 2);
  const counts = wideHistograms;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const raw = words[2 * i + 1];
    const hi = raw & 0x80000000 ? ~raw : raw | 0x80000000;
    counts[hi & 0xffff]++;
    counts[WIDE + (hi >>> 16)]++;
  }
  let from: Uint32Array = words;
  let to: Uint32Array = scratch;
  for (let pass = 0; pass < 2; pass++) {
    const base = pass * WIDE;
    if (!prefixSums(counts, base, WIDE, n)) continue;
    const shift = pass * 16;
    for (let i = 0; i < n; i++) {
      const lo = from[2 * i];
      const raw = from[2 * i + 1];
      const hi = raw & 0x80000000 ? ~raw : raw | 0x80000000;
      const target = counts[base + ((hi >>> shift) & 0xffff)]++;
      to[2 * target] = lo;
      to[2 * target + 1] = raw;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  if (from !== words) words.set(from.subarray(0, n * 2));
}

/**
 * Turns one pass's digit counts (`buckets` of them from `base`) into start offsets; false when
 * every key has the same digit, a pass that would move nothing (common for high bits).
 */
function prefixSums(counts: Uint32Array, base: number, buckets: number, n: number): boolean {
  let offset = 0;
  for (let b = 0; b < buckets; b++) {
    const count = counts[base + b];
    if (count === n) return false;
    counts[base + b] = offset;
    offset += count;
  }
  return true;
}

/** The full six-pass sort on all 64 key bits: for long runs of values equal in their high word. */
function fullRadixSortInPlace(values: Float64Array): void {
  const n = values.length;
  if (n < SMALL) {
    values.sort();
    return;
  }
  sortByKey(new Uint32Array(values.buffer, values.byteOffset, n * 2), n);
}

/**
 * Six LSD counting passes with the key transform on the way in and its inverse on the way out.
 * Digits are 11, 11 and 10 bits within each 32-bit word, so no digit straddles two words.
 */
function sortByKey(keys: Uint32Array, n: number): void {
  if (scratch.length < n * 2) scratch = new Uint32Array(n * 2);
  histograms.fill(0);
  for (let i = 0; i < n; i++) {
    const lo0 = keys[2 * i];
    const hi0 = keys[2 * i + 1];
    let lo: number;
    let hi: number;
    if (hi0 & 0x80000000) {
      lo = ~lo0 >>> 0;
      hi = ~hi0 >>> 0;
    } else {
      lo = lo0;
      hi = (hi0 | 0x80000000) >>> 0;
    }
    keys[2 * i] = lo;
    keys[2 * i + 1] = hi;
    histograms[lo & 0x7ff]++;
    histograms[BUCKETS + ((lo >>> 11) & 0x7ff)]++;
    histograms[2 * BUCKETS + (lo >>> 22)]++;
    histograms[3 * BUCKETS + (hi & 0x7ff)]++;
    histograms[4 * BUCKETS + ((hi >>> 11) & 0x7ff)]++;
    histograms[5 * BUCKETS + (hi >>> 22)]++;
  }
  let from: Uint32Array = keys;
  let to: Uint32Array = scratch;
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    if (!prefixSums(histograms, base, BUCKETS, n)) continue;
    const word = pass < 3 ? 0 : 1;
    const shift = (pass % 3) * 11;
    for (let i = 0; i < n; i++) {
      const lo = from[2 * i];
      const hi = from[2 * i + 1];
      const target = histograms[base + ((from[2 * i + word] >>> shift) & 0x7ff)]++;
      to[2 * target] = lo;
      to[2 * target + 1] = hi;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  for (let i = 0; i < n; i++) {
    const lo = from[2 * i];
    const hi = from[2 * i + 1];
    if (hi & 0x80000000) {
      keys[2 * i] = lo;
      keys[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      keys[2 * i] = ~lo >>> 0;
      keys[2 * i + 1] = ~hi >>> 0;
    }
  }
}

/**
 * After ordering by the high word, values sharing it sit together in arrival order; each such
 * run is put in order on its own (by value, which within a run is the order of the low word's
 * key). One pass: each value is moved back within its run as insertion sort would, while the run
 * is short; a run that turns out longer is finished by the built-in sort, or by the full radix
 * sort when very long. -0 and +0 differ in the high word, so no run holds both.
 */
function finishRuns(values: Float64Array, words: Uint32Array, n: number): void {
  let runStart = 0;
  let high = words[1];
  for (let i = 1; i < n; i++) {
    const word = words[2 * i + 1];
    if (word !== high) {
      runStart = i;
      high = word;
      continue;
    }
    const value = values[i];
    if (values[i - 1] <= value) continue;
    if (i - runStart < INSERTION_RUN) {
      let j = i - 1;
      while (j >= runStart && values[j] > value) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = value;
      continue;
    }
    // A long run out of order: sort all of it at once, then go on after it.
    let end = i + 1;
    while (end < n && words[2 * end + 1] === high) end++;
    const run = values.subarray(runStart, end);
    if (run.length <= LONG_RUN) run.sort();
    else fullRadixSortInPlace(run);
    i = end - 1;
  }
}
