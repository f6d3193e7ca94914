import { isWriterLeftover } from './io/writer-leftovers.ts';

/**
 * What starts a monitor's check: its EventBridge Scheduler schedule, an upload into its
 * `snapshots/` folder, or both (README "Checks on upload").
 */
export const TRIGGERS = ['schedule', 'upload', 'both'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/**
 * The schedule an upload-only monitor keeps when its config names none: the heartbeat that puts
 * `CheckRan`, finds a stale monitor (no snapshot for `maxSnapshotAge`), and checks a snapshot
 * whose event was lost (EventBridge dropped it after its retries, or its writer leaves no
 * `_SUCCESS`). Six hours: cheap (four runs a day), and within the default 26 h `maxSnapshotAge`
 * a stale monitor is found at most six hours late.
 */
export const UPLOAD_HEARTBEAT_EXPRESSION = 'rate(6 hours)';

/** The schedule of a scheduled monitor whose config names none. */
export const DEFAULT_SCHEDULE_EXPRESSION = 'rate(1 hour)';

/** Whether a trigger runs on uploads (the bucket must send its events to EventBridge). */
export function runsOnUpload(trigger: Trigger): boolean {
  return trigger !== 'schedule';
}

/** The marker Spark, Hadoop and Glue write last into a finished folder. */
const SUCCESS_MARKER = '_SUCCESS';

/**
 * Whether a new object completes a snapshot, so its upload starts a check: a single file directly
 * in `snapshotsFolder` (one PUT writes it whole), or the `_SUCCESS` marker directly in a snapshot
 * folder `snapshotsFolder<id>/`. Part files, nested folders, `.crc` files and anything outside the
 * folder do not: a folder of 500 parts starts one check, when its marker lands.
 */
export function completesSnapshot(key: string, snapshotsFolder: string): boolean {
  if (!key.startsWith(snapshotsFolder)) return false;
  const rest = key.slice(snapshotsFolder.length);
  const parts = rest.split('/');
  if (parts.length === 1) return rest !== '' && !isWriterLeftover(rest);
  return parts.length === 2 && parts[0] !== '' && parts[1] === SUCCESS_MARKER;
}

/**
 * The EventBridge event pattern of one monitor's uploads: S3 "Object Created" events (sent when
 * the bucket has EventBridge notifications on; Amazon S3 User Guide, "Using EventBridge" and
 * "EventBridge event message structure": `detail.bucket.name`, `detail.object.key`) of the
 * monitor's bucket whose key is a `_SUCCESS` marker or a data file under its `snapshots/` folder.
 *
 * A pattern can say "starts with" and "matches a wildcard", but not "has no further `/`": a
 * wildcard `*` matches `/` too (EventBridge User Guide, "Comparison operators for use in event
 * patterns": `"*\/lib/*"` matches any path containing `/lib/`), and the values listed for one field
 * are alternatives, never all required. So the pattern lets through the markers (`<folder>*\/_SUCCESS`)
 * and files by data extension (`<folder>*.csv`, ...), which part files inside a snapshot folder
 * also match; `completesSnapshot` in the check Lambda is the exact rule, and drops those before
 * any S3 request. Keys of reports, cache and state (outside `snapshots/`) never match. Wildcards
 * are case-sensitive: `X.CSV` starts no check (the heartbeat schedule checks it).
 */
export function uploadEventPattern(
  bucketName: string,
  snapshotsFolder: string,
  dataExtensions: readonly string[],
): {
  readonly source: string[];
  readonly 'detail-type': string[];
  readonly detail: {
    readonly bucket: { readonly name: string[] };
    readonly object: { readonly key: { readonly wildcard: string }[] };
  };
} {
  // Monitor prefixes hold no `*` (the config refuses it), nor do the extensions: nothing to escape.
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Created'],
    detail: {
      bucket: { name: [bucketName] },
      object: {
        key: [
          { wildcard: `${snapshotsFolder}*/${SUCCESS_MARKER}` },
          ...dataExtensions.map((extension) => ({ wildcard: `${snapshotsFolder}*${extension}` })),
        ],
      },
    },
  };
}
