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
  /** The whole object, in order, as chunks. */
  stream(): AsyncIterable<Uint8Array>;
}
