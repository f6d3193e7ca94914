import type { FeatureKind } from '../kinds.ts';
import type { CellClass } from './cell-parsing.ts';
import type { ColumnProfile } from './column-profile.ts';

/** A string column is free text rather than categories when values are long and mostly unique. */
const TEXT_MIN_MEAN_LENGTH = 32;
const TEXT_MIN_DISTINCT_SHARE = 0.5;

/**
 * The kind a column is treated as: the override if configured; else what the file declares
 * (numbers, booleans, timestamps); for untyped cells, the class most non-null cells parse
 * as (ties go to strings, the conservative reading). String columns are `text` when their
 * values are long and mostly distinct, or too many to count (an id column): drift on them
 * is rarely meaningful, so they are profiled but left out of drift unless asked.
 */
export function inferKind(column: ColumnProfile): FeatureKind {
  if (column.kindOverride !== null) return column.kindOverride;
  switch (column.sourceType) {
    case 'double':
    case 'integer':
    case 'decimal':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'timestamp':
    case 'date':
      return 'datetime';
    case 'string':
      return stringKind(column);
    case 'untyped':
      return untypedKind(column);
  }
}

function untypedKind(column: ColumnProfile): FeatureKind {
  let best: CellClass = 'string';
  let bestCount = column.classes.string;
  for (const cls of ['number', 'boolean', 'datetime'] as const) {
    if (column.classes[cls] > bestCount) {
      best = cls;
      bestCount = column.classes[cls];
    }
  }
  if (bestCount === 0) return 'categorical';
  switch (best) {
    case 'number':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'string':
      return stringKind(column);
  }
}

function stringKind(column: ColumnProfile): FeatureKind {
  const { counts, other, lengthSum } = column.categories;
  const nonNull = column.rows - column.nulls;
  if (nonNull === 0) return 'categorical';
  if (other > 0) return 'text';
  const meanLength = lengthSum / nonNull;
  const distinctShare = counts.size / nonNull;
  return meanLength >= TEXT_MIN_MEAN_LENGTH && distinctShare > TEXT_MIN_DISTINCT_SHARE
    ? 'text'
    : 'categorical';
}

/** The cell class that matches a kind; other non-null cells are type mismatches. */
export function classOfKind(kind: FeatureKind): CellClass {
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
 * form), so categorical and text columns never mismatch.
 */
export function typeMismatches(column: ColumnProfile, kind: FeatureKind): number {
  if (kind === 'categorical' || kind === 'text') return 0;
  const nonNull = column.rows - column.nulls;
  return nonNull - column.classes[classOfKind(kind)];
}
