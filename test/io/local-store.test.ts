import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeError } from '../../lambdas/cli/describe-error.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { StorePathError } from '../../lambdas/io/store-path-error.ts';
import { WriteConflictError } from '../../lambdas/io/write-conflict-error.ts';

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
    await expect(store.putText('../escape.txt', 'x', 'text/plain')).rejects.toThrow(StorePathError);
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

describe('LocalStore conditional writes', () => {
  it('creates with ifNoneMatch only when nothing is there, and overwrites with ifMatch only the version read', async () => {
    const store = new LocalStore(root);
    const created = await store.putText('m/history.json', 'one', 'application/json', { ifNoneMatch: '*' });
    await expect(
      store.putText('m/history.json', 'again', 'application/json', { ifNoneMatch: '*' }),
    ).rejects.toBeInstanceOf(WriteConflictError);
    // Another writer changes the file (new size, new ETag) after it was read.
    await store.putText('m/history.json', 'other writer', 'application/json');
    await expect(
      store.putText('m/history.json', 'stale', 'application/json', { ifMatch: created.etag }),
    ).rejects.toBeInstanceOf(WriteConflictError);
    const current = await store.getText('m/history.json');
    expect(current?.text).toBe('other writer');
    await store.putText('m/history.json', 'mine', 'application/json', { ifMatch: current!.etag });
    expect((await store.getText('m/history.json'))?.text).toBe('mine');
    expect((await readdir(join(root, 'm'))).sort()).toEqual(['history.json']);
  });
});

describe('LocalStore keys and links', () => {
  let outside: string;
  beforeEach(async () => {
    outside = await mkdtemp(join(tmpdir(), 'local-store-outside-'));
    await writeFile(join(outside, 'secret.csv'), 'a\n1\n');
  });
  afterEach(async () => {
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses `..` and `.` segments in any key, read or write, as a bad-input error', async () => {
    const store = new LocalStore(root);
    for (const key of ['../escape.txt', 'm/../../x', 'm/./state.json', 'm/..']) {
      await expect(store.getText(key)).rejects.toThrow(StorePathError);
      await expect(store.putText(key, 'x')).rejects.toThrow(StorePathError);
    }
    // Even a `..` that stays inside: S3 would read it as a literal name, a folder cannot.
    await expect(store.list('m/../m/')).rejects.toThrow(/"\.\." is not allowed in a key/);
    const message = await store.getText('../x').catch((error: unknown) => describeError(error));
    expect(message).toMatch(/^key "\.\.\/x" of the store folder .*: "\.\." is not allowed/);
  });

  it('lists and reads a snapshot linked to a file elsewhere in the store', async () => {
    await mkdir(join(root, 'data'), { recursive: true });
    await mkdir(join(root, 'm', 'snapshots'), { recursive: true });
    await writeFile(join(root, 'data', 'today.csv'), 'a\n1\n2\n');
    await symlink(join(root, 'data', 'today.csv'), join(root, 'm', 'snapshots', '2026-12-02.csv'));
    await symlink('../../data', join(root, 'm', 'snapshots', '2026-12-03'));
    const store = new LocalStore(root);
    const listed = await store.list('m/snapshots/');
    expect(listed.map((o) => [o.key, o.size])).toEqual([
      ['m/snapshots/2026-12-02.csv', 6],
      ['m/snapshots/2026-12-03/today.csv', 6],
    ]);
    expect((await store.getText('m/snapshots/2026-12-02.csv'))?.text).toBe('a\n1\n2\n');
  });

  it('refuses, naming it, a snapshot linked to a file outside the store', async () => {
    await mkdir(join(root, 'm', 'snapshots'), { recursive: true });
    await writeFile(join(root, 'm', 'snapshots', '2026-12-01.csv'), 'a\n1\n');
    await symlink(join(outside, 'secret.csv'), join(root, 'm', 'snapshots', '2026-12-02.csv'));
    const store = new LocalStore(root);
    const error = await store.list('m/snapshots/').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StorePathError);
    expect((error as Error).message).toContain(
      `m/snapshots/2026-12-02.csv leads to ${join(outside, 'secret.csv')}`,
    );
    await expect(store.getText('m/snapshots/2026-12-02.csv')).rejects.toThrow(/outside the store folder/);
  });

  it('refuses a linked folder outside the store, a dangling link and a link loop', async () => {
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await symlink(outside, join(root, 'a', 'out'));
    const store = new LocalStore(root);
    await expect(store.list('a/')).rejects.toThrow(/a\/out leads to .*outside the store folder/);
    await rm(join(root, 'a', 'out'));
    await symlink(join(root, 'gone'), join(root, 'a', 'dangling.csv'));
    await expect(store.list('a/')).rejects.toThrow(
      /a\/dangling\.csv is a symbolic link to .*gone, which does not exist/,
    );
    await rm(join(root, 'a', 'dangling.csv'));
    await symlink('..', join(root, 'a', 'b', 'up'));
    await expect(store.list('a/')).rejects.toThrow(/a\/b\/up is a symbolic link to .*a folder that holds it/);
  });

  it('never writes through a linked folder that leads out of the store', async () => {
    await mkdir(join(root, 'm'), { recursive: true });
    await symlink(outside, join(root, 'm', 'reports'));
    const store = new LocalStore(root);
    await expect(store.putText('m/reports/2026-12-01/report.json', '{}')).rejects.toThrow(StorePathError);
    await expect(store.putText('m/reports/state.json', '{}')).rejects.toThrow(StorePathError);
    expect(await readdir(outside)).toEqual(['secret.csv']);
    // A link at the key itself is replaced by the file, never written through.
    await symlink(join(outside, 'secret.csv'), join(root, 'm', 'state.json'));
    await store.putText('m/state.json', '{"fresh":true}');
    expect(await readFile(join(outside, 'secret.csv'), 'utf8')).toBe('a\n1\n');
    expect(await readFile(join(root, 'm', 'state.json'), 'utf8')).toBe('{"fresh":true}');
  });

  it('never deletes through a linked folder that leads out of the store', async () => {
    await mkdir(join(root, 'm'), { recursive: true });
    await symlink(outside, join(root, 'm', 'cache'));
    const store = new LocalStore(root);
    await expect(store.delete('m/cache/secret.csv')).rejects.toThrow(StorePathError);
    expect(await readdir(outside)).toEqual(['secret.csv']);
  });

  it('writes through a linked folder that stays inside the store', async () => {
    await mkdir(join(root, 'shared-reports'), { recursive: true });
    await mkdir(join(root, 'm'), { recursive: true });
    await symlink('../shared-reports', join(root, 'm', 'reports'));
    const store = new LocalStore(root);
    await store.putText('m/reports/x/report.json', '{}');
    expect(await readFile(join(root, 'shared-reports', 'x', 'report.json'), 'utf8')).toBe('{}');
  });
});
