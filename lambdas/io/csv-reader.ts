import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Cell, ColumnSchema, ColumnValues, RecordBatch, TableReader } from '../core/columns.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import { CsvNeedsLibrary, scanCsv } from './csv-scanner.ts';
import type { ByteStream } from './gzip.ts';
import { type ReadLimits, readLimits } from './read-limits.ts';
import { utf8Text } from './utf8-text.ts';

/**
 * Cells that mean "missing" besides the empty field. `NaN`, `nan`, `inf`, `Infinity` stay text:
 * the profiler turns them into NaN/±Inf and counts them apart from nulls.
 */
const DEFAULT_NULL_TOKENS: readonly string[] = ['NA', 'N/A', 'null', 'NULL', 'None'];

/** How far readPlainHeader looks for the end of the header line. */
const PLAIN_HEADER_MAX_BYTES = 1 << 20;

/** Delimiters recognised when detecting, in order of preference on a tie. */
/**
 * Cells a batch holds (its rows × the columns read): 32,768 rows of 20 columns. By cells, not
 * rows, so a wide table's batch stays as small: a batch keeps every cell's position and number
 * and the input chunks its rows span, so a batch of a fixed row count grows with the columns
 * (bench/check-bench.ts, section `wide`, CSV). 32,768 rather than 65,536 rows of 20: with two
 * profiling workers the smaller batches keep the CSV check's peak memory lower at the same speed
 * (section `pair`).
 */
const CELLS_PER_BATCH = 32_768 * 20;
const CANDIDATE_DELIMITERS = [',', '\t', ';', '|'] as const;

export interface CsvReaderOptions {
  /** Field delimiter. @default detected from the header line: the most frequent of `,` tab `;` `|` outside quotes (`,` when none occurs) */
  readonly delimiter?: string;
  /** Cells read as null besides the empty field; replaces the defaults. @default DEFAULT_NULL_TOKENS */
  readonly nullTokens?: readonly string[];
  /**
   * Rows per batch. @default as many as make CELLS_PER_BATCH cells of the columns read (32,768
   * rows of 20 columns), at most 32,768 and at least 256 rows
   */
  readonly batchRows?: number;
  /**
   * Read with the byte-level scanner (typed numbers, strings by code), handing over to csv-parse
   * from the first row it leaves to the library. False reads everything with csv-parse (the
   * cross-check). @default true
   */
  readonly fastPath?: boolean;
  /** The scanner reuses its batch buffers (see CsvScanOptions.reuseBuffers). @default false */
  readonly reuseBuffers?: boolean;
  /** Columns and record length allowed. @default DEFAULT_READ_LIMITS */
  readonly limits?: Partial<ReadLimits>;
  /**
   * Numbers are written with a decimal comma (`3,14`; the profiler reads them, see
   * `ProfilerOptions.decimalSeparator`): the scanner, which reads only decimal points, steps
   * aside, and a `,` delimiter is refused. @default false
   */
  readonly decimalComma?: boolean;
}

/**
 * A delimited text table: a header row (required) then data rows, UTF-8 (a BOM is dropped),
 * RFC 4180 quoting (embedded delimiters, newlines and doubled quotes), LF or CRLF line ends.
 * Blank lines are skipped. Every cell arrives as `string | null` in `cells` columns; rows are
 * numbered from 1 after the header, and errors name that row.
 */
export class CsvReader implements TableReader {
  private header: readonly string[] | undefined;
  private delimiter: string | undefined;
  private readonly nullTokens: ReadonlySet<string>;
  private readonly limits: ReadLimits;

  constructor(
    private readonly source: ByteStream,
    private readonly options: CsvReaderOptions = {},
  ) {
    this.nullTokens = new Set(['', ...(options.nullTokens ?? DEFAULT_NULL_TOKENS)]);
    this.limits = readLimits(options.limits);
  }

  private get fastPath(): boolean {
    return this.options.fastPath ?? this.options.decimalComma !== true;
  }

  /** Rows per batch of `columns` columns (see `batchRows`). */
  private rowsPerBatch(columns: number): number {
    return this.options.batchRows ?? Math.min(32_768, Math.max(256, Math.floor(CELLS_PER_BATCH / columns)));
  }

  async schema(): Promise<readonly ColumnSchema[]> {
    if (this.header === undefined && this.fastPath) await this.readPlainHeader();
    if (this.header === undefined) {
      // Reading stops after the header: the rest of the stream is never fetched.
      for await (const _ of this.records()) break;
    }
    return (this.header ?? []).map((name) => ({ name, sourceType: 'untyped' }));
  }

