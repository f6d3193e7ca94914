// `npm ci` and `npm pack` run this (package.json "prepare"): bundles the CLI and its profiling
// worker into dist/, which is what the packed package ships and runs (no TypeScript, no tsx).
// bin/driftwatch.mjs in a clone runs the bundle only while it is newer than every source file,
// so an edited .ts file is never shadowed by a stale bundle.
// `--package` (package.json "prepack") builds the rest of what the tarball ships: the engine API
// (dist/api/), the CDK library (dist/cdk/), the Lambda bundles the library deploys
// (dist/lambda/), and type declarations (dist/types/).
// `node scripts/bundle-cli.mjs --outdir <dir>` writes the bundle elsewhere (the package test).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    outdir: { type: 'string', default: join(root, 'dist') },
    package: { type: 'boolean', default: false },
  },
});
const outdir = resolve(values.outdir);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // esbuild is a dev dependency: a clone installed with --omit=dev has no bundle and no tsx.
  console.warn('driftwatch: esbuild not installed, dist/ not built; install with dev dependencies (npm ci)');
  process.exit(0);
}

// ESM bundles of CommonJS dependencies need `require` (as in lib/lambda-code.ts).
const requireBanner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

if (values.package) await buildPackage();
else await buildCli();

async function buildCli() {
  // Only the CLI's own files (the top level of dist/): the package parts in subfolders stay.
  mkdirSync(outdir, { recursive: true });
  for (const entry of readdirSync(outdir, { withFileTypes: true }).filter((e) => e.isFile())) {
    rmSync(join(outdir, entry.name));
  }
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['bin/driftwatch.ts', 'lambdas/cli/profile-worker.ts'],
    entryNames: '[name]',
    outdir,
    outExtension: { '.js': '.mjs' },
    // The CLI's body is a chunk loaded after bin/driftwatch.ts has started a check's workers.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Error class names stay as written (esbuild renames a class when two modules share a name).
    keepNames: true,
    banner: requireBanner,
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
}

async function buildPackage() {
  for (const part of ['api', 'cdk', 'lambda', 'types'])
    rmSync(join(outdir, part), { recursive: true, force: true });
  // The libraries import their dependencies (installed with the package, or by the user: the
  // peer dependencies aws-cdk-lib and constructs) instead of carrying copies.
  const library = {
    absWorkingDir: root,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    keepNames: true,
    logLevel: 'warning',
  };
  await esbuild.build({
    ...library,
    entryPoints: ['lambdas/api.ts'],
    outfile: join(outdir, 'api', 'index.mjs'),
  });
  await esbuild.build({
    ...library,
    entryPoints: ['lib/index.ts'],
    outfile: join(outdir, 'cdk', 'index.mjs'),
  });

  // The Lambda bundles, built by the same function (and options) the CDK app uses at synth.
  const tsx = await import('tsx/esm/api');
  const { LAMBDA_ENTRIES, bundleLambda, prebuiltBundleDir } = await tsx.tsImport(
    '../lib/lambda-code.ts',
    import.meta.url,
  );
  for (const entry of Object.values(LAMBDA_ENTRIES)) {
    bundleLambda(root, entry, join(outdir, relative(join(root, 'dist'), prebuiltBundleDir(root, entry))));
  }

  const types = join(outdir, 'types');
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.package.json'), '--outDir', types], {
    stdio: 'inherit',
  });
  // tsc keeps the sources' `.ts` import specifiers in declarations; a user's TypeScript resolves
  // `./x.js` to `./x.d.ts` under every module resolution, so name them that way.
  const relativeTsImport = /((?:from |import\()['"]\.{1,2}\/[^'"]*)\.ts(['"])/g;
  for (const file of readdirSync(types, { recursive: true })) {
    if (!String(file).endsWith('.d.ts')) continue;
    const path = join(types, String(file));
    writeFileSync(path, readFileSync(path, 'utf8').replace(relativeTsImport, '$1.js$2'));
  }
}
