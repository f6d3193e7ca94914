import { readFileSync } from 'node:fs';
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
});