  async *batches(columns?: readonly string[]): AsyncIterable<RecordBatch> {
    let skipRows = 0;
    if (this.fastPath) {
      await this.schema();
      const header = this.header ?? [];
      const delimiter = this.delimiter ?? ',';
      const code = delimiter.charCodeAt(0);
      if (
        header.length > 0 &&
        delimiter.length === 1 &&
        code < 0x80 &&
        code !== 0x22 &&
        code !== 0x0a &&
        code !== 0x0d
      ) {
        const wanted = this.wanted(header, columns);
        try {
          // With reuseBuffers the scanner copies each chunk into its pool as it arrives.
          const reuse = this.options.reuseBuffers === true;
          for await (const batch of scanCsv(this.source.stream({ recycle: reuse }), {
            source: this.source.name,
            delimiter: code,
            nullTokens: this.nullTokens,
            header,
            wanted,
            batchRows: this.rowsPerBatch(wanted.length),
            reuseBuffers: this.options.reuseBuffers === true,
          })) {
            skipRows += batch.rowCount;
            yield batch;
          }
          return;
        } catch (error) {
          if (!(error instanceof CsvNeedsLibrary)) throw error;
          // From the first unusual row on, csv-parse reads (and words any error) as it always did.
        }
      }
    }
    yield* this.libraryBatches(columns, skipRows);
  }

  /**
   * The header and delimiter without starting csv-parse, when the first line is plain: printable
   * ASCII without quotes (then csv-parse's record is the line split at the delimiter). Anything
   * else, or a read error, leaves `header` unset for the library path to read (and word errors).
   */
  private async readPlainHeader(): Promise<void> {
    let bytes = new Uint8Array(0);
    let lineEnd = -1;
    const chunks = this.source.stream()[Symbol.asyncIterator]();
    try {
      for (;;) {
        lineEnd = bytes.indexOf(0x0a);
        if (lineEnd !== -1 || bytes.length >= PLAIN_HEADER_MAX_BYTES) break;
        const next = await chunks.next();
        if (next.done === true) return;
        const joined = new Uint8Array(bytes.length + next.value.length);
        joined.set(bytes);
        joined.set(next.value, bytes.length);
        bytes = joined;
      }
    } catch {
      return;
    } finally {
      await chunks.return?.(undefined);
    }
    if (lineEnd === -1) return;
    let start = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    const end = lineEnd > start && bytes[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd;
    if (end === start) return;
    for (let i = start; i < end; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e || bytes[i] === 0x22) return;
    const line = new TextDecoder('latin1').decode(bytes.subarray(start, end));
    const delimiter = this.options.delimiter ?? detectDelimiter(line);
    if (delimiter.length === 0) return;
    this.header = checkHeader(this.source.name, line.split(delimiter), this.limits.maxColumns);
    this.delimiter = delimiter;
  }

  private wanted(header: readonly string[], columns: readonly string[] | undefined) {
    return (columns ?? header).map((name) => {
      const index = header.indexOf(name);
      if (index === -1) {
        throw new SnapshotFormatError(
          this.source.name,
          null,
          `no column named "${name}"; the header has ${header.map((h) => `"${h}"`).join(', ')}`,
        );
      }
      return { name, index };
    });
  }

  /** csv-parse records into `cells` batches; the first `skipRows` data rows were delivered already. */
  private async *libraryBatches(
    columns: readonly string[] | undefined,
    skipRows: number,
  ): AsyncIterable<RecordBatch> {
    const records = this.records();
    const first = await records.next();
    const header = this.header!;
    const wanted = this.wanted(header, columns);
    const batchRows = this.rowsPerBatch(wanted.length);
    if (first.done) return;
    let cells = wanted.map(() => [] as Cell[]);
    let firstRow = skipRows + 1;
    let row = 0;
    const flush = (): RecordBatch => {
      const batchColumns = new Map<string, ColumnValues>();
      for (const [k, { name }] of wanted.entries())
        batchColumns.set(name, { type: 'cells', values: cells[k] });
      const batch = {
        source: this.source.name,
        firstRow,
        rowCount: row - firstRow + 1,
        columns: batchColumns,
      };
      firstRow = row + 1;
      cells = wanted.map(() => []);
      return batch;
    };
    try {
      for (let next: IteratorResult<string[]> = first; !next.done; next = await records.next()) {
        row++;
        if (row <= skipRows) continue;
        const record = next.value;
        if (record.length !== header.length) {
          throw new SnapshotFormatError(
            this.source.name,
            `row ${row}`,
            `expected ${header.length} fields, found ${record.length}`,
          );
        }
        for (let k = 0; k < wanted.length; k++) {
          const text = record[wanted[k].index];
          cells[k].push(this.nullTokens.has(text) ? null : text);
        }
        if (row - firstRow + 1 === batchRows) yield flush();
      }
      if (row >= firstRow) yield flush();
    } finally {
      await records.return(undefined);
    }
  }

  /** Data records after the header; sets `this.header` before yielding the first. */
  private async *records(): AsyncGenerator<string[]> {
    const name = this.source.name;
    const text = utf8Text(this.source)[Symbol.asyncIterator]();
    // Buffer up to the end of the header line to choose the delimiter before parsing; each
    // piece is scanned once (rescanning the whole prefix per piece is quadratic in its length).
    const pieces: string[] = [];
    const scan = { quoted: false };
    let ended = false;
    let lineEnd = -1;
    let prefixLength = 0;
    while (lineEnd === -1) {
      const next = await text.next();
      if (next.done) {
        ended = true;
        break;
      }
      const end = headerLineEnd(next.value, scan);
      if (end !== -1) lineEnd = prefixLength + end;
      pieces.push(next.value);
      prefixLength += next.value.length;
      if (lineEnd === -1 && prefixLength > this.limits.maxLineBytes) {
        throw new SnapshotFormatError(
          name,
          'header',
          `the header line is longer than ${this.limits.maxLineBytes} bytes (readLimits.maxLineBytes); is the file CSV?`,
        );
      }
    }
    const prefix = pieces.join('');
    if (prefix.trim() === '') {
      throw new SnapshotFormatError(
        name,
        null,
        'the file is empty; expected a header row naming the columns',
      );
    }
    const delimiter =
      this.options.delimiter ?? detectDelimiter(prefix.slice(0, ended ? prefix.length : lineEnd));
    if (this.options.decimalComma === true && delimiter === ',') {
      throw new SnapshotFormatError(
        name,
        'header',
        "fields are separated by ',', the decimal separator asked for (decimal ','): a decimal-comma file separates fields with ';' or a tab",
      );
    }
    this.delimiter = delimiter;
    const parser = parse({
      delimiter,
      record_delimiter: ['\r\n', '\n'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // A field or record longer than this is an error (CSV_MAX_RECORD_SIZE), not a growing buffer.
      max_record_size: this.limits.maxLineBytes,
    });
    const headerEnd = ended ? prefix.length : lineEnd + 1;
    const chunks = async function* () {
      try {
        // The header line alone first: a reader that stops after the header (schema(), the
        // scanner's hand-over check) then has csv-parse parse one line, not the whole chunk.
        yield prefix.slice(0, headerEnd);
        if (headerEnd < prefix.length) yield prefix.slice(headerEnd);
        if (ended) return;
        for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
      } finally {
        // Stopped early (an error, a consumer that left): close the file now, not at GC.
        await text.return?.(undefined);
      }
    };
    const piping = pipeline(Readable.from(chunks()), parser).catch(() => {});
    let recordsSeen = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        recordsSeen++;
        if (recordsSeen === 1) {
          this.header = checkHeader(name, record, this.limits.maxColumns);
          continue;
        }
        yield record;
      }
    } catch (error) {
      if (error instanceof SnapshotFormatError) throw error;
      throw describeParseError(name, error, recordsSeen);
    } finally {
      parser.destroy();
      await piping;
    }
  }
}

