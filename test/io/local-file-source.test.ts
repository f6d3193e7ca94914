import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { fixture } from './fixture-truth.ts';

const path = fixture('csv', 'comma.csv');
const bytes = readFileSync(path);

describe('LocalFileSource', () => {
  it('serves byte ranges, clamped to the file, and counts them', async () => {
    const source = new LocalFileSource(path);
    expect(await source.size()).toBe(bytes.byteLength);
    expect(Buffer.from(await source.readRange(3, 10))).toEqual(bytes.subarray(3, 10));
    expect((await source.readRange(bytes.byteLength - 2, bytes.byteLength + 50)).byteLength).toBe(2);
    expect((await source.readRange(bytes.byteLength + 5, bytes.byteLength + 9)).byteLength).toBe(0);
    expect(source.rangeReads).toBe(3);
    expect(source.bytesRead).toBe(9);
  });

  it('streams the whole file in order and names itself by path unless told otherwise', async () => {
    const source = new LocalFileSource(path, 'baseline/comma.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of source.stream()) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks)).toEqual(bytes);
    expect(source.bytesRead).toBe(bytes.byteLength);
    expect(source.name).toBe('baseline/comma.csv');
    expect(new LocalFileSource(path).name).toBe(path);
  });

  it('recycles three chunk buffers when asked, handing out the same bytes in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-source-'));
    const big = join(dir, 'big.bin');
    // Four full chunks and a short fifth: the ring of three comes round once.
    const chunkBytes = 1024;
    const content = Buffer.alloc(4 * chunkBytes + 123);
    for (let i = 0; i < content.length; i++) content[i] = (i * 2654435761) >>> 24;
    writeFileSync(big, content);
    const copies: Buffer[] = [];
    const buffers: ArrayBufferLike[] = [];
    for await (const chunk of new LocalFileSource(big, big, chunkBytes).stream({ recycle: true })) {
      copies.push(Buffer.from(chunk));
      buffers.push(chunk.buffer);
    }
    expect(Buffer.concat(copies)).toEqual(content);
    expect(buffers.length).toBe(5);
    expect(new Set(buffers).size).toBe(3);
    expect(buffers[3]).toBe(buffers[0]);
    const fresh: ArrayBufferLike[] = [];
    for await (const chunk of new LocalFileSource(big, big, chunkBytes).stream()) fresh.push(chunk.buffer);
    expect(fresh.length).toBe(5);
    expect(new Set(fresh).size).toBe(fresh.length);
  });
});
