import {
  type FileMetaData,
  type ParquetParsers,
  parquetMetadata,
  parquetRead,
  parquetSchema,
} from 'hyparquet';
import { getMaxDefinitionLevel, getMaxRepetitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import type { ColumnSchema, ColumnValues, RecordBatch, SourceType, TableReader } from '../core/columns.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteSource } from './byte-source.ts';
import { checkColumnChunk } from './parquet-chunk-check.ts';
import { CorruptColumnChunk } from './parquet-chunk-errors.ts';
import { boundedCompressors as compressors } from './parquet-compressors.ts';
import { checkFooter } from './parquet-footer-check.ts';
import {
  ChunkOutputs,
  decodeColumnChunk,
  type FastColumnKind,
  fastColumnKind,
} from './parquet-page-decoder.ts';
import { type ReadLimits, readLimits } from './read-limits.ts';

type SchemaElement = FileMetaData['schema'][number];

const MAGIC = 0x31524150; // "PAR1" little-endian
/**
 * Decoded cells handed over in one batch at most (a wide row group comes in several pieces).
 * 8 MiB, not 64: `driftwatch check` reads two tables at once (a worker each), and smaller pieces
 * of a row group lower its peak memory at the same speed (bench/check-bench.ts, section `pair`).
 */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;
/** Smallest valid file: magic, empty metadata, length, magic. */
const MIN_PARQUET_BYTES = 12;

/**
 * Temporal values arrive as epoch milliseconds (numbers), not Date objects, so columns go
 * straight into Float64Arrays. Nanoseconds are truncated to microseconds first: a double holds
 * epoch microseconds exactly, epoch nanoseconds (~1.7e18) it does not.
 */
const NUMERIC_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => Number(micros) / 1000,
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1000n) / 1000,
  dateFromDays: (days: number) => days * 86_400_000,
};

interface ColumnPlan {
  readonly name: string;
  readonly sourceType: SourceType;
  /** Structs, lists and maps: delivered as JSON text. */
  readonly nested: boolean;
  /** How the typed page decoder reads it; null: only through hyparquet's generic path. */
  readonly fastKind: FastColumnKind | null;
  readonly optional: boolean;
}

export interface ParquetReaderOptions {
  /**
   * Decode flat primitive columns with the typed page decoder (numbers into Float64Arrays,
   * strings into dictionary codes), falling back to hyparquet per column chunk for anything it
   * does not handle. False reads everything through hyparquet (the cross-check). @default true
   */
  readonly fastPath?: boolean;
  /**
   * Decoded bytes (about nine a cell) per batch before a row group's remaining columns go into
   * a further batch of the same rows (`continues`). @default 8 MiB
   */
  readonly maxBatchBytes?: number;
  /**
   * The caller is done with each batch before it asks for the next (the profiler), so the fast
   * path may decode the next row group into the same arrays. @default false
   */
  readonly reuseBuffers?: boolean;
  /**
   * Buffers to decode into, shared by the readers of one table's part files (read one after
   * another): ten parts then hold one set, not ten sets kept alive until the table is done
   * (bench/check-bench.ts, section `parts`). @default a set of its own
   */
  readonly buffers?: ParquetReadBuffers;
  /** Ceilings on what the footer may declare. @default DEFAULT_READ_LIMITS */
  readonly limits?: Partial<ReadLimits>;
}

/** The compressed bytes of the column chunk being decoded, and the batch output arrays. */
export class ParquetReadBuffers {
  private bytes = new Uint8Array(0);
  /** Output arrays, one per column of a batch (see `outputsInUse`). */
  readonly outputs: ChunkOutputs[] = [];

  /** A buffer of at least `length` bytes; grows to the largest chunk and stays. */
  chunk(length: number): Uint8Array {
    if (this.bytes.byteLength < length) this.bytes = new Uint8Array(length);
    return this.bytes;
  }
}

