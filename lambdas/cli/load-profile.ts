import { readFile, stat } from 'node:fs/promises';
import type { Profile } from '../core/profile/profile.ts';
import type { ProfilerOptions } from '../core/profile/profiler.ts';
import { PROFILE_FORMAT, profileFromJson } from '../core/profile/serialize-profile.ts';
import { localSources } from '../io/local-files.ts';
import { profileSources, type ReadProgress } from '../io/profile-sources.ts';

/** A table on disk (file or folder of parts) or a profile saved by `driftwatch profile`. */
export async function loadProfile(
  path: string,
  options: ProfilerOptions,
  onProgress?: (progress: ReadProgress) => void,
): Promise<Profile> {
  if (await isSavedProfile(path)) return profileFromJson(await readFile(path, 'utf8'), path);
  return profileSources(await localSources(path), options, onProgress);
}

async function isSavedProfile(path: string): Promise<boolean> {
  if (!path.endsWith('.json')) return false;
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) return false;
  const head = (await readFile(path, 'utf8')).slice(0, 200);
  return head.includes(`"format":"${PROFILE_FORMAT}"`);
}
