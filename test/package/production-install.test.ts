import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_DRIFT, EXIT_OK } from '../../lambdas/cli/exit-codes.ts';

const REPO = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** The environment without npm's own `npm_*` settings, which `npm run` would pass down. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  );
}

/**
 * The package as a user installs it: the files package.json ships, with the CLI bundle built by
 * scripts/bundle-cli.mjs (into a temporary copy, so the working tree's dist/ is left alone), packed
 * by `npm pack` and installed with `npm install --omit=dev` (dependencies from the local npm cache
 * when there).
 */
describe('the packed package installed without dev dependencies', () => {
  let work: string;
  let installed: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'driftwatch-package-'));
    const pkg = join(work, 'package');
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files]) {
      if (entry.startsWith('dist') || !existsSync(join(REPO, entry))) continue;
      cpSync(join(REPO, entry), join(pkg, entry), { recursive: true });
    }
    await run(process.execPath, [join(REPO, 'scripts', 'bundle-cli.mjs'), '--outdir', join(pkg, 'dist')]);
    const env = cleanEnv();
    // --ignore-scripts: the copy has no scripts/ folder; its bundle is built above.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: pkg,
      env,
    });
    const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0].filename);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "driftwatch-user", "private": true }\n');
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
      cwd: app,
      env,
    });
    installed = app;
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it('does not install tsx or esbuild', () => {
    const modules = join(installed, 'node_modules');
    expect(existsSync(join(modules, 'driftwatch', 'dist', 'driftwatch.mjs'))).toBe(true);
    for (const devOnly of ['tsx', 'esbuild', '@esbuild', 'typescript', 'vitest']) {
      expect(existsSync(join(modules, devOnly)), devOnly).toBe(false);
    }
  });

  it('ships the bundle, not the TypeScript', () => {
    const root = join(installed, 'node_modules', 'driftwatch');
    expect(existsSync(join(root, 'bin', 'driftwatch.ts'))).toBe(false);
    expect(existsSync(join(root, 'lambdas'))).toBe(false);
  });

  it('runs driftwatch --help', async () => {
    const { stdout } = await run(join(installed, 'node_modules', '.bin', 'driftwatch'), ['--help']);
    expect(stdout).toMatch(/Usage: driftwatch/);
    expect(stdout).toMatch(/check/);
  });

  it('prints the version of package.json with --version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(join(installed, 'node_modules', '.bin', 'driftwatch'), ['--version']);
    expect(stdout).toBe(`${version}\n`);
  });

  it('checks the sample data it ships', async () => {
    const data = join(installed, 'node_modules', 'driftwatch', 'examples', 'data');
    const cli = join(installed, 'node_modules', '.bin', 'driftwatch');
    const args = [
      'check',
      '--baseline',
      join(data, 'baseline.csv'),
      '--current',
      join(data, 'current.parquet'),
    ];
    // Exit 0 or 1 (no dataset drift or dataset drift); 2 and 3 would be an error or unreadable data.
    const result = await run(cli, args).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect([EXIT_OK, EXIT_DRIFT], result.stderr).toContain('code' in result ? result.code : EXIT_OK);
    expect(result.stdout).toMatch(/DRIFT\s+amount\s+numeric/);
  });
});
