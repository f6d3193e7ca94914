import { z } from 'zod';
import { ConfigError, type DriftwatchConfig, type MonitorConfig } from '../config.ts';
import { snapshotIdOfKey } from '../monitor-check/snapshots.ts';
import { completesSnapshot } from '../upload-trigger.ts';

/**
 * An S3 "Object Created" event as EventBridge delivers it (Amazon S3 User Guide, "EventBridge
 * event message structure"): `source` `aws.s3`, `detail-type` `Object Created`,
 * `detail.bucket.name` and `detail.object.key`. Other fields are allowed and ignored.
 */
const objectCreatedSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
});

const checkEventSchema = z.union([
  // A monitor's upload rule: its name and the original event (`<aws.events.event.json>`).
  z.object({ monitor: z.string().min(1), event: objectCreatedSchema }),
  // EventBridge Scheduler's input, or `aws lambda invoke`.
  z.object({ monitor: z.string().min(1), event: z.undefined().optional() }),
  // The S3 event itself, from a rule wired by hand: the object's bucket and key name the monitor.
  objectCreatedSchema,
]);

/** The object whose upload started a check. */
interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
}

/** What the check Lambda was asked to do. */
export interface CheckRequest {
  /** Named by the schedule or the upload rule; absent for a bare S3 event. */
  readonly monitor?: string;
  readonly upload?: UploadedObject;
}

/**
 * The check Lambda's input: `{"monitor": "<name>"}` (the schedule), `{"monitor": "<name>",
 * "event": <S3 Object Created event>}` (the monitor's upload rule), or the S3 event alone.
 */
export function parseCheckEvent(event: unknown): CheckRequest {
  const parsed = checkEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new ConfigError(
      `the check event must be {"monitor": "<name>"} or an S3 "Object Created" event from EventBridge, got ${JSON.stringify(event)?.slice(0, 200)}`,
    );
  }
  const value = parsed.data;
  if ('source' in value) return { upload: uploadOf(value) };
  return {
    monitor: value.monitor,
    ...(value.event !== undefined ? { upload: uploadOf(value.event) } : {}),
  };
}

function uploadOf(event: z.infer<typeof objectCreatedSchema>): UploadedObject {
  return { bucket: event.detail.bucket.name, key: event.detail.object.key };
}

/** The monitor to check, and what the upload (if any) means for it. */
export interface CheckTarget {
  readonly monitor: MonitorConfig;
  readonly upload?: UploadedObject & {
    /** The snapshot the object belongs to. */
    readonly snapshotId: string;
    /** A single-file snapshot or a folder's `_SUCCESS` marker: the upload completes a snapshot. */
    readonly completesSnapshot: boolean;
  };
}

/**
 * The monitor a request is for: the one it names, or the one whose bucket (its own, else the
 * stack's) and `snapshots/` folder hold the uploaded object. An upload that names a monitor must
 * lie in that monitor's folder (else the rule is wired wrong, and the invocation fails loudly).
 */
export function checkTargetOf(
  request: CheckRequest,
  config: DriftwatchConfig,
  stackBucket: string,
): CheckTarget {
  const { upload } = request;
  const holds = (monitor: MonitorConfig, object: UploadedObject): boolean =>
    (monitor.bucket ?? stackBucket) === object.bucket && object.key.startsWith(`${monitor.prefix}snapshots/`);
  let monitor: MonitorConfig | undefined;
  if (request.monitor !== undefined) {
    monitor = config.monitors.find((candidate) => candidate.name === request.monitor);
    if (monitor === undefined) {
      const known = config.monitors.map((candidate) => `"${candidate.name}"`).join(', ');
      throw new ConfigError(`no monitor named "${request.monitor}" in the config; known monitors: ${known}`);
    }
    if (upload !== undefined && !holds(monitor, upload)) {
      throw new ConfigError(
        `the upload event for s3://${upload.bucket}/${upload.key} names monitor "${monitor.name}", whose snapshots are under s3://${monitor.bucket ?? stackBucket}/${monitor.prefix}snapshots/`,
      );
    }
  } else if (upload !== undefined) {
    monitor = config.monitors.find((candidate) => holds(candidate, upload));
    if (monitor === undefined) {
      throw new ConfigError(`s3://${upload.bucket}/${upload.key} is in no monitor's snapshots/ folder`);
    }
  } else {
    throw new ConfigError('the check event names no monitor');
  }
  if (upload === undefined) return { monitor };
  const folder = `${monitor.prefix}snapshots/`;
  return {
    monitor,
    upload: {
      ...upload,
      snapshotId: snapshotIdOfKey(upload.key, folder),
      completesSnapshot: completesSnapshot(upload.key, folder),
    },
  };
}
