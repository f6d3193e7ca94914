import { columnSeed, datetimeSeed, SeededRandom } from '../random.ts';
import type { ColumnProfile } from './column-profile.ts';
import { parseWithLayout } from './datetime-layouts.ts';
import { type DatetimeSource, readColumn } from './infer-kind.ts';
import {
  addNumber,
  DEFAULT_SAMPLING,
  emptyNumericSummary,
  type NumericSummary,
  settleMoments,
} from './numeric-summary.ts';

/** Derived summaries by column, made once per profile object (profiles are not changed after `finish`). */
const derived = new WeakMap<ColumnProfile, NumericSummary>();

/** Where a column's date-times come from when it is read as datetime (by inference or by configuration). */
export function datetimeSourceOf(column: ColumnProfile): DatetimeSource {
  return readColumn({ ...column, kindOverride: 'datetime' }).datetimes ?? { from: 'cells' };
}

/**
 * A column's date-times as epoch milliseconds: its parsed date-time cells; its numbers, scaled
 * from seconds when they are epoch seconds; or its text values parsed in their layout, each
 * counted as often as the category table counted it (values beyond the table's cap are not
 * there, so such a summary is not exact).
 */
export function datetimeSummaryOf(column: ColumnProfile): NumericSummary {
  const source = datetimeSourceOf(column);
  if (source.from === 'cells') return column.datetimes;
  if (source.from === 'epoch' && source.unit === 'ms') return column.numbers;
  let summary = derived.get(column);
  if (summary === undefined) {
    summary = source.from === 'epoch' ? scaled(column.numbers, 1000) : fromText(column, source.layout);
    derived.set(column, summary);
  }
  return summary;
}

function scaled(s: NumericSummary, factor: number): NumericSummary {
  const values = s.values.slice(0, s.size);
  for (let i = 0; i < values.length; i++) values[i] *= factor;
  return {
    ...s,
    mean: s.mean * factor,
    m2: s.m2 * factor * factor,
    min: s.min * factor,
    max: s.max * factor,
    distinct: s.distinct === null ? null : new Map([...s.distinct].map(([v, n]) => [v * factor, n])),
    values,
    size: values.length,
    sorted: s.sorted?.map((v) => v * factor),
  };
}

function fromText(column: ColumnProfile, layout: Parameters<typeof parseWithLayout>[1]): NumericSummary {
  const summary = emptyNumericSummary();
  const random = new SeededRandom(datetimeSeed(columnSeed(0, column.name)));
  for (const [text, count] of column.categories.counts) {
    const ms = parseWithLayout(text, layout);
    if (ms === undefined) continue;
    for (let i = 0; i < count; i++) addNumber(summary, ms, DEFAULT_SAMPLING, random);
  }
  settleMoments(summary);
  if (column.categories.other > 0) summary.exact = false;
  return summary;
}
