/**
 * The bytes of one snapshot object, local or remote. Readers only see this interface, so the
 * same reader serves a laptop file and an S3 object (ranged GETs).
 */
export interface ByteSource {
  /** Path or `s3://bucket/key`, used in messages. */
  readonly name: string;
  /** Total size in bytes. */
  size(): Promise<number>;
  /** Bytes `[start, end)`; `end` is clamped to the size by implementations. */
  readRange(start: number, end: number): Promise<ArrayBuffer>;
  /**
   * Bytes `[start, end)` read into `into` (at least `end - start` long) and returned as a view of
   * it, for readers that are done with a range before they ask for the next: a 1M-row Parquet pair
   * otherwise allocates ~200 MB of short-lived chunk buffers, each a prompt for a full collection.
   */
  readRangeInto?(start: number, end: number, into: Uint8Array): Promise<Uint8Array>;
  /** The whole object, in order, as chunks. */
  stream(): AsyncIterable<Uint8Array>;
}
