import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
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

/** Packages a CDK user installs beside driftwatch (and tsx to run a TypeScript app), from this repository. */
const USER_PACKAGES = ['aws-cdk-lib', 'constructs', 'cdk-nag', 'tsx'];
const DEV_ONLY = ['tsx', 'esbuild', '@esbuild', 'typescript', 'vitest'];

/**
 * The package as a user installs it: the files package.json ships, with dist/ built by
 * scripts/bundle-cli.mjs as "prepare" and "prepack" build it (into a temporary copy, so the
 * working tree's dist/ is left alone), packed by `npm pack` and installed into an empty folder
 * with `npm install --omit=dev` (dependencies from the local npm cache when there). The CDK user's
 * own packages are then linked from this repository, as an offline stand-in for installing them.
 */
describe('the packed package installed without dev dependencies', () => {
  let work: string;
  let installed: string;
  let tarballFiles: string[];
  let presentBeforeLinking: string[];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'driftwatch-package-'));
    const pkg = join(work, 'package');
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of ['package.json', 'README.md', 'LICENSE', ...manifest.files]) {
      if (entry.startsWith('dist') || !existsSync(join(REPO, entry))) continue;
      cpSync(join(REPO, entry), join(pkg, entry), { recursive: true });
    }
    const dist = join(pkg, 'dist');
    const bundle = join(REPO, 'scripts', 'bundle-cli.mjs');
    await run(process.execPath, [bundle, '--outdir', dist]);
    await run(process.execPath, [bundle, '--package', '--outdir', dist]);
    const env = cleanEnv();
    // --ignore-scripts: the copy has no scripts/ folder; its dist/ is built above.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
      cwd: pkg,
      env,
    });
    const [result] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarballFiles = result.files.map((file) => file.path);
    const tarball = join(work, result.filename);
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      '{ "name": "driftwatch-user", "private": true, "type": "module" }\n',
    );
    await run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
      cwd: app,
      env,
    });
    installed = app;
    const modules = join(app, 'node_modules');
    presentBeforeLinking = [...DEV_ONLY, ...USER_PACKAGES].filter((name) => existsSync(join(modules, name)));
    for (const name of USER_PACKAGES)
      symlinkSync(join(REPO, 'node_modules', name), join(modules, name), 'dir');
  }, 600_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it('installs neither dev dependencies nor the optional CDK peers', () => {
    expect(existsSync(join(installed, 'node_modules', 'driftwatch', 'dist', 'driftwatch.mjs'))).toBe(true);
    expect(presentBeforeLinking).toEqual([]);
  });

  it('ships built JavaScript, declarations and prebuilt Lambda bundles, not the TypeScript', () => {
    expect(tarballFiles.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual([]);
    for (const path of [
      'dist/api/index.mjs',
      'dist/cdk/index.mjs',
      'dist/types/lambdas/api.d.ts',
      'dist/types/lib/index.d.ts',
      'dist/lambda/lambdas/check/handler/index.mjs',
      'dist/lambda/lambdas/slack/handler/index.mjs',
      'dist/lambda/lambdas/fanout/profile-part-handler/index.mjs',
      'dist/lambda/lambdas/fanout/reduce-handler/index.mjs',
      'CHANGELOG.md',
    ]) {
      expect(tarballFiles, path).toContain(path);
    }
    const declarations = tarballFiles.filter((path) => path.endsWith('.d.ts'));
    for (const path of declarations) {
      const text = readFileSync(join(installed, 'node_modules', 'driftwatch', path), 'utf8');
      expect(text, path).not.toMatch(/from '\.{1,2}\/[^']*\.ts'/);
    }
  });

  it('runs driftwatch --help and --version', async () => {
    const cli = join(installed, 'node_modules', '.bin', 'driftwatch');
    const { stdout } = await run(cli, ['--help']);
    expect(stdout).toMatch(/Usage: driftwatch/);
    expect(stdout).toMatch(/check/);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const version = await run('npx', ['--no-install', 'driftwatch', '--version'], {
      cwd: installed,
      env: cleanEnv(),
    });
    expect(version.stdout.trim()).toBe(manifest.version);
  });

  it('checks the sample data it ships with npx driftwatch check', async () => {
    const data = join(installed, 'node_modules', 'driftwatch', 'examples', 'data');
    const args = [
      '--no-install',
      'driftwatch',
      'check',
      '--baseline',
      join(data, 'baseline.csv'),
      '--current',
      join(data, 'current.parquet'),
    ];
    // Exit 0 or 1 (no dataset drift or dataset drift); 2 and 3 would be an error or unreadable data.
    const result = await run('npx', args, { cwd: installed, env: cleanEnv() }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect([EXIT_OK, EXIT_DRIFT], result.stderr).toContain('code' in result ? result.code : EXIT_OK);
    expect(result.stdout).toMatch(/DRIFT\s+amount\s+numeric/);
  });

  it('gives the engine API: checkTables returns the JSON report', async () => {
    const data = join(installed, 'node_modules', 'driftwatch', 'examples', 'data');
    const script = `
      import { checkTables, REPORT_SCHEMA_VERSION } from 'driftwatch';
      const report = await checkTables(${JSON.stringify(join(data, 'baseline.csv'))}, ${JSON.stringify(join(data, 'current.parquet'))});
      console.log(JSON.stringify({ schema: report.schemaVersion === REPORT_SCHEMA_VERSION, status: report.status, amount: report.features.find((f) => f.name === 'amount')?.drifted }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: installed });
    expect(JSON.parse(stdout)).toEqual({ schema: true, status: expect.any(String), amount: true });
  });

  it('synthesizes examples/existing-app from driftwatch/cdk with cdk-nag and no unacknowledged findings', {
    timeout: 120_000,
  }, async () => {
    cpSync(join(REPO, 'examples', 'existing-app', 'app.ts'), join(installed, 'app.ts'));
    const outdir = join(installed, 'cdk.out');
    // CDK_OUTDIR is how the cdk CLI runs an app: it synthesizes on exit, cdk-nag validating.
    await run(process.execPath, ['--import', 'tsx', 'app.ts'], {
      cwd: installed,
      env: {
        ...cleanEnv(),
        CDK_OUTDIR: outdir,
        CDK_DISABLE_VERSION_CHECK: '1',
        CDK_DISABLE_CLI_TELEMETRY: '1',
      },
    });
    const report = readFileSync(join(outdir, 'validation-report.json'), 'utf8');
    expect(report).not.toMatch(/"status":\s*"failure"/);
    const template = JSON.parse(readFileSync(join(outdir, 'ModelServing.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBe(3);
    // Each function's asset is the prebuilt bundle with the deployed config beside it.
    const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
    const withConfig = assets.filter((asset) => existsSync(join(outdir, asset, 'driftwatch.config.json')));
    expect(withConfig.length).toBeGreaterThanOrEqual(3);
    for (const asset of withConfig) {
      expect(existsSync(join(outdir, asset, 'index.mjs'))).toBe(true);
      const config = JSON.parse(readFileSync(join(outdir, asset, 'driftwatch.config.json'), 'utf8'));
      expect(config.monitors[0].name).toBe('fraud-model');
    }
  });

  it('types the API and the construct for a TypeScript user, from the shipped declarations', {
    timeout: 120_000,
  }, async () => {
    cpSync(join(REPO, 'examples', 'existing-app', 'app.ts'), join(installed, 'app.ts'));
    writeFileSync(
      join(installed, 'uses-types.ts'),
      [
        "import { checkTables, type DriftReport } from 'driftwatch';",
        "import { type DriftwatchProps, MAX_ALARM_NAME_LENGTH } from 'driftwatch/cdk';",
        "export const report: Promise<DriftReport> = checkTables('a.csv', 'b.csv', { threshold: 0.05 });",
        'export const limit: number = MAX_ALARM_NAME_LENGTH;',
        // Were a declaration unresolved, the types would be `any` and these would not be errors.
        "// @ts-expect-error a monitor's name is a string",
        'export const wrong: DriftwatchProps = { monitors: [{ name: 1 }] };',
        "// @ts-expect-error a report's status is one of the statuses",
        "export const status: DriftReport['status'] = 'fine';",
      ].join('\n'),
    );
    writeFileSync(
      join(installed, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['app.ts', 'uses-types.ts'],
      }),
    );
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: installed }).catch(
      (error: { stdout: string }) => error,
    );
    expect(result.stdout).toBe('');
  });
});
