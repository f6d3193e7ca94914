// `npm ci` and `npm pack` run this (package.json "prepare"): bundles the CLI and its profiling
// worker into dist/, which is what the packed package ships and runs (no TypeScript, no tsx).
// bin/driftwatch.mjs in a clone runs the bundle only while it is newer than every source file,
// so an edited .ts file is never shadowed by a stale bundle.
// `node scripts/bundle-cli.mjs --outdir <dir>` writes the bundle elsewhere (the package test).
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(root, 'dist') } } });
const outdir = resolve(values.outdir);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // esbuild is a dev dependency: a clone installed with --omit=dev has no bundle and no tsx.
  console.warn('driftwatch: esbuild not installed, dist/ not built; install with dev dependencies (npm ci)');
  process.exit(0);
}

rmSync(outdir, { recursive: true, force: true });
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
  // ESM bundles of CommonJS dependencies need `require` (as in lib/driftwatch-function.ts).
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
