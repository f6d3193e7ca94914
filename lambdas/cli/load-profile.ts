import { open, readFile } from 'node:fs/promises';
import type { ModelRowCollector } from '../core/performance/model-rows.ts';
import type { Profile } from '../core/profile/profile.ts';
import { looksLikeSavedProfile, profileFromBytes } from '../core/profile/serialize-profile.ts';
import { localSources } from '../io/local-files.ts';
import { profileSources, type ReadProgress, type TableReading } from '../io/profile-sources.ts';

/**
 * A table on disk (file or folder of parts) or a profile saved by `driftwatch profile`; a table's
 * model columns go to `model` as it is read (a saved profile has no rows to give).
 */
export async function loadProfile(
  path: string,
  reading: TableReading,
  onProgress?: (progress: ReadProgress) => void,
  model?: ModelRowCollector,
): Promise<Profile> {
  // One read into one buffer: a version-2 profile's kept values become views of it, not copies.
  if (await isSavedProfile(path)) return profileFromBytes(await readFile(path), path);
  const sources = await localSources(path, reading.format ? { format: reading.format } : {});
  return profileSources(sources, reading, onProgress, model);
}

/** Told by content, not name: `profile -o` writes whatever name it is given. */
export async function isSavedProfile(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch(() => null);
  if (file === null) return false;
  try {
    if (!(await file.stat()).isFile()) return false;
    const head = new Uint8Array(256);
    const { bytesRead } = await file.read(head, 0, head.byteLength, 0);
    return looksLikeSavedProfile(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}
