import { z } from 'zod';
import type { MonitorConfig } from '../config.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import { checkSetupOf } from '../drift-settings.ts';
import { profileSources } from '../io/profile-sources.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import { isWriterLeftover } from '../io/writer-leftovers.ts';
import { fanOutRequestSchema, partialProfileKey } from '../monitor-check/fan-out-request.ts';
import { partialToBytes } from './partial-profile.ts';

/**
 * One Distributed Map item as the ItemSelector shapes it: the execution input, the object as
 * the S3 item reader lists it (ListObjectsV2 fields; LastModified in epoch seconds or ISO text)
 * and its index in that listing.
 */
export const partItemSchema = z.object({
  request: fanOutRequestSchema,
  object: z.object({
    Key: z.string().min(1),
    Size: z.number().int().min(0),
    Etag: z.string(),
    LastModified: z.union([z.number(), z.string()]).optional(),
  }),
  index: z.number().int().min(0),
});

export type PartItem = z.infer<typeof partItemSchema>;

export interface PartResult {
  readonly key: string;
  /** Null for an object that is not a part file (writer marker, folder marker, nested file). */
  readonly partialKey: string | null;
  readonly rows: number;
}

/**
 * The map step: profiles one part file with the monitor's profiler options and writes the
 * partial profile to `<prefix>cache/parts/<snapshot-id>/<index>.bin`. Writer markers, folder
 * markers and files in nested folders are skipped: the single-Lambda path does not read them
 * either (nested files make the reduce step report the same error it would). A part that cannot
 * be read is written as its error, so the report names it as the single-Lambda path would.
 */
export async function profilePart(
  deps: {
    readonly monitor: MonitorConfig;
    readonly dataStore: SnapshotStore;
    readonly stateStore: SnapshotStore;
  },
  item: PartItem,
): Promise<PartResult> {
  const { monitor, dataStore, stateStore } = deps;
  const { request, object, index } = item;
  const expectedFolder = `${monitor.prefix}snapshots/${request.snapshotId}/`;
  if (request.snapshotFolder !== expectedFolder) {
    throw new Error(
      `fan-out request for ${monitor.name} names folder ${request.snapshotFolder}, expected ${expectedFolder}`,
    );
  }
  const rest = object.Key.startsWith(request.snapshotFolder)
    ? object.Key.slice(request.snapshotFolder.length)
    : '';
  if (rest === '' || rest.includes('/') || isWriterLeftover(rest)) {
    return { key: object.Key, partialKey: null, rows: 0 };
  }
  const stored = {
    key: object.Key,
    size: object.Size,
    etag: object.Etag,
    lastModified: lastModifiedOf(object.LastModified),
  };
  const partialKey = partialProfileKey(monitor.prefix, request.snapshotId, index);
  try {
    // Parts keep no row sample (a partial profile has no place for one): the fan-out's report says
    // multivariate drift was not computed.
    const { rowSample: _parts, ...reading } = checkSetupOf(monitor.drift);
    const profile = await profileSources([dataStore.source(stored)], reading);
    await stateStore.putBytes(
      partialKey,
      partialToBytes({ key: stored.key, etag: stored.etag, profile, error: null }),
      'application/octet-stream',
    );
    return { key: object.Key, partialKey, rows: profile.rowCount };
  } catch (error) {
    if (!(error instanceof SnapshotFormatError)) throw error;
    const { source, location, problem } = error;
    await stateStore.putBytes(
      partialKey,
      partialToBytes({
        key: stored.key,
        etag: stored.etag,
        profile: null,
        error: { source, location, problem },
      }),
      'application/octet-stream',
    );
    return { key: object.Key, partialKey, rows: 0 };
  }
}

function lastModifiedOf(value: number | string | undefined): Date {
  if (value === undefined) return new Date(0);
  return typeof value === 'number' ? new Date(value * 1000) : new Date(value);
}
