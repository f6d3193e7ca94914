import { z } from 'zod';
import type { MonitorConfig } from '../config.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import { rowSampleToBytes } from '../core/multivariate/row-sample-bytes.ts';
import { checkSetupOf } from '../drift-settings.ts';
import { profileSources } from '../io/profile-sources.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import { isWriterLeftover } from '../io/writer-leftovers.ts';
import { fanOutRequestSchema, partialProfileKey } from '../monitor-check/fan-out-request.ts';
import { partRowSampleKey, partRowSampling } from './part-row-sample.ts';
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
 * partial profile to `<prefix>cache/parts/<snapshot-id>/<index>.bin` and, unless multivariate
 * drift is off, the part's row sample beside it (`partRowSampleKey`). Writer markers, folder
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
    const setup = checkSetupOf(monitor.drift);
    const reading =
      setup.rowSample === undefined
        ? setup
        : { ...setup, rowSample: partRowSampling(setup.rowSample, stored.key) };
    const profile = await profileSources([dataStore.source(stored)], reading);
    // The row sample goes to S3 beside the partial profile, never into the map's output: a state's
    // payload is capped at 256 KiB (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html),
    // and a sample is megabytes.
    // Written first, so a partial profile the reduce finds always has its sample.
    if (profile.rows !== undefined)
      await stateStore.putBytes(
        partRowSampleKey(partialKey, stored),
        rowSampleToBytes(profile.rows),
        'application/octet-stream',
      );
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
