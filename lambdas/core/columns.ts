/**
 * The contract between readers (`lambdas/io`) and the profiler: tables arrive as
 * column batches, numbers as typed arrays, so no per-row objects exist in hot paths.
 */

/** What the file itself says a column holds; the profiler turns it into a drift kind. */
export type SourceType =
  | 'double' // FLOAT, DOUBLE
  | 'integer' // INT8..INT64 (INT64 beyond 2^53 loses precision as a double)
  | 'decimal' // DECIMAL, converted to double
  | 'boolean'
  | 'timestamp' // epoch milliseconds in a Float64Array
  | 'date' // epoch milliseconds (midnight UTC) in a Float64Array
  | 'string'
  | 'untyped'; // CSV text or JSON values: the profiler parses and infers

export interface ColumnSchema {
  readonly name: string;
  readonly sourceType: SourceType;
}

/** Takes a piece of UTF-8 text, `bytes[from, to)`, valid only during the call. */
export interface Utf8Sink {
  takeUtf8(bytes: Uint8Array, from: number, to: number): void;
}

/** A JSON Lines or CSV cell before typing. Objects and arrays arrive as their JSON text. */
export type Cell = string | number | boolean | null;

/**
 * One column's cells in a batch. `nulls[i] === 1` marks a null (missing) cell; a null
 * `nulls` means the batch has none. NaN in `values` is a real NaN, not a null.
 */
export type ColumnValues =
  | { readonly type: 'number'; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly type: 'boolean'; readonly values: Uint8Array; readonly nulls: Uint8Array | null }
  | { readonly type: 'string'; readonly values: ReadonlyArray<string | null> }
  /**
   * Strings as codes into `dictionary` (a Parquet dictionary-encoded chunk): `codes[i] === -1`
   * marks a null, as does `nulls[i] === 1`. The profiler counts categories by code, so a
   * million cells cost a million array increments instead of a million Map lookups. A string
   * may appear under more than one code (values after a writer's dictionary fallback).
   */
  | {
      readonly type: 'dictionary';
      readonly codes: Int32Array;
      readonly dictionary: readonly string[];
      readonly nulls: Uint8Array | null;
      /** Text cells of an untyped source (CSV) that are all plain strings: the column stays untyped. */
      readonly untyped?: boolean;
    }
  | { readonly type: 'cells'; readonly values: ReadonlyArray<Cell> }
  /**
   * Untyped cells (CSV text) that all parse as plain decimal numbers, already parsed by the
   * reader: `values[i]` is `Number(text(i))` exactly. The profiler treats them as the same
   * `cells` would be treated; `text` gives a cell's original text when a message needs it.
   */
  | {
      readonly type: 'parsed-numbers';
      readonly values: Float64Array;
      readonly nulls: Uint8Array | null;
      readonly text: (index: number) => string;
      /** A cell's text as its UTF-8 bytes, handed to `sink`: the same text as `text(index)`, no string made. */
      readonly textBytes?: (index: number, sink: Utf8Sink) => void;
      /** Sum of the non-null cells' text lengths (UTF-16 units), for the text heuristic. */
      readonly textLengthSum: number;
      /**
       * Some cell's text is a digit run with a leading zero (`00501`): the column may be codes, read
       * as text (README "Columns"), which a profile that leaves numbers' labels out must know.
       */
      readonly leadingZeros?: boolean;
    };

export interface RecordBatch {
  /** File (or object URL) the rows came from, for error messages. */
  readonly source: string;
  /** 1-based index of the batch's first data row within `source` (header excluded). */
  readonly firstRow: number;
  readonly rowCount: number;
  /**
   * Every requested column, each with exactly `rowCount` cells — unless it is in `columnErrors`,
   * or the batch is one piece of a split run (`continues`), where each column is in one piece.
   */
  readonly columns: ReadonlyMap<string, ColumnValues>;
  /**
   * True when the next batch carries more columns of these same rows: a wide row group is split
   * into pieces of columns so decoded memory stays bounded. Row counts advance only with the
   * last piece (the one without `continues`).
   */
  readonly continues?: boolean;
  /**
   * Columns whose cells in this batch could not be decoded (a corrupt page), with the full
   * message (file, place, problem). One damaged column must not sink the whole check.
   */
  readonly columnErrors?: ReadonlyMap<string, string>;
}

/** A table that can be streamed in batches with bounded memory. */
export interface TableReader {
  /** Column names in file order with the types the file declares ('untyped' for CSV/JSONL). */
  schema(): Promise<readonly ColumnSchema[]>;
  /** Streams the table; `columns` projects (unknown names are an error). */
  batches(columns?: readonly string[]): AsyncIterable<RecordBatch>;
}
