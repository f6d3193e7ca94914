// `npm ci` runs this (package.json "prepare"): bundles the CLI and its profiling worker into
// dist/, so `driftwatch` does not pay tsx's compile-on-load start-up on every run.
// bin/driftwatch.mjs runs the bundle only while it is newer than every source file, so an
// edited .ts file is never shadowed by a stale bundle.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (--omit=dev) has no esbuild: the CLI then runs through tsx.
  console.warn('driftwatch: esbuild not installed; the CLI will run through tsx (slower start-up)');
  process.exit(0);
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['bin/driftwatch.ts', 'lambdas/cli/profile-worker.ts'],
  entryNames: '[name]',
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  // The CLI's body is a chunk loaded after bin/driftwatch.ts has started a check's workers.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ESM bundles of CommonJS dependencies need `require` (as in lib/driftwatch-function.ts).
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
