import type { NumericSummary } from './numeric-summary.ts';

/**
 * Numbers that are points in time: Unix epoch seconds or milliseconds. A number alone cannot say
 * it is a time (1.7e9 may be a count of bytes), so inference also asks the column's name; a
 * configured `timestamp` role or `datetime` kind asks only the size.
 */

/** Name words that say a column holds times: `event_ts`, `createdAt`, `order_date`, `timestamp`. */
const TIME_WORDS: ReadonlySet<string> = new Set([
  'time',
  'timestamp',
  'ts',
  'date',
  'datetime',
  'epoch',
  'at',
]);

// 1990-01-01 to 2100-01-01 in epoch seconds; milliseconds are the same ×1000.
const SECONDS_MIN = 631_152_000;
const SECONDS_MAX = 4_102_444_800;

/** The name's words, split at anything not a letter or digit and at lower→upper case steps. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** True when a column's name says it holds times (`ts`, `date`, ... as a word; `at` only last). */
function nameSaysTime(name: string): boolean {
  const words = nameWords(name);
  return words.some(
    (word, i) => TIME_WORDS.has(word) && (word !== 'at' || (i === words.length - 1 && i > 0)),
  );
}

/**
 * The epoch unit the column's numbers are in, by their range (every finite value within 1990–2100
 * as seconds, or as milliseconds); undefined when neither fits, or when `name` is given and does
 * not say time (pass null to skip the name).
 */
export function epochUnitOf(name: string | null, numbers: NumericSummary): 's' | 'ms' | undefined {
  if (numbers.count === 0) return undefined;
  if (name !== null && !nameSaysTime(name)) return undefined;
  const { min, max } = numbers;
  if (min >= SECONDS_MIN && max <= SECONDS_MAX) return 's';
  if (min >= SECONDS_MIN * 1000 && max <= SECONDS_MAX * 1000) return 'ms';
  return undefined;
}
