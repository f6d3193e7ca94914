import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SnapshotFormatError } from '../../lambdas/core/errors.ts';
import { gunzipped } from '../../lambdas/io/gzip.ts';

const chunked = (name: string, bytes: Uint8Array, size = 5) => ({
  name,
  async *stream() {
    for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
  },
});

async function text(source: { stream(): AsyncIterable<Uint8Array> }): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of source.stream()) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
}

describe('gunzipped', () => {
  it('decompresses a stream arriving in small chunks', async () => {
    const body = 'id,v\n'.repeat(1000);
    expect(await text(gunzipped(chunked('a.csv.gz', gzipSync(body))))).toBe(body);
  });

  it('reads concatenated gzip members as one stream, as `cat a.gz b.gz` makes', async () => {
    const both = Buffer.concat([gzipSync('first\n'), gzipSync('second\n')]);
    expect(await text(gunzipped(chunked('ab.csv.gz', both)))).toBe('first\nsecond\n');
  });

  it('passes an error of the underlying source through unchanged', async () => {
    const failure = new Error('network reset');
    const source = {
      name: 's3://b/k.csv.gz',
      async *stream(): AsyncIterable<Uint8Array> {
        yield gzipSync('x'.repeat(10)).subarray(0, 4);
        throw failure;
      },
    };
    await expect(text(gunzipped(source))).rejects.toBe(failure);
  });

  it('names the object when the stream is truncated', async () => {
    const cut = gzipSync('y'.repeat(5000)).subarray(0, 20);
    const error = await text(gunzipped(chunked('s3://b/cut.csv.gz', cut))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SnapshotFormatError);
    expect((error as Error).message).toBe(
      's3://b/cut.csv.gz: the gzip stream is truncated (unexpected end of file); the upload may be incomplete',
    );
  });
});
