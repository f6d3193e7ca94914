import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..', '..');
// A variable specifier: the module is plain JavaScript, typed here by hand.
const modulePath = join(REPO, 'bin', 'fresh-bundle.mjs');
const { freshBundle } = (await import(modulePath)) as { freshBundle: (root: string) => string | null };

/** A repository skeleton: bin/, lambdas/ (nested) and, when asked, a bundle; all at `mtime`. */
function skeleton(root: string, mtime: number, withBundle: boolean): void {
  const files = ['bin/driftwatch.ts', 'lambdas/cli/main.ts', 'lambdas/core/profile/profiler.ts'];
  if (withBundle) files.push('dist/driftwatch.mjs');
  for (const file of files) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), mtime, mtime);
  }
}

const T = 1_800_000_000; // seconds

describe('freshBundle', () => {
  let root: string;
  beforeEach(() => {
    mkdirSync(join(REPO, '.driftwatch-tmp'), { recursive: true });
    root = mkdtempSync(join(REPO, '.driftwatch-tmp', 'fresh-bundle-'));
  });

  it('is null when there is no bundle', () => {
    skeleton(root, T, false);
    expect(freshBundle(root)).toBeNull();
  });

  it('names the bundle when it is newer than every source file', () => {
    skeleton(root, T, true);
    utimesSync(join(root, 'dist', 'driftwatch.mjs'), T + 10, T + 10);
    expect(freshBundle(root)).toBe(join(root, 'dist', 'driftwatch.mjs'));
  });

  it('is null once a nested source file is edited after the build', () => {
    skeleton(root, T, true);
    utimesSync(join(root, 'dist', 'driftwatch.mjs'), T + 10, T + 10);
    utimesSync(join(root, 'lambdas', 'core', 'profile', 'profiler.ts'), T + 20, T + 20);
    expect(freshBundle(root)).toBeNull();
  });

  it('is null when a source file has the same mtime as the bundle (a build racing an edit)', () => {
    skeleton(root, T, true);
    expect(freshBundle(root)).toBeNull();
  });

  it('names the bundle of an installed package, which has no TypeScript and one mtime for every file', () => {
    for (const file of ['bin/driftwatch.mjs', 'bin/fresh-bundle.mjs', 'dist/driftwatch.mjs']) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
      utimesSync(join(root, file), T, T);
    }
    expect(freshBundle(root)).toBe(join(root, 'dist', 'driftwatch.mjs'));
  });
});

describe('bin/driftwatch.mjs', () => {
  const run = promisify(execFile);

  /** A copy of the launcher inside the repository (so tsx resolves) with stand-in entries. */
  function launcherCopy(): string {
    mkdirSync(join(REPO, '.driftwatch-tmp'), { recursive: true });
    const root = mkdtempSync(join(REPO, '.driftwatch-tmp', 'launcher-'));
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'lambdas'));
    mkdirSync(join(root, 'dist'));
    copyFileSync(join(REPO, 'bin', 'driftwatch.mjs'), join(root, 'bin', 'driftwatch.mjs'));
    copyFileSync(join(REPO, 'bin', 'fresh-bundle.mjs'), join(root, 'bin', 'fresh-bundle.mjs'));
    writeFileSync(join(root, 'bin', 'driftwatch.ts'), "const from: string = 'source';\nconsole.log(from);\n");
    writeFileSync(join(root, 'lambdas', 'engine.ts'), 'export {};\n');
    writeFileSync(join(root, 'dist', 'driftwatch.mjs'), "console.log('bundle');\n");
    for (const file of [
      'bin/driftwatch.mjs',
      'bin/fresh-bundle.mjs',
      'bin/driftwatch.ts',
      'lambdas/engine.ts',
    ]) {
      utimesSync(join(root, file), T, T);
    }
    utimesSync(join(root, 'dist', 'driftwatch.mjs'), T + 10, T + 10);
    return root;
  }

  it('runs the bundle while it is fresh and the TypeScript through tsx once a source file is newer', async () => {
    const root = launcherCopy();
    const entry = join(root, 'bin', 'driftwatch.mjs');
    expect((await run(process.execPath, [entry])).stdout).toBe('bundle\n');
    utimesSync(join(root, 'lambdas', 'engine.ts'), T + 20, T + 20);
    expect((await run(process.execPath, [entry])).stdout).toBe('source\n');
  });
});
