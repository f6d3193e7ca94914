import type { SourceType } from '../columns.ts';
import type { FeatureKind } from '../kinds.ts';
import { type CategoryCounts, emptyCategoryCounts } from './category-counts.ts';
import type { CellClass } from './cell-parsing.ts';
import { emptyNumericSummary, type NumericSummary } from './numeric-summary.ts';

/** Where a cell was found, so quality messages can point at it. */
export interface CellLocation {
  readonly source: string;
  readonly row: number;
  readonly value: string;
}

/**
 * One column's profile. Untyped sources (CSV, JSON Lines) fill every accumulator a cell
 * parses into, so the kind can be decided at the end from the whole column (and the
 * baseline's kind can still be compared on a current column that changed type).
 */
export interface ColumnProfile {
  readonly name: string;
  sourceType: SourceType;
  /** Kind forced by configuration; null when inferred. */
  kindOverride: FeatureKind | null;
  rows: number;
  nulls: number;
  /** Rows whose cell could not be decoded (corrupt page); not nulls, not values. */
  unreadable: number;
  /** The first decoding error, in words with file and place; null when every cell read. */
  readError: string | null;
  /** Non-null cells by what they parse as. */
  classes: Record<CellClass, number>;
  /** First cell of each class, to show an example of a type mismatch. */
  firstOfClass: Partial<Record<CellClass, CellLocation>>;
  /** Cells that parsed as numbers (NaN and ±Inf included and counted apart). */
  numbers: NumericSummary;
  /** Cells that are dates or date-times, as epoch milliseconds. */
  datetimes: NumericSummary;
  /** Non-null cells as text (booleans as 'true'/'false'), capped. */
  categories: CategoryCounts;
}

export function emptyColumnProfile(
  name: string,
  sourceType: SourceType,
  kindOverride: FeatureKind | null,
): ColumnProfile {
  return {
    name,
    sourceType,
    kindOverride,
    rows: 0,
    nulls: 0,
    unreadable: 0,
    readError: null,
    classes: { number: 0, boolean: 0, datetime: 0, string: 0 },
    firstOfClass: {},
    numbers: emptyNumericSummary(),
    datetimes: emptyNumericSummary(),
    categories: emptyCategoryCounts(),
  };
}
