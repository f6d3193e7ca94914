import type { Cell, ColumnSchema, ColumnValues, RecordBatch, TableReader } from '../core/columns.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteStream } from './gzip.ts';
import { JsonArrayElements } from './json-array-elements.ts';
import { type ReadLimits, readLimits } from './read-limits.ts';
import { utf8Text } from './utf8-text.ts';

export interface JsonLinesReaderOptions {
  /** Rows per batch, at most. @default 65536 */
  readonly batchRows?: number;
  /** Columns, line length and nesting allowed. @default DEFAULT_READ_LIMITS */
  readonly limits?: Partial<ReadLimits>;
  /**
   * The rows one record holds, as objects keyed by column (errors name `source` and `location`).
   * @default the record's JSON object as one row
   */
  readonly rowsOfRecord?: RowsOfRecord;
  /**
   * `lines`: JSON Lines only. `array-or-lines` (a `.json` file): a JSON array of objects when the
   * text starts with `[` (pandas `to_json(orient="records")`), else JSON Lines (Spark's and pandas'
   * `lines=True` output). @default 'lines'
   */
  readonly layout?: 'lines' | 'array-or-lines';
}

/** Turns one record (a line) into rows: a SageMaker capture record may hold several. */
export type RowsOfRecord = (
  source: string,
  location: string,
  text: string,
) => readonly Record<string, unknown>[];

const oneObjectPerRecord: RowsOfRecord = (source, location, text) => [parseObject(source, location, text)];

/**
 * Cells a batch holds (rows × columns), as the CSV reader's: a batch of a file whose lines
 * bring ever new keys is cut short instead of growing as rows × keys.
 */
const CELLS_PER_BATCH = 32_768 * 20;

/** One column's cells of the current batch: only the rows that have the key (others are null). */
interface SparseColumn {
  rows: number[];
  cells: Cell[];
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
 * Rows are numbered from 1 over non-blank lines (over the rows `rowsOfRecord` makes of them, when
 * a line holds several); errors name the physical line (in an array, the element: `element 3`).
 *
 * Linear in the input: a line is joined from its pieces once, a row costs its own keys (a batch
 * is filled in with nulls when handed over), and the column count, line length and nesting depth
 * have ceilings (`ReadLimits`) that end in an error naming the file and line.
 */
export class JsonLinesReader implements TableReader {
  private firstBatchKeys: readonly string[] | undefined;
  private readonly batchRows: number;
  private readonly limits: ReadLimits;
  private readonly layout: 'lines' | 'array-or-lines';
  private readonly rowsOfRecord: RowsOfRecord;