/**
 * Reads a Parquet file through ranged reads: the footer first, then one row group at a time,
 * one column chunk at a time, so memory is bounded by a column chunk and a projected read
 * fetches only the projected columns' bytes.
 *
 * Types: FLOAT/DOUBLE/INT32/INT64/DECIMAL → `number` (INT64 beyond 2^53 rounds); BOOLEAN →
 * `boolean`; DATE and TIMESTAMP (ms/µs/ns, UTC-adjusted or not, INT96) → `number` epoch ms;
 * strings and other byte arrays → `string`; nested columns → `string` holding JSON.
 */
export class ParquetReader implements TableReader {
  private constructor(
    private readonly source: ByteSource,
    private readonly fileSize: number,
    private readonly metadata: FileMetaData,
    private readonly columns: readonly ColumnPlan[],
    private readonly fastPath: boolean,
    private readonly maxBatchBytes: number,
    private readonly reuseBuffers: boolean,
    private readonly buffers: ParquetReadBuffers,
  ) {}

  /**
   * When `reuseBuffers`: output arrays for the columns of one batch, handed out in order and
   * taken back whole when the next batch starts (its consumer is done with the last one). Sized
   * by a batch, not by the table: a 500-column row group comes in 8 MiB pieces, and arrays kept
   * per column would hold every column's at once (bench/check-bench.ts, section `wide`).
   */
  private outputsInUse = 0;

  /** Reads and checks the footer. @throws SnapshotFormatError when the file is not readable Parquet. */
  static async open(source: ByteSource, options: ParquetReaderOptions = {}): Promise<ParquetReader> {
    const fileSize = await source.size();
    const fail = (location: string | null, problem: string, cause?: unknown): never => {
      throw new SnapshotFormatError(
        source.name,
        location,
        problem,
        cause === undefined ? undefined : { cause },
      );
    };
    if (fileSize === 0) fail(null, 'the file is empty (0 bytes); expected a Parquet file');
    if (fileSize < MIN_PARQUET_BYTES) {
      fail(null, `the file is only ${fileSize} bytes, too short to be Parquet`);
    }
    const head = new DataView(await source.readRange(0, 4));
    if (head.getUint32(0, true) !== MAGIC) {
      fail(null, 'not a Parquet file: it does not start with the magic bytes PAR1');
    }
    const tail = new DataView(await source.readRange(fileSize - 8, fileSize));
    if (tail.getUint32(4, true) !== MAGIC) {
      fail(
        'footer',
        'the file does not end with the magic bytes PAR1; it is truncated (incomplete upload?) or not Parquet',
      );
    }
    const metadataLength = tail.getUint32(0, true);
    if (metadataLength > fileSize - MIN_PARQUET_BYTES) {
      fail(
        'footer',
        `the footer claims ${metadataLength} bytes of metadata but the file has only ${fileSize}; the file is corrupt`,
      );
    }
    const footer = await source.readRange(fileSize - 8 - metadataLength, fileSize);
    let metadata: FileMetaData;
    let columns: ColumnPlan[];
    try {
      metadata = parquetMetadata(footer, { parsers: NUMERIC_PARSERS, geoparquet: false });
      checkFooter(metadata, readLimits(options.limits));
      columns = parquetSchema(metadata).children.map((child) => {
        const nested = child.children.length > 0;
        return {
          name: child.element.name,
          sourceType: nested ? 'string' : sourceTypeOf(child.element),
          nested,
          fastKind: nested ? null : fastColumnKind(child.element),
          optional: child.element.repetition_type !== 'REQUIRED',
        };
      });
      checkChunkOffsets(metadata, fileSize);
    } catch (error) {
      return fail('footer', `the metadata cannot be read; the file is corrupt (${messageOf(error)})`, error);
    }
    return new ParquetReader(
      source,
      fileSize,
      metadata,
      columns,
      options.fastPath ?? true,
      options.maxBatchBytes ?? MAX_BATCH_BYTES,
      options.reuseBuffers ?? false,
      options.buffers ?? new ParquetReadBuffers(),
    );
  }

