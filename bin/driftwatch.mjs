#!/usr/bin/env node
// `npm ci` bundles the CLI into dist/ (package.json "prepare"): it starts without tsx's
// compile-on-load start-up. The bundle runs only while it is newer than every source file under
// bin/ and lambdas/; otherwise (edited source, no dev dependencies, no build) the TypeScript runs
// through tsx, so `npx driftwatch` always runs the code as it is on disk.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './fresh-bundle.mjs';

const bundle = freshBundle(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (bundle !== null) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./driftwatch.ts');
}
