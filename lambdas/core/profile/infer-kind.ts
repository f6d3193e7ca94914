import type { FeatureKind } from '../kinds.ts';
import type { CellClass } from './cell-parsing.ts';
import type { ColumnProfile } from './column-profile.ts';
import { type DatetimeLayoutId, detectTextDatetimes } from './datetime-layouts.ts';
import { epochUnitOf } from './epoch-columns.ts';

/**
 * A string column is free text (titles, names, descriptions), not categories, when more than this
 * share of its values are distinct and there are at least `TEXT_MIN_DISTINCT` of them: a χ² over
 * hundreds of one-off labels measures nothing (README "Columns").
 */
const TEXT_MIN_DISTINCT_SHARE = 0.5;
const TEXT_MIN_DISTINCT = 50;

/**
 * Where a datetime column's values come from: cells that parsed as date-times (typed columns, ISO
 * text), numbers read as epoch seconds or milliseconds, or text in another layout.
 */
export type DatetimeSource =
  | { readonly from: 'cells' }
  | { readonly from: 'epoch'; readonly unit: 's' | 'ms' }
  | { readonly from: 'text'; readonly layout: DatetimeLayoutId };

/** How a column is read: its kind, and for a datetime the source of its values. */
export interface ColumnReading {
  readonly kind: FeatureKind;
  /** Set when `kind` is datetime. */
  readonly datetimes?: DatetimeSource;
  /** Something the report should say about the reading (an assumed day/month order). */
  readonly note?: string;
}

/** The kind a column is treated as; see `readColumn`. */
export function inferKind(column: ColumnProfile): FeatureKind {
  return readColumn(column).kind;
}

/**
 * How a column is read: the override if configured; else what the file declares (numbers,
 * booleans, timestamps); for untyped cells, the class most non-null cells parse as (ties go to
 * strings, the conservative reading). Then, from what the profile keeps (never a second pass):
 * numbers written with leading zeros (zip codes) are text; numbers in a column whose name says
 * time or date, in the range of epoch seconds or milliseconds, are date-times; text in a common
 * date layout is date-times; strings mostly distinct are `text`. README "Columns" lists the rules.
 */
export function readColumn(column: ColumnProfile): ColumnReading {
  if (column.kindOverride !== null) {
    return column.kindOverride === 'datetime' ? datetimeReading(column) : { kind: column.kindOverride };
  }
  switch (column.sourceType) {
    case 'double':
    case 'integer':
    case 'decimal':
      return numberReading(column);
    case 'boolean':
      return { kind: 'boolean' };
    case 'timestamp':
    case 'date':
      return { kind: 'datetime', datetimes: { from: 'cells' } };
    case 'string':
      return stringReading(column);
    case 'untyped':
      return untypedReading(column);
  }
}

function untypedReading(column: ColumnProfile): ColumnReading {
  const best = majorityClass(column);
  if (best === null) return { kind: 'categorical' };
  switch (best) {
    case 'number':
      return hasLeadingZeroText(column) ? stringReading(column) : numberReading(column);
    case 'boolean':
      return { kind: 'boolean' };
    case 'datetime':
      return { kind: 'datetime', datetimes: { from: 'cells' } };
    case 'string':
      return stringReading(column);
  }
}

/** The class most non-null cells parse as (ties to strings); null for a column of nulls. */
function majorityClass(column: ColumnProfile): CellClass | null {
  let best: CellClass = 'string';
  let bestCount = column.classes.string;
  for (const cls of ['number', 'boolean', 'datetime'] as const) {
    if (column.classes[cls] > bestCount) {
      best = cls;
      bestCount = column.classes[cls];
    }
  }
  return bestCount === 0 ? null : best;
}

function numberReading(column: ColumnProfile): ColumnReading {
  const unit = epochUnitOf(column.name, column.numbers);
  return unit === undefined ? { kind: 'numeric' } : { kind: 'datetime', datetimes: { from: 'epoch', unit } };
}

function stringReading(column: ColumnProfile): ColumnReading {
  const { counts, other } = column.categories;
  const nonNull = column.rows - column.nulls;
  if (nonNull === 0 || counts.size === 0) return { kind: 'categorical' };
  const text = detectTextDatetimes(counts);
  if (text !== undefined) {
    return {
      kind: 'datetime',
      datetimes: { from: 'text', layout: text.layout },
      ...(text.ambiguousOrder !== undefined ? { note: text.ambiguousOrder } : {}),
    };
  }
  if (other > 0) return { kind: 'text' };
  return counts.size >= TEXT_MIN_DISTINCT && counts.size / nonNull > TEXT_MIN_DISTINCT_SHARE
    ? { kind: 'text' }
    : { kind: 'categorical' };
}

/**
 * A datetime column by configuration (a kind or the `timestamp` role): its values come from the
 * class most cells are: numbers as epoch seconds or milliseconds (told by their size), text in a
 * layout found over its values, or parsed date-times.
 */
function datetimeReading(column: ColumnProfile): ColumnReading {
  const best =
    column.sourceType === 'timestamp' || column.sourceType === 'date' ? 'datetime' : majorityClass(column);
  if (best === 'number') {
    return {
      kind: 'datetime',
      datetimes: { from: 'epoch', unit: epochUnitOf(null, column.numbers) ?? 'ms' },
    };
  }
  if (best === 'string') {
    const text = detectTextDatetimes(column.categories.counts);
    if (text !== undefined) {
      return {
        kind: 'datetime',
        datetimes: { from: 'text', layout: text.layout },
        ...(text.ambiguousOrder !== undefined ? { note: text.ambiguousOrder } : {}),
      };
    }
  }
  return { kind: 'datetime', datetimes: { from: 'cells' } };
}

/**
 * Some number's text is a digit string with a leading zero ("00501"): a code, not a quantity.
 * The category table holds each number's text as first written, so this reads the table, with
 * character tests instead of a pattern: it runs over up to every label of every numeric column.
 */
function hasLeadingZeroText(column: ColumnProfile): boolean {
  for (const text of column.categories.counts.keys()) if (isLeadingZeroDigits(text)) return true;
  return false;
}

/** `0` then one or more digits, nothing else (`00501`, not `0` or `0.5`). */
export function isLeadingZeroDigits(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 48) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The cell class that matches a kind; other non-null cells are type mismatches. */
function classOfKind(kind: FeatureKind): CellClass {
  switch (kind) {
    case 'numeric':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'categorical':
    case 'text':
      return 'string';
  }
}

/**
 * Non-null cells that do not fit the kind. Strings accept anything (every cell has a text
 * form), so categorical and text columns never mismatch. A datetime read from epoch numbers
 * expects numbers; one read from text in a layout, strings (cells of the layout that do not parse
 * are left to the compare, which reads only those that do).
 */
export function typeMismatches(column: ColumnProfile, kind: FeatureKind): number {
  if (kind === 'categorical' || kind === 'text') return 0;
  const nonNull = column.rows - column.nulls;
  return nonNull - column.classes[expectedClass(column, kind)];
}

/** The class a column's cells should have under a kind, the datetime's source considered. */
export function expectedClass(column: ColumnProfile, kind: FeatureKind): CellClass {
  if (kind !== 'datetime') return classOfKind(kind);
  const reading = readColumn({ ...column, kindOverride: 'datetime' });
  const source = reading.datetimes ?? { from: 'cells' };
  return source.from === 'epoch' ? 'number' : source.from === 'text' ? 'string' : 'datetime';
}