  /** Rows the footer declares. */
  get rowCount(): number {
    return Number(this.metadata.num_rows);
  }

  async schema(): Promise<readonly ColumnSchema[]> {
    return this.columns.map(({ name, sourceType }) => ({ name, sourceType }));
  }

  async *batches(columns?: readonly string[]): AsyncIterable<RecordBatch> {
    const selected = this.project(columns);
    const file = {
      byteLength: this.fileSize,
      slice: (start: number, end?: number) => this.source.readRange(start, end ?? this.fileSize),
    };
    let groupStart = 0;
    for (const [groupIndex, rowGroup] of this.metadata.row_groups.entries()) {
      const rowCount = Number(rowGroup.num_rows);
      const groupEnd = groupStart + rowCount;
      if (rowCount === 0) continue;
      const values = new Map<string, ColumnValues>();
      this.outputsInUse = 0;
      const columnErrors = new Map<string, string>();
      let decodedBytes = 0;
      for (const [k, column] of selected.entries()) {
        if (decodedBytes >= this.maxBatchBytes && k > 0) {
          // A wide row group: hand over the columns decoded so far, so memory stays bounded.
          yield {
            source: this.source.name,
            firstRow: groupStart + 1,
            rowCount,
            columns: new Map(values),
            ...(columnErrors.size > 0 ? { columnErrors: new Map(columnErrors) } : {}),
            continues: true,
          };
          values.clear();
          this.outputsInUse = 0;
          columnErrors.clear();
          decodedBytes = 0;
        }
        // Doubles and a null mask, or codes: about nine bytes a cell.
        decodedBytes += rowCount * 9;
        const where = `row group ${groupIndex}, column "${column.name}"`;
        const corruptColumn = (damage: CorruptColumnChunk) =>
          columnErrors.set(
            column.name,
            new SnapshotFormatError(
              this.source.name,
              where,
              `the column data cannot be decoded; the file is corrupt (${damage.message})`,
            ).message,
          );
        const fast = this.fastPath ? await this.readFast(column, rowGroup, rowCount) : null;
        if (fast instanceof CorruptColumnChunk) {
          // The other columns are still good: report this one and go on (not decoded again).
          corruptColumn(fast);
          continue;
        }
        if (fast !== null) {
          values.set(column.name, fast);
          continue;
        }
        const checked = await this.checkChunks(column, rowGroup);
        if (checked instanceof CorruptColumnChunk) {
          corruptColumn(checked);
          continue;
        }
        const chunks: { rowStart: number; data: ArrayLike<unknown> }[] = [];
        try {
          await parquetRead({
            // The chunks' bytes were fetched for the check: hyparquet reads them from there.
            file: {
              byteLength: this.fileSize,
              slice: (start: number, end?: number) =>
                checked !== null && start >= checked.start && (end ?? this.fileSize) <= checked.end
                  ? checked.bytes.slice(start - checked.start, (end ?? this.fileSize) - checked.start)
                  : file.slice(start, end),
            },
            metadata: this.metadata,
            columns: [column.name],
            rowStart: groupStart,
            rowEnd: groupEnd,
            compressors,
            parsers: NUMERIC_PARSERS,
            onChunk: ({ columnData, rowStart }) => chunks.push({ rowStart, data: columnData }),
          });
        } catch (error) {
          // hyparquet says "not supported" for types it cannot decode (INTERVAL, BSON): not damage.
          const unsupported = /not supported/i.test(messageOf(error));
          const problem = new SnapshotFormatError(
            this.source.name,
            where,
            unsupported
              ? `this column's type cannot be read (${messageOf(error)}); exclude the column from the monitor`
              : `the column data cannot be decoded; the file is corrupt (${messageOf(error)})`,
            { cause: error },
          );
          // The other columns are still good: report this one and go on.
          columnErrors.set(column.name, problem.message);
          continue;
        }
        chunks.sort((a, b) => a.rowStart - b.rowStart);
        values.set(column.name, toColumnValues(column, chunks, groupStart, rowCount));
      }
      yield {
        source: this.source.name,
        firstRow: groupStart + 1,
        rowCount,
        columns: values,
        ...(columnErrors.size > 0 ? { columnErrors } : {}),
      };
      groupStart = groupEnd;
    }
  }

