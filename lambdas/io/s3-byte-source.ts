import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from './byte-source.ts';

/** Runs one S3 call, retrying transient failures (see `lambdas/adapters/retry.ts`). */
export type S3Call = <T>(label: string, operation: () => Promise<T>) => Promise<T>;

const direct: S3Call = (_label, operation) => operation();

/**
 * One S3 object as a ByteSource: `readRange` is one ranged GET (Parquet reads the footer, then
 * only the column chunks it needs); `stream` is one GET whose body is consumed as it arrives
 * (CSV, JSON Lines). Counters let tests prove that Parquet never downloads the whole object.
 */
export class S3ByteSource implements ByteSource {
  readonly name: string;
  private knownSize: number | undefined;
  private rangeCalls = 0;
  private streamCalls = 0;
  private servedBytes = 0;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    readonly key: string,
    options: { size?: number; call?: S3Call } = {},
  ) {
    this.name = `s3://${bucket}/${key}`;
    this.knownSize = options.size;
    this.call = options.call ?? direct;
  }

  private readonly call: S3Call;

  get rangeGets(): number {
    return this.rangeCalls;
  }

  get streamGets(): number {
    return this.streamCalls;
  }

  get bytesRead(): number {
    return this.servedBytes;
  }

  async size(): Promise<number> {
    if (this.knownSize === undefined) {
      const head = await this.call(`HeadObject ${this.name}`, () =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key })),
      );
      this.knownSize = head.ContentLength ?? 0;
    }
    return this.knownSize;
  }

  async readRange(start: number, end: number): Promise<ArrayBuffer> {
    const size = await this.size();
    const from = Math.max(0, Math.min(start, size));
    const to = Math.max(from, Math.min(end, size));
    // An empty range has no valid Range header; nothing to fetch.
    if (to === from) return new ArrayBuffer(0);
    const bytes = await this.call(`GetObject ${this.name} bytes=${from}-${to - 1}`, async () => {
      this.rangeCalls++;
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key, Range: `bytes=${from}-${to - 1}` }),
      );
      if (response.Body === undefined) throw new Error(`${this.name}: GetObject returned no body`);
      return response.Body.transformToByteArray();
    });
    this.servedBytes += bytes.byteLength;
    if (bytes.byteLength !== to - from) {
      throw new Error(
        `${this.name}: asked for ${to - from} bytes at ${from}, S3 returned ${bytes.byteLength}`,
      );
    }
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
      ? (bytes.buffer as ArrayBuffer)
      : (bytes.slice().buffer as ArrayBuffer);
  }

  async *stream(): AsyncIterable<Uint8Array> {
    const response = await this.call(`GetObject ${this.name}`, async () => {
      this.streamCalls++;
      return this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
    });
    const body = response.Body as AsyncIterable<Uint8Array> | undefined;
    if (body === undefined) return;
    for await (const chunk of body) {
      this.servedBytes += chunk.byteLength;
      yield chunk;
    }
  }
}
