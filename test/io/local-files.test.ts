import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localSources } from '../../lambdas/io/local-files.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'local-files-'));
  await mkdir(join(root, 'table'));
  await writeFile(join(root, 'elsewhere.csv'), 'a\n1\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('localSources with symbolic links among the parts', () => {
  it('reads a linked part file as the file it points to', async () => {
    await symlink(join(root, 'elsewhere.csv'), join(root, 'table', 'part-0.csv'));
    const [source] = await localSources(join(root, 'table'));
    expect(source.name).toBe(join(root, 'table', 'part-0.csv'));
    expect(await source.size()).toBe(4);
  });

  it('rejects a linked folder as a nested folder, naming the link', async () => {
    await mkdir(join(root, 'sub'));
    await symlink(join(root, 'sub'), join(root, 'table', 'part-1.csv'));
    await expect(localSources(join(root, 'table'))).rejects.toThrow(
      `${join(root, 'table', 'part-1.csv')}: is a folder; nested folders`,
    );
  });

  it('rejects a dangling link, naming it and where it points', async () => {
    await symlink(join(root, 'gone.csv'), join(root, 'table', 'part-2.csv'));
    await expect(localSources(join(root, 'table'))).rejects.toThrow(
      `${join(root, 'table', 'part-2.csv')}: is a symbolic link to ${join(root, 'gone.csv')}, which does not exist`,
    );
  });
});