/**
 * Index in `piece` of the first newline outside quotes, or -1 if the header line goes on; `scan`
 * carries the quoting state from one piece of the text to the next.
 */
function headerLineEnd(piece: string, scan: { quoted: boolean }): number {
  for (let i = 0; i < piece.length; i++) {
    const c = piece.charCodeAt(i);
    if (c === 0x22) scan.quoted = !scan.quoted;
    else if (c === 0x0a && !scan.quoted) return i;
  }
  return -1;
}

function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: string = ',';
  let bestCount = 0;
  for (const [delimiter, count] of counts) {
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

function checkHeader(source: string, names: string[], maxColumns: number): string[] {
  if (names.length > maxColumns) {
    throw new SnapshotFormatError(
      source,
      'header',
      `${names.length} columns; at most ${maxColumns} are read (readLimits.maxColumns)`,
    );
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name.trim() === '') {
      throw new SnapshotFormatError(
        source,
        'header',
        `column ${i + 1} has no name; every column needs a name`,
      );
    }
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new SnapshotFormatError(
        source,
        'header',
        `column name "${name}" appears twice (columns ${earlier + 1} and ${i + 1}); column names must be unique`,
      );
    }
    seen.set(name, i);
  });
  return names;
}

function describeParseError(source: string, error: unknown, recordsSeen: number): SnapshotFormatError {
  const code = (error as { code?: string }).code;
  // The failing record is the one after the last complete record; record 1 is the header.
  const location = recordsSeen === 0 ? 'header' : `row ${recordsSeen}`;
  const problem =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted field is never closed: the quote opened in this row runs to the end of the file'
      : code === 'CSV_MAX_RECORD_SIZE'
        ? 'the row is longer than the limit on a record (readLimits.maxLineBytes); an unclosed quote?'
        : code === 'CSV_INVALID_CLOSING_QUOTE'
          ? 'text follows a closing quote; a quote inside a quoted field must be doubled ("")'
          : `the row cannot be parsed (${error instanceof Error ? error.message : String(error)})`;
  return new SnapshotFormatError(source, location, problem, { cause: error });
}
