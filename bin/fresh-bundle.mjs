// Plain JavaScript: it runs before anything can load TypeScript.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders whose files the bundle is built from (scripts/bundle-cli.mjs). */
export const SOURCE_FOLDERS = ['bin', 'lambdas'];

/**
 * The path of the CLI bundle (dist/driftwatch.mjs under `root`) when it exists and is newer than
 * every file under bin/ and lambdas/, else null: a developer who edits a .ts file runs the
 * source through tsx, never a stale bundle. A stat walk, no reads: cheap beside start-up.
 *
 * An installed package (npm pack ships bin/*.mjs and dist/, no TypeScript) has only the bundle,
 * and npm gives every file in it the same fixed mtime: there the bundle is always the one to run.
 */
export function freshBundle(root) {
  const bundle = join(root, 'dist', 'driftwatch.mjs');
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return null;
  }
  if (!existsSync(join(root, 'bin', 'driftwatch.ts'))) return bundle;
  for (const folder of SOURCE_FOLDERS) {
    if (newestBelow(join(root, folder), built) >= built) return null;
  }
  return bundle;
}

/** The newest mtime under `dir`, stopping early once one reaches `limit`. */
function newestBelow(dir, limit) {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestBelow(path, limit) : statSync(path).mtimeMs;
    if (mtime > newest) newest = mtime;
    if (newest >= limit) return newest;
  }
  return newest;
}
