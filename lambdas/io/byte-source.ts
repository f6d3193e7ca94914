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
   * it, for readers that are done with a range before they ask for the next: otherwise each column
   * chunk is a fresh short-lived buffer, each a prompt for a full collection.
   */
  readRangeInto?(start: number, end: number, into: Uint8Array): Promise<Uint8Array>;
  /** The whole object, in order, as chunks. */
  stream(options?: StreamOptions): AsyncIterable<Uint8Array>;
}

export interface StreamOptions {
  /**
   * The consumer is done with a chunk (it copied what it keeps) by the time it asks for the chunk
   * after next, so a source may hand out the same few buffers again. Fresh buffers per chunk are
   * what two profiling threads of one process contend on: page faults on fresh mappings serialise
   * them (bench/check-bench.ts, section `pair`, CSV). @default false
   */
  readonly recycle?: boolean;
}
