import { closeSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ByteSource, StreamOptions } from './byte-source.ts';

/** Chunk size for `stream()`: large enough to amortise syscalls, small enough to keep memory flat. */
const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * A local file as a ByteSource. The counters let tests assert that a Parquet read
 * fetches only the ranges it needs.
 */
export class LocalFileSource implements ByteSource {
  private servedBytes = 0;
  private rangeCalls = 0;
  private cachedSize: number | undefined;

  /**
   * @param streamChunkBytes size of each chunk `stream()` hands out (tests pass a small one to
   *   cover many chunks and the buffer ring cheaply)
   */
  constructor(
    readonly path: string,
    readonly name: string = path,
    private readonly streamChunkBytes: number = STREAM_CHUNK_BYTES,
  ) {}

  /** Bytes served by `readRange` and `stream`. */
  get bytesRead(): number {
    return this.servedBytes;
  }

  /** Calls to `readRange` (each would be one ranged GET on S3). */
  get rangeReads(): number {
    return this.rangeCalls;
  }

  async size(): Promise<number> {
    this.cachedSize ??= (await stat(this.path)).size;
    return this.cachedSize;
  }

  async readRange(start: number, end: number): Promise<ArrayBuffer> {
    const size = await this.size();
    const from = Math.max(0, Math.min(start, size));
    const to = Math.max(from, Math.min(end, size));
    const bytes = await this.readRangeInto(from, to, new Uint8Array(to - from));
    return bytes.byteLength === to - from
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.buffer as ArrayBuffer).slice(0, bytes.byteLength);
  }

  /**
   * Synchronous reads: a Parquet check asks for one column chunk at a time and decodes it before
   * the next, so the thread-pool round trip of an async read is pure waiting, while a read from the
   * page cache is short (bench/check-bench.ts, section `pair`, Parquet).
   */
  async readRangeInto(start: number, end: number, into: Uint8Array): Promise<Uint8Array> {
    this.rangeCalls++;
    const size = await this.size();
    const from = Math.max(0, Math.min(start, size));
    const to = Math.max(from, Math.min(end, size));
    if (into.byteLength < to - from) throw new RangeError(`${to - from} bytes do not fit ${into.byteLength}`);
    const fd = openSync(this.path, 'r');
    let offset = 0;
    try {
      while (offset < to - from) {
        const bytesRead = readSync(fd, into, offset, to - from - offset, from + offset);
        // The file shrank under us; return what exists rather than loop forever.
        if (bytesRead === 0) break;
        offset += bytesRead;
      }
    } finally {
      closeSync(fd);
    }
    this.servedBytes += offset;
    return into.subarray(0, offset);
  }

  async *stream(options: StreamOptions = {}): AsyncIterable<Uint8Array> {
    const handle = await open(this.path, 'r');
    // Three buffers in turn when recycling: one the consumer is copying, one read ahead, one spare.
    const ring = options.recycle === true ? [0, 1, 2].map(() => new Uint8Array(this.streamChunkBytes)) : null;
    try {
      let position = 0;
      for (let turn = 0; ; turn++) {
        const chunk = ring?.[turn % ring.length] ?? new Uint8Array(this.streamChunkBytes);
        const { bytesRead } = await handle.read(chunk, 0, chunk.byteLength, position);
        if (bytesRead === 0) return;
        position += bytesRead;
        this.servedBytes += bytesRead;
        yield bytesRead === chunk.byteLength ? chunk : chunk.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
}
