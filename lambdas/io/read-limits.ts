/**
 * Ceilings every reader enforces, so a crafted or broken file ends in a clear error naming it
 * instead of an unbounded allocation or a hang. One place for each default; README ("Limits on
 * input files") documents them.
 */
export interface ReadLimits {
  /** Columns a CSV header or JSON Lines keys may declare. @default 10_000 */
  readonly maxColumns: number;
  /** Bytes of one CSV record or JSON Lines line (a field cannot be longer). @default 64 MiB */
  readonly maxLineBytes: number;
  /** Nesting of arrays and objects in one JSON Lines value. @default 64 */
  readonly maxNestingDepth: number;
  /** Bytes a gzip input may inflate to. @default 16 GiB */
  readonly maxInflatedBytes: number;
  /**
   * Inflated bytes per compressed byte a gzip input may reach once past `inflationGraceBytes`
   * (text compresses ~5–20×; a decompression bomb ~1000×). @default 200
   */
  readonly maxInflationRatio: number;
  /** Inflated bytes read before the ratio applies (a tiny file of repeated text is fine). @default 64 MiB */
  readonly inflationGraceBytes: number;
  /**
   * Rows a Parquet row group may declare beyond `rowsPerByteFloor` without at least one byte of
   * column data per `maxRowsPerByte` rows (row counts that the bytes cannot hold are corrupt).
   * @default 4 Mi rows
   */
  readonly rowsPerByteFloor: number;
  /** See `rowsPerByteFloor`. @default 64 */
  readonly maxRowsPerByte: number;
}

const DEFAULT_READ_LIMITS: ReadLimits = {
  maxColumns: 10_000,
  maxLineBytes: 64 * 1024 * 1024,
  maxNestingDepth: 64,
  maxInflatedBytes: 16 * 1024 ** 3,
  maxInflationRatio: 200,
  inflationGraceBytes: 64 * 1024 * 1024,
  rowsPerByteFloor: 4 * 1024 * 1024,
  maxRowsPerByte: 64,
};

/** The defaults with `overrides` applied. */
export function readLimits(overrides: Partial<ReadLimits> = {}): ReadLimits {
  return { ...DEFAULT_READ_LIMITS, ...overrides };
}