  constructor(
    private readonly source: ByteStream,
    options: JsonLinesReaderOptions = {},
  ) {
    this.batchRows = options.batchRows ?? 65_536;
    this.limits = readLimits(options.limits);
    this.layout = options.layout ?? 'lines';
    this.rowsOfRecord = options.rowsOfRecord ?? oneObjectPerRecord;
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
    const { maxColumns, maxLineBytes, maxNestingDepth } = this.limits;
    // Column name → this batch's cells; insertion order is first-seen order.
    const columns = new Map<string, SparseColumn>(
      (projection ?? []).map((key) => [key, { rows: [], cells: [] }]),
    );
    let rowsInBatch = 0;
    let firstRow = 1;
    let lineNumber = 0;
    const flush = (): RecordBatch => {
      const batchColumns = new Map<string, ColumnValues>();
      for (const [key, column] of columns) {
        const values = new Array<Cell>(rowsInBatch).fill(null);
        for (let k = 0; k < column.rows.length; k++) values[column.rows[k]] = column.cells[k];
        batchColumns.set(key, { type: 'cells', values });
        column.rows = [];
        column.cells = [];
      }
      const batch = { source: name, firstRow, rowCount: rowsInBatch, columns: batchColumns };
      this.firstBatchKeys ??= [...columns.keys()];
      firstRow += rowsInBatch;
      rowsInBatch = 0;
      return batch;
    };
    const full = () =>
      rowsInBatch >= this.batchRows || rowsInBatch * Math.max(1, columns.size) >= CELLS_PER_BATCH;
    const addLine = (line: string): void => {
      lineNumber++;
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text.trim() === '') return;
      addRecord(text, `line ${lineNumber}`);
    };
    const addRecord = (text: string, location: string): void => {
      for (const record of this.rowsOfRecord(name, location, text)) {
        for (const key of Object.keys(record)) {
          let column = columns.get(key);
          if (column === undefined) {
            if (projection !== undefined) continue;
            if (columns.size >= maxColumns) {
              throw new SnapshotFormatError(
                name,
                location,
                `key "${key.slice(0, 80)}" would be column ${columns.size + 1}; at most ${maxColumns} columns are read (readLimits.maxColumns)`,
              );
            }
            column = { rows: [], cells: [] };
            columns.set(key, column);
          }
          column.rows.push(rowsInBatch);
          column.cells.push(toCell(record[key], maxNestingDepth, name, location, key));
        }
        rowsInBatch++;
      }
    };
    // The unfinished line's pieces, joined once its end arrives (joining per chunk is quadratic).
    let pieces: string[] = [];
    let pending = 0;
    const keep = (piece: string): void => {
      pieces.push(piece);
      pending += piece.length;
      if (pending > maxLineBytes) {
        throw new SnapshotFormatError(
          name,
          `line ${lineNumber + 1}`,
          `the line is longer than ${maxLineBytes} bytes (readLimits.maxLineBytes); is it one JSON object per line?`,
        );
      }
    };
    // Undecided (undefined) until the first text that is not blank; null: JSON Lines.
    let array: JsonArrayElements | null | undefined = this.layout === 'lines' ? null : undefined;
    for await (const text of utf8Text(this.source)) {
      if (array === undefined) {
        const first = text.search(/\S/);
        if (first !== -1) {
          // The record object is one level deeper than a cell's value.
          array = text[first] === '[' ? new JsonArrayElements(name, maxLineBytes, maxNestingDepth + 1) : null;
        }
      }
      if (array) {
        for (const element of array.push(text)) {
          addRecord(element.text, `element ${element.index}`);
          if (full()) yield flush();
        }
        continue;
      }
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        if (pieces.length > 0) {
          keep(text.slice(start, end));
          addLine(pieces.join(''));
          pieces = [];
          pending = 0;
        } else {
          if (end - start > maxLineBytes) keep(text.slice(start, end));
          addLine(text.slice(start, end));
        }
        start = end + 1;
        if (full()) yield flush();
      }
      if (start < text.length) keep(start === 0 ? text : text.slice(start));
    }
    if (array) array.end();
    if (pieces.length > 0) addLine(pieces.join(''));
    if (rowsInBatch > 0) yield flush();
    this.firstBatchKeys ??= [...columns.keys()];
  }
}

/** A record's JSON object. @throws SnapshotFormatError naming the file and location when it is not one. */
export function parseObject(source: string, location: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFormatError(source, location, `not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new SnapshotFormatError(source, location, `expected a JSON object, found ${found}`);
  }
  return value as Record<string, unknown>;
}

function toCell(value: unknown, maxDepth: number, source: string, location: string, key: string): Cell {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  // JSON.parse nests without limit, JSON.stringify recurses (20,000 levels overflow the stack).
  if (depthExceeds(value, maxDepth)) {
    throw new SnapshotFormatError(
      source,
      location,
      `the value of "${key.slice(0, 80)}" nests deeper than ${maxDepth} levels (readLimits.maxNestingDepth)`,
    );
  }
  return JSON.stringify(value);
}

/** Whether arrays and objects nest deeper than `max` inside `value`; iterative, O(size). */
function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node as object);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
