/**
 * LSD radix sort for doubles: each value's IEEE 754 bits become an unsigned 64-bit key whose
 * order is the numeric order (negatives: all bits flipped; positives: sign bit set), then six
 * stable counting passes of 11, 11 and 10 bits per 32-bit half. O(n), measured 34 ns/value against 123 ns/value for
 * `Float64Array.prototype.sort` on 1M normal values (FIELD-NOTES "Speed facts").
 *
 * The result equals `Float64Array.prototype.sort` bit for bit on NaN-free input, -0 before +0
 * included (the key of -0 is one below the key of +0). NaN is not expected (profiles keep
 * finite values only); if present, NaNs with the sign bit clear sort last as in the built-in
 * sort, but negative-signed NaN payloads would sort first, so callers must not pass them.
 */

/** Below this length the built-in sort wins: the six histograms cost more than they save. */
const SMALL = 512;
const RADIX_BITS = 11;
const BUCKETS = 1 << RADIX_BITS;
const PASSES = 6;

/**
 * Scratch words reused across calls: first touch of fresh memory is slow on Lambda-class VMs
 * (~0.24 GB/s), so one buffer grows to the largest column and stays.
 */
let scratch = new Uint32Array(0);
const histograms = new Uint32Array(PASSES * BUCKETS);

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
  const keys = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  if (scratch.length < n * 2) scratch = new Uint32Array(n * 2);
  const other = scratch;
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
  let to: Uint32Array = other;
  for (let pass = 0; pass < PASSES; pass++) {
    const base = pass * BUCKETS;
    // A pass where every key has the same digit moves nothing; skip it (common for high bits).
    let trivial = false;
    let offset = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const count = histograms[base + b];
      if (count === n) {
        trivial = true;
        break;
      }
      histograms[base + b] = offset;
      offset += count;
    }
    if (trivial) continue;
    // Digits of 11, 11 and 10 bits within each 32-bit word, so no digit straddles two words.
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
