import type { FeatureKind } from '../kinds.ts';
import type { ColumnProfile } from './column-profile.ts';

/**
 * Columns that name rows instead of describing them (row numbers, keys, UUIDs, hashes): every value
 * differs from every other, so a drift test on them measures only that new rows have new names (a
 * row id "drifts" at thousands of times its threshold). They are left out of drift with the reason
 * this gives; setting the column's kind tests it (README "Columns").
 */

/** Fewer values than this never look like an id by being all distinct (a small sample often is). */
const ID_MIN_VALUES = 50;
/**
 * Distinct whole numbers spread over more than twice their count need this many to look like an id
 * (a measurement in whole units, such as a price in cents, repeats long before that).
 */
const ID_MIN_SPARSE_VALUES = 1000;
/** UUIDs and hashes are told by their shape, which few values show already. */
const ID_MIN_PATTERN_VALUES = 10;

const UUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const HEX_HASH = /^[0-9a-f]{16,}$/i;

const OVERRIDE = 'set its kind to test it';

/** Why the column looks like an id, or null. Only numeric, categorical and text columns can. */
export function idLikeReason(column: ColumnProfile, kind: FeatureKind): string | null {
  if (kind === 'numeric') return numericIdReason(column);
  if (kind === 'categorical' || kind === 'text') return textIdReason(column);
  return null;
}

function numericIdReason(column: ColumnProfile): string | null {
  const s = column.numbers;
  const n = s.count;
  if (n < ID_MIN_VALUES || s.nan + s.posInf + s.negInf > 0) return null;
  if (!Number.isInteger(s.min) || !Number.isInteger(s.max)) return null;
  const span = s.max - s.min + 1;
  // n distinct whole numbers need a span of at least n.
  if (span < n) return null;
  const dense = span < 2 * n;
  if (!dense && n < ID_MIN_SPARSE_VALUES) return null;
  if (!distinctIntegers(column, dense)) return null;
  return dense
    ? `looks like an id (${n} distinct whole numbers filling ${s.min}–${s.max}, a row number or key); ${OVERRIDE}`
    : `looks like an id (${n} whole numbers, none repeated); ${OVERRIDE}`;
}

/** Distinct whole numbers spread wide are checked for repeats on a sample of this many kept values. */
const SPARSE_SAMPLE = 65_536;

/**
 * Every kept value is a whole number and none repeats (the kept values are all of them, or a
 * uniform sample). Linear, no sort: one pass for whole numbers; then, for a dense run, a bitmap
 * over its span; for values sorted ahead (a check's profiles are), neighbours; otherwise a spread
 * sample of `SPARSE_SAMPLE` values — "all values distinct in a large-enough sample".
 */
function distinctIntegers(column: ColumnProfile, dense: boolean): boolean {
  const s = column.numbers;
  if (s.distinct !== null) {
    if (s.distinct.size !== s.count) return false;
    for (const value of s.distinct.keys()) if (!Number.isInteger(value)) return false;
    return true;
  }
  const { values, size, min } = s;
  for (let i = 0; i < size; i++) if (!Number.isInteger(values[i])) return false;
  const sorted = s.sorted;
  if (sorted !== undefined && sorted.length === size) {
    for (let i = 1; i < size; i++) if (sorted[i] === sorted[i - 1]) return false;
    return true;
  }
  // Below 2^31 the bit arithmetic stays in 32-bit integers.
  if (dense && s.max - min < 2 ** 31) {
    const seen = new Uint8Array(Math.ceil((s.max - min + 1) / 8));
    for (let i = 0; i < size; i++) {
      const offset = values[i] - min;
      const bit = 1 << (offset & 7);
      const at = offset >>> 3;
      if ((seen[at] & bit) !== 0) return false;
      seen[at] |= bit;
    }
    return true;
  }
  const step = Math.max(1, Math.floor(size / SPARSE_SAMPLE));
  const sample = new Set<number>();
  for (let i = 0; i < size; i += step) {
    if (sample.has(values[i])) return false;
    sample.add(values[i]);
  }
  return true;
}

function textIdReason(column: ColumnProfile): string | null {
  const { counts, other } = column.categories;
  const nonNull = column.rows - column.nulls;
  if (counts.size === 0) return null;
  if (nonNull >= ID_MIN_PATTERN_VALUES) {
    if (every(counts.keys(), (key) => UUID.test(key))) return `looks like an id (UUIDs); ${OVERRIDE}`;
    let length = -1;
    if (
      every(counts.keys(), (key) => {
        if (length === -1) length = key.length;
        return key.length === length && HEX_HASH.test(key);
      })
    )
      return `looks like an id (hexadecimal hashes); ${OVERRIDE}`;
  }
  if (nonNull < ID_MIN_VALUES) return null;
  // Every value counted once (past the cap, every value that made it into the table), and no
  // spaces: keys like "C-00123". Distinct values with spaces are names and titles: `text`.
  if (!every(counts.values(), (count) => count === 1)) return null;
  if (other === 0 && counts.size !== nonNull) return null;
  if (!every(counts.keys(), (key) => !/\s/.test(key))) return null;
  return `looks like an id (every value distinct); ${OVERRIDE}`;
}

function every<T>(items: Iterable<T>, test: (item: T) => boolean): boolean {
  for (const item of items) if (!test(item)) return false;
  return true;
}
