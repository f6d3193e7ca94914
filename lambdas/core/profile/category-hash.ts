import { parseNumberText } from './cell-parsing.ts';

/**
 * The hash that decides which categories a capped table keeps (`category-counts.ts`): the ones
 * with the smallest hashes (a bottom-k sketch). It must be a function of the label alone, the
 * same in every profile, so that two tables keep the same region of hash space: it is part of
 * the saved profile's format (`CATEGORY_RULE`); changing it or its seed means a new rule name.
 *
 * A label that reads as a finite number is hashed by its value (its float64 bits, -0 as 0): an
 * untyped column's numeric cells are counted by number and only their first text is kept, so
 * "1.5" and "1.50" must fall at one point; other labels by their UTF-16 code units. Both mixes
 * are MurmurHash3's 32-bit body and finaliser (Appleby, public domain), seeded: fast, not
 * cryptographic (nobody gains by steering which categories are sampled beyond what writing the
 * data already gives them), and well spread over [0, 2^32).
 */
const SEED = 0x5bd1e995;

const bits = new Float64Array(1);
const words = new Int32Array(bits.buffer);

/** The hash of a label that is the finite number `value` (see above). */
export function categoryHashOfNumber(value: number): number {
  bits[0] = value === 0 ? 0 : value;
  let h = mixWord(SEED, words[0]);
  h = mixWord(h, words[1]);
  return finish(h, 8);
}

/** The hash of a label (see above). */
export function categoryHash(label: string): number {
  if (mayBeNumber(label)) {
    const value = parseNumberText(label);
    if (value !== undefined && Number.isFinite(value)) return categoryHashOfNumber(value);
  }
  let h = SEED;
  const length = label.length;
  let i = 0;
  for (; i + 1 < length; i += 2) h = mixWord(h, label.charCodeAt(i) | (label.charCodeAt(i + 1) << 16));
  if (i < length) h = mixWord(h, label.charCodeAt(i));
  return finish(h, length * 2);
}

/** Whether `parseNumberText` could read the label: a cheap test so most words skip the regex. */
function mayBeNumber(label: string): boolean {
  if (label.length === 0) return false;
  const c = label.charCodeAt(0);
  // Digits, sign, point, or leading white space (which the parser trims).
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c <= 32 || c > 127;
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, byteLength: number): number {
  h ^= byteLength;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
