/** Helpers shared by the reader tests: load truth files and flatten batches into plain cells. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ColumnValues, RecordBatch, TableReader } from '../../lambdas/core/columns.ts';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const fixture = (...parts: string[]): string => join(FIXTURES, ...parts);

export type TruthRow = Record<string, unknown>;

/**
 * Reads a truth file (JSON array of row objects, optionally gzipped). DuckDB writes NaN and
 * ±Infinity as bare words, which JSON lacks: they become the strings "NaN", "Infinity", "-Infinity".
 */
export function readTruth(path: string): TruthRow[] {
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return JSON.parse(text.replace(/:(-?Infinity|NaN)([,}\s])/g, ':"$1"$2')) as TruthRow[];
}

/** One column's cells as plain JS values: numbers, booleans, strings or null. */
export function cellsOf(column: ColumnValues): unknown[] {
  switch (column.type) {
    case 'number':
      return Array.from(column.values, (value, i) => (column.nulls?.[i] ? null : value));
    case 'boolean':
      return Array.from(column.values, (value, i) => (column.nulls?.[i] ? null : value === 1));
    case 'string':
    case 'cells':
      return [...column.values];
    case 'dictionary':
      return Array.from(column.codes, (code) => (code === -1 ? null : column.dictionary[code]));
    case 'parsed-numbers':
      return Array.from(column.values, (_, i) => (column.nulls?.[i] ? null : column.text(i)));
  }
}

export interface Collected {
  readonly batches: RecordBatch[];
  /** Column name → every cell, batches concatenated. */
  readonly columns: Map<string, unknown[]>;
}

export async function collect(reader: TableReader, columns?: readonly string[]): Promise<Collected> {
  const batches: RecordBatch[] = [];
  const all = new Map<string, unknown[]>();
  let rowsSoFar = 0;
  for await (const batch of reader.batches(columns)) {
    batches.push(batch);
    for (const [name, values] of batch.columns) {
      const length = values.type === 'dictionary' ? values.codes.length : values.values.length;
      if (length !== batch.rowCount) throw new Error(`column ${name} has the wrong length`);
      // A column first seen in a later batch (JSON Lines) is null in the rows before it.
      const cells = all.get(name) ?? new Array<unknown>(rowsSoFar).fill(null);
      cells.push(...cellsOf(values));
      all.set(name, cells);
    }
    rowsSoFar += batch.rowCount;
  }
  return { batches, columns: all };
}

/** Truth cell → the value our reader should yield (NaN/Infinity words back to numbers). */
export function expectedCell(value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}
