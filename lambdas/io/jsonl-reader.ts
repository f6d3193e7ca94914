import type { Cell, ColumnSchema, ColumnValues, RecordBatch, TableReader } from '../core/columns.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteStream } from './gzip.ts';
import { utf8Text } from './utf8-text.ts';

export interface JsonLinesReaderOptions {
  /** Rows per batch. @default 65536 */
  readonly batchRows?: number;
}

/**
 * JSON Lines (one JSON object per line, UTF-8, LF or CRLF; blank lines skipped). Cells:
 * strings, numbers, booleans and null as they are; nested objects and arrays as their compact
 * JSON text; a missing key is null.
 *
 * Columns: `schema()` is the keys of the first batch in first-seen order. A key first seen in a
 * later batch becomes a new column from that batch on (its earlier rows in that batch are null;
 * batches already yielded do not have it), so consumers must accept columns appearing mid-stream.
 * Without a projection every batch carries every key seen so far, in first-seen order; with a
 * projection exactly the projected keys (which must be in `schema()`), null where absent.
 * Rows are numbered from 1 over non-blank lines; errors name the physical line.
 */
export class JsonLinesReader implements TableReader {
  private firstBatchKeys: readonly string[] | undefined;
  private readonly batchRows: number;

  constructor(
    private readonly source: ByteStream,
    options: JsonLinesReaderOptions = {},
  ) {
    this.batchRows = options.batchRows ?? 65_536;
  }

  async schema(): Promise<readonly ColumnSchema[]> {
    if (this.firstBatchKeys === undefined) {
      for await (const _ of this.read(undefined)) break;
    }
    return (this.firstBatchKeys ?? []).map((name) => ({ name, sourceType: 'untyped' }));
  }

  async *batches(columns?: readonly string[]): AsyncIterable<RecordBatch> {
    if (columns !== undefined) {
      const known = (await this.schema()).map((column) => column.name);
      for (const name of columns) {
        if (!known.includes(name)) {
          throw new SnapshotFormatError(
            this.source.name,
            null,
            `no column named "${name}"; the first ${this.batchRows} rows have ${known.map((k) => `"${k}"`).join(', ')}`,
          );
        }
      }
    }
    yield* this.read(columns);
  }

  private async *read(projection: readonly string[] | undefined): AsyncGenerator<RecordBatch> {
    const name = this.source.name;
    // Column name → cells of the current batch; insertion order is first-seen order.
    const cells = new Map<string, Cell[]>((projection ?? []).map((key) => [key, []]));
    let rowsInBatch = 0;
    let firstRow = 1;
    let lineNumber = 0;
    let pending = '';
    const flush = (): RecordBatch => {
      const batchColumns = new Map<string, ColumnValues>();
      for (const [key, values] of cells) {
        batchColumns.set(key, { type: 'cells', values: values.slice() });
        values.length = 0;
      }
      const batch = { source: name, firstRow, rowCount: rowsInBatch, columns: batchColumns };
      this.firstBatchKeys ??= [...cells.keys()];
      firstRow += rowsInBatch;
      rowsInBatch = 0;
      return batch;
    };
    const addLine = (line: string): void => {
      lineNumber++;
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.trim() === '') return;
      const record = parseObject(name, lineNumber, text);
      for (const [key, values] of cells) {
        const value = record[key];
        values.push(value === undefined ? null : toCell(value));
      }
      if (projection === undefined) {
        for (const key of Object.keys(record)) {
          if (cells.has(key)) continue;
          const values = new Array<Cell>(rowsInBatch).fill(null);
          values.push(toCell(record[key]));
          cells.set(key, values);
        }
      }
      rowsInBatch++;
    };
    for await (const text of utf8Text(this.source)) {
      pending += text;
      let start = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
        addLine(pending.slice(start, end));
        start = end + 1;
        if (rowsInBatch === this.batchRows) yield flush();
      }
      pending = pending.slice(start);
    }
    if (pending !== '') addLine(pending);
    if (rowsInBatch > 0) yield flush();
    this.firstBatchKeys ??= [...cells.keys()];
  }
}

function parseObject(source: string, line: number, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFormatError(source, `line ${line}`, `not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new SnapshotFormatError(source, `line ${line}`, `expected a JSON object, found ${found}`);
  }
  return value as Record<string, unknown>;
}

function toCell(value: unknown): Cell {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  return JSON.stringify(value);
}
