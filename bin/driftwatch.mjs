#!/usr/bin/env node
// The CLI runs from its bundle, dist/driftwatch.mjs: an installed package ships only that (no
// TypeScript, no tsx), and `npm ci` in a clone builds it (package.json "prepare"), so it starts without
// tsx's compile-on-load start-up. In a clone the bundle runs only while it is newer than
// every source file under bin/ and lambdas/; otherwise (edited source, no build) the TypeScript
// runs through tsx, a dev dependency, so `npx driftwatch` always runs the code as it is on disk.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './fresh-bundle.mjs';

const bundle = freshBundle(join(dirname(fileURLToPath(import.meta.url)), '..'));
if (bundle !== null) {
  await import(pathToFileURL(bundle).href);
} else {
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch {
    console.error(
      'driftwatch: the CLI bundle (dist/) is missing or older than the source, and tsx (a dev dependency) ' +
        'is not installed to run the source: run `npm ci` (it builds dist/) or `node scripts/bundle-cli.mjs`',
    );
    process.exit(2);
  }
  tsx.register();
  await import('./driftwatch.ts');
}
