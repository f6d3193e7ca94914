import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { WorkerStart } from '../../lambdas/cli/worker-start.ts';

const REPO = join(import.meta.dirname, '..', '..');

/**
 * The profiling worker entry bundled by esbuild, as scripts/bundle-cli.mjs does: it starts in
 * ~50 ms where loading the TypeScript through tsx takes ~350 ms, so worker tests use it.
 */
export async function bundledProfileWorker(): Promise<WorkerStart> {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-worker-bundle-'));
  await build({
    entryPoints: [join(REPO, 'lambdas', 'cli', 'profile-worker.ts')],
    outfile: join(dir, 'profile-worker.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
  return { script: pathToFileURL(join(dir, 'profile-worker.mjs')), eval: false };
}
