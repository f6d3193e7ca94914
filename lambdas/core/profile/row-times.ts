import type { ColumnValues, SourceType } from '../columns.ts';
import { parseDatetimeText } from './cell-parsing.ts';
import { parseWithLayout } from './datetime-layouts.ts';
import type { DatetimeSource } from './infer-kind.ts';

/** How a timestamp column's cells become times: what the profile learnt of the column. */
export interface TimeReading {
  readonly sourceType: SourceType;
  readonly source: DatetimeSource;
}

/**
 * Each row's time in epoch milliseconds (NaN: null, or not a time), read as the profile reads the
 * column's date-times (`datetimeSourceOf`): typed timestamps and dates as they are, epoch numbers
 * scaled from their unit, text in the column's layout (ISO 8601 when none was detected).
 */
export function rowTimes(column: ColumnValues, rowCount: number, reading: TimeReading): Float64Array {
  const out = new Float64Array(rowCount).fill(Number.NaN);
  const { source } = reading;
  const typed = reading.sourceType === 'timestamp' || reading.sourceType === 'date';
  const scale = typed ? 1 : source.from === 'epoch' ? (source.unit === 's' ? 1000 : 1) : Number.NaN;
  const text = (value: string): number =>
    (source.from === 'text' ? parseWithLayout(value, source.layout) : parseDatetimeText(value)) ?? Number.NaN;
  switch (column.type) {
    case 'number':
    case 'parsed-numbers':
      for (let i = 0; i < rowCount; i++)
        if (column.nulls === null || column.nulls[i] === 0) out[i] = column.values[i] * scale;
      break;
    case 'string':
      for (let i = 0; i < rowCount; i++) {
        const value = column.values[i];
        if (value !== null && value !== undefined) out[i] = text(value);
      }
      break;
    case 'dictionary': {
      const times = column.dictionary.map(text);
      for (let i = 0; i < rowCount; i++) {
        const code = column.codes[i];
        if (code >= 0 && (column.nulls === null || column.nulls[i] === 0)) out[i] = times[code];
      }
      break;
    }
    case 'cells':
      for (let i = 0; i < rowCount; i++) {
        const cell = column.values[i];
        if (typeof cell === 'number') out[i] = cell * scale;
        else if (typeof cell === 'string') out[i] = text(cell);
      }
      break;
    case 'boolean':
      break;
  }
  // Infinite or NaN products (a non-epoch number) are no time.
  for (let i = 0; i < rowCount; i++) if (!Number.isFinite(out[i])) out[i] = Number.NaN;
  return out;
}
