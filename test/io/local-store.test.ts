import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalStore } from '../../lambdas/io/local-store.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-store-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalStore', () => {
  it('lists files under a prefix recursively with slash keys, sorted, and nothing for a missing folder', async () => {
    await mkdir(join(root, 'm', 'snapshots', 'b'), { recursive: true });
    await writeFile(join(root, 'm', 'snapshots', 'b', 'part-1.csv'), 'a\n1\n');
    await writeFile(join(root, 'm', 'snapshots', 'a.csv'), 'a\n2\n');
    await writeFile(join(root, 'm', 'state.json'), '{}');
    const store = new LocalStore(root);
    expect((await store.list('m/snapshots/')).map((o) => o.key)).toEqual([
      'm/snapshots/a.csv',
      'm/snapshots/b/part-1.csv',
    ]);
    expect((await store.list('m/s')).map((o) => o.key)).toEqual([
      'm/snapshots/a.csv',
      'm/snapshots/b/part-1.csv',
      'm/state.json',
    ]);
    expect(await store.list('nope/')).toEqual([]);
  });

  it('changes the ETag when a file is rewritten', async () => {
    const store = new LocalStore(root);
    const first = await store.putText('m/baseline/x.csv', 'a\n1\n', 'text/csv');
    await utimes(join(root, 'm', 'baseline', 'x.csv'), new Date(1000), new Date(2000));
    const [listed] = await store.list('m/baseline/');
    expect(listed.etag).not.toBe(first.etag);
    expect(listed.lastModified.getTime()).toBe(2000);
    expect((await store.getText('m/baseline/x.csv'))?.etag).toBe(listed.etag);
  });

  it('returns null for a missing object and refuses keys that leave the folder', async () => {
    const store = new LocalStore(root);
    expect(await store.getText('m/state.json')).toBeNull();
    await expect(store.putText('../escape.txt', 'x', 'text/plain')).rejects.toThrow(
      /leaves the store folder/,
    );
  });

  it('writes bytes and reads them back whole, null when missing', async () => {
    const store = new LocalStore(root);
    expect(await store.getBytes('m/cache/none.bin')).toBeNull();
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
    const { etag } = await store.putBytes('m/cache/p.bin', bytes.subarray(3), 'application/octet-stream');
    expect(await store.getBytes('m/cache/p.bin')).toEqual({ bytes: Buffer.from(bytes.subarray(3)), etag });
  });

  it('reads an object through a byte source', async () => {
    const store = new LocalStore(root);
    await store.putText('k/data.csv', 'abcdef', 'text/csv');
    const [object] = await store.list('k/');
    const bytes = new Uint8Array(await store.source(object).readRange(2, 4));
    expect(new TextDecoder().decode(bytes)).toBe('cd');
  });
});