  /**
   * The chunks hyparquet is about to decode for `column`, checked first (checkColumnChunk): the
   * damage found, or null.
   */
  private async checkChunks(
    column: ColumnPlan,
    rowGroup: FileMetaData['row_groups'][number],
  ): Promise<CorruptColumnChunk | { start: number; end: number; bytes: ArrayBuffer } | null> {
    const metas = rowGroup.columns.flatMap((chunk) =>
      chunk.meta_data !== undefined && chunk.meta_data.path_in_schema[0] === column.name
        ? [chunk.meta_data]
        : [],
    );
    if (metas.length === 0) return null;
    const span = (meta: (typeof metas)[number]) => {
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      return { start, end: start + Number(meta.total_compressed_size) };
    };
    const start = Math.min(...metas.map((meta) => span(meta).start));
    const end = Math.max(...metas.map((meta) => span(meta).end));
    const all = await this.source.readRange(start, end);
    for (const meta of metas) {
      const chunk = span(meta);
      const bytes = new Uint8Array(all, chunk.start - start, chunk.end - chunk.start);
      const path = getSchemaPath(this.metadata.schema, meta.path_in_schema);
      try {
        checkColumnChunk(
          bytes,
          meta,
          { maxRepetition: getMaxRepetitionLevel(path), maxDefinition: getMaxDefinitionLevel(path) },
          compressors,
        );
      } catch (error) {
        if (error instanceof CorruptColumnChunk) return error;
        throw error;
      }
    }
    return { start, end, bytes: all };
  }

  /**
   * One column chunk through the typed page decoder: its bytes alone are fetched (one ranged
   * read), decoded, and dropped. Null when the column or this chunk needs the library path; the
   * damage when the chunk is corrupt (decoded once: hyparquet does not get it again).
   */
  private async readFast(
    column: ColumnPlan,
    rowGroup: FileMetaData['row_groups'][number],
    rowCount: number,
  ): Promise<ColumnValues | CorruptColumnChunk | null> {
    if (column.fastKind === null) return null;
    const meta = rowGroup.columns.find(
      (chunk) =>
        chunk.meta_data?.path_in_schema.length === 1 && chunk.meta_data.path_in_schema[0] === column.name,
    )?.meta_data;
    if (meta === undefined || !(meta.codec in compressors || meta.codec === 'UNCOMPRESSED')) return null;
    // hyparquet plan.js: a chunk starts at its dictionary page when it has one (0 means none).
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const end = start + Number(meta.total_compressed_size);
    // Nothing decoded keeps a view of the chunk's bytes, so one buffer serves every chunk.
    const bytes =
      this.source.readRangeInto === undefined
        ? new Uint8Array(await this.source.readRange(start, end))
        : await this.source.readRangeInto(start, end, this.buffers.chunk(end - start));
    try {
      let outputs: ChunkOutputs | undefined;
      if (this.reuseBuffers) {
        outputs = this.buffers.outputs[this.outputsInUse] ?? new ChunkOutputs();
        this.buffers.outputs[this.outputsInUse++] = outputs;
      }
      return decodeColumnChunk(bytes, meta, column.fastKind, column.optional, rowCount, compressors, outputs);
    } catch (error) {
      if (error instanceof CorruptColumnChunk) return error;
      // Unsupported by the fast path: hyparquet reads it (after checkChunks).
      return null;
    }
  }

