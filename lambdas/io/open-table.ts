import type { ColumnSchema, RecordBatch, TableReader } from '../core/columns.ts';
import { SnapshotFormatError, UsageError } from '../core/errors.ts';
import type { ByteSource } from './byte-source.ts';
import { CsvReader } from './csv-reader.ts';
import { detectFormat, type TableFormat, type TableFormatName } from './format.ts';
import { gunzipped } from './gzip.ts';
import { JsonLinesReader } from './jsonl-reader.ts';
import { ParquetReadBuffers, ParquetReader } from './parquet-reader.ts';
import type { ReadLimits } from './read-limits.ts';
import { sageMakerCaptureReader } from './sagemaker-capture-reader.ts';

export interface OpenTableOptions {
  /** CSV field delimiter. @default `.tsv`: tab; otherwise detected from each file's header line */
  readonly delimiter?: string;
  /** CSV cells read as null besides the empty field. @default DEFAULT_NULL_TOKENS of csv-reader */
  readonly nullTokens?: string[];
  /**
   * The caller is done with each batch before it asks for the next, so readers may reuse batch
   * buffers (CSV scanner, Parquet fast path). @default false
   */
  readonly reuseBuffers?: boolean;
  /** Ceilings on columns, line length, nesting, gzip inflation and Parquet row counts. @default DEFAULT_READ_LIMITS */
  readonly limits?: Partial<ReadLimits>;
  /** Read every part as this format whatever its name (`--input-format`). @default by extension */
  readonly format?: TableFormatName;
  /** CSV numbers are written with a decimal comma (see CsvReaderOptions). @default false */
  readonly decimalComma?: boolean;
  /** Feature names of SageMaker capture CSV payloads (format `sagemaker-capture`). @default `_c0`, `_c1`, ... */
  readonly captureColumns?: readonly string[];
}

/**
 * Opens one file, or several part files read as ONE table in the order given. Parts must share
 * the format (gzip or not may differ) and the column names (order may differ: batches follow the
 * first part's order); Parquet parts must also declare the same types. Each part's header or
 * footer is read here, so a mismatch fails before any rows are profiled, naming the odd file.
 * Batches keep their part's `source` and part-relative `firstRow`.
 */
export async function openTable(
  sources: readonly ByteSource[],
  options: OpenTableOptions = {},
): Promise<TableReader> {
  if (sources.length === 0) throw new UsageError('no snapshot files to read');
  const formats = sources.map((source) => detectFormat(source.name, options.format));
  const [first] = formats;
  const readers: TableReader[] = [];
  // Parts are read one after another: their Parquet readers can share one set of buffers.
  const buffers = new ParquetReadBuffers();
  for (const [i, source] of sources.entries()) {
    const format = formats[i];
    if (format.kind !== first.kind || format.delimiter !== first.delimiter) {
      throw new SnapshotFormatError(
        source.name,
        null,
        `is ${describeFormat(format)} but ${sources[0].name} is ${describeFormat(first)}; all part files of a table must have the same format`,
      );
    }
    readers.push(await openOne(source, format, options, buffers));
  }
  if (readers.length === 1) return readers[0];

  const schemas: (readonly ColumnSchema[])[] = [];
  for (const reader of readers) schemas.push(await reader.schema());
  const expected = schemas[0];
  for (let i = 1; i < readers.length; i++) {
    const problem = schemaDifference(expected, schemas[i], sources[0].name);
    if (problem !== null) throw new SnapshotFormatError(sources[i].name, null, problem);
  }
  return new PartedTable(readers, expected);
}

async function openOne(
  source: ByteSource,
  format: TableFormat,
  options: OpenTableOptions,
  buffers: ParquetReadBuffers,
): Promise<TableReader> {
  switch (format.kind) {
    case 'parquet':
      return ParquetReader.open(source, {
        reuseBuffers: options.reuseBuffers === true,
        buffers,
        limits: options.limits,
      });
    case 'csv':
      return new CsvReader(format.gzip ? gunzipped(source, options.limits) : source, {
        delimiter: options.delimiter ?? format.delimiter,
        nullTokens: options.nullTokens,
        reuseBuffers: options.reuseBuffers === true,
        limits: options.limits,
        decimalComma: options.decimalComma === true,
      });
    case 'sagemaker-capture':
      return sageMakerCaptureReader(format.gzip ? gunzipped(source, options.limits) : source, {
        limits: options.limits,
        ...(options.captureColumns ? { captureColumns: options.captureColumns } : {}),
      });
    case 'jsonl':
    case 'json':
      return new JsonLinesReader(format.gzip ? gunzipped(source, options.limits) : source, {
        limits: options.limits,
        layout: format.kind === 'json' ? 'array-or-lines' : 'lines',
      });
  }
}

/** A format's name in messages: `CSV`, `TSV`, `Parquet`, `JSON`, `JSON Lines`. */
export function describeFormat(format: TableFormat): string {
  if (format.kind === 'csv') return format.delimiter === '\t' ? 'TSV' : 'CSV';
  if (format.kind === 'sagemaker-capture') return 'SageMaker Data Capture';
  return format.kind === 'parquet' ? 'Parquet' : format.kind === 'json' ? 'JSON' : 'JSON Lines';
}

/**
 * Why a part's columns do not match the first part's (names, then declared types), or null. Also
 * checks the fan-out's partial profiles, whose columns carry the same name and source type.
 */
export function schemaDifference(
  expected: readonly Pick<ColumnSchema, 'name' | 'sourceType'>[],
  actual: readonly Pick<ColumnSchema, 'name' | 'sourceType'>[],
  firstName: string,
): string | null {
  const byName = new Map(actual.map((column) => [column.name, column]));
  const expectedNames = new Set(expected.map((column) => column.name));
  const missing = expected.filter((column) => !byName.has(column.name)).map((column) => `"${column.name}"`);
  const extra = actual
    .filter((column) => !expectedNames.has(column.name))
    .map((column) => `"${column.name}"`);
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
      extra.length > 0 ? `has ${extra.join(', ')} in addition` : '',
    ].filter((part) => part !== '');
    return `its columns differ from ${firstName}: it ${parts.join(' and ')}; all part files of a table must have the same columns`;
  }
  for (const column of expected) {
    const other = byName.get(column.name)!;
    if (other.sourceType !== column.sourceType) {
      return `column "${column.name}" is ${other.sourceType} here but ${column.sourceType} in ${firstName}; all part files of a table must declare the same types`;
    }
  }
  return null;
}

/** Part files streamed one after another as one table. */
class PartedTable implements TableReader {
  constructor(
    private readonly parts: readonly TableReader[],
    private readonly columns: readonly ColumnSchema[],
  ) {}

  async schema(): Promise<readonly ColumnSchema[]> {
    return this.columns;
  }

  async *batches(columns?: readonly string[]): AsyncIterable<RecordBatch> {
    // An explicit list makes every part yield the first part's column order.
    const wanted = columns ?? this.columns.map((column) => column.name);
    for (const part of this.parts) yield* part.batches(wanted);
  }
}