  private project(columns: readonly string[] | undefined): readonly ColumnPlan[] {
    if (columns === undefined) return this.columns;
    return columns.map((name) => {
      const column = this.columns.find((candidate) => candidate.name === name);
      if (column === undefined) {
        throw new SnapshotFormatError(
          this.source.name,
          null,
          `no column named "${name}"; the file has ${this.columns.map((c) => `"${c.name}"`).join(', ')}`,
        );
      }
      return column;
    });
  }
}

/** The declared type of a leaf column, from its physical, converted and logical types. */
function sourceTypeOf(element: SchemaElement): SourceType {
  const logical = element.logical_type?.type;
  const converted = element.converted_type;
  if (converted === 'DECIMAL' || logical === 'DECIMAL') return 'decimal';
  if (converted === 'DATE' || logical === 'DATE') return 'date';
  if (converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || logical === 'TIMESTAMP') {
    return 'timestamp';
  }
  if (logical === 'FLOAT16') return 'double';
  switch (element.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT96':
      return 'timestamp';
    case 'INT32':
    case 'INT64':
      // TIME_* (time of day) stays an integer count since midnight.
      return 'integer';
    case 'FLOAT':
    case 'DOUBLE':
      return 'double';
    default:
      return 'string';
  }
}

/** Column chunks must lie inside the file; a corrupt footer often points elsewhere. */
function checkChunkOffsets(metadata: FileMetaData, fileSize: number): void {
  for (const rowGroup of metadata.row_groups) {
    for (const chunk of rowGroup.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) throw new Error('a column chunk has no metadata');
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (start < 4 || end > fileSize) {
        throw new Error(`column chunk "${meta.path_in_schema.join('.')}" lies outside the file`);
      }
    }
  }
}

function toColumnValues(
  column: ColumnPlan,
  chunks: readonly { rowStart: number; data: ArrayLike<unknown> }[],
  groupStart: number,
  rowCount: number,
): ColumnValues {
  if (column.sourceType === 'string') {
    const values = new Array<string | null>(rowCount).fill(null);
    for (const { rowStart, data } of chunks) {
      for (let i = 0, row = rowStart - groupStart; i < data.length && row < rowCount; i++, row++) {
        const value = data[i];
        values[row] = value == null ? null : typeof value === 'string' ? value : toJsonText(value);
      }
    }
    return { type: 'string', values };
  }
  // Every row starts null; chunks overwrite the rows they cover.
  const nulls = new Uint8Array(rowCount).fill(1);
  let nullCount = rowCount;
  if (column.sourceType === 'boolean') {
    const values = new Uint8Array(rowCount);
    for (const { rowStart, data } of chunks) {
      for (let i = 0, row = rowStart - groupStart; i < data.length && row < rowCount; i++, row++) {
        const value = data[i];
        if (value == null) continue;
        values[row] = value ? 1 : 0;
        nulls[row] = 0;
        nullCount--;
      }
    }
    return { type: 'boolean', values, nulls: nullCount === 0 ? null : nulls };
  }
  const values = new Float64Array(rowCount);
  for (const { rowStart, data } of chunks) {
    const offset = rowStart - groupStart;
    const length = Math.min(data.length, rowCount - offset);
    if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) {
      // REQUIRED or null-free pages come back as typed arrays: copy without boxing.
      values.set(length === data.length ? data : data.subarray(0, length), offset);
      nulls.fill(0, offset, offset + length);
      nullCount -= length;
      continue;
    }
    for (let i = 0; i < length; i++) {
      const value = data[i];
      if (value == null) continue;
      values[offset + i] = typeof value === 'bigint' ? Number(value) : (value as number);
      nulls[offset + i] = 0;
      nullCount--;
    }
  }
  return { type: 'number', values, nulls: nullCount === 0 ? null : nulls };
}

function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'bigint') return Number(inner);
    if (inner instanceof Uint8Array) return Array.from(inner);
    return inner;
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
