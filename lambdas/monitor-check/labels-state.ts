import { z } from 'zod';
import type { SnapshotStore, WriteCondition } from '../io/snapshot-store.ts';

const LABELS_FORMAT = 'driftwatch-labels';

const snapshotLabelsSchema = z.object({
  /** Prediction rows, and those with a label joined. */
  rows: z.number(),
  labelled: z.number(),
  /** Judged: coverage reached `model.minLabelCoverage` and the snapshot has its report. */
  evaluated: z.boolean(),
  /** Why it was not judged (too few labels, no report), in words. */
  notEvaluated: z.string().optional(),
  degraded: z.boolean(),
  /**
   * The `model_degraded` alert: `claimed` once a run has taken it (written before it publishes),
   * `sent` once published. A claim never marked sent is published by the next run.
   */
  alert: z.enum(['claimed', 'sent']).nullable(),
  alertAt: z.string().nullable(),
});

const labelsStateSchema = z.object({
  format: z.literal(LABELS_FORMAT),
  version: z.literal(1),
  monitor: z.string(),
  /** The label batches the last evaluation joined (key and ETag: a rewritten batch is new). */
  batches: z.array(z.object({ key: z.string(), etag: z.string() })),
  /** Batches that could not be read, with why: not joined, and not read again until they change. */
  rejected: z.array(z.object({ key: z.string(), etag: z.string(), error: z.string() })),
  evaluatedAt: z.string(),
  /** Totals over the last evaluation's batches. */
  join: z.object({
    labelRows: z.number(),
    matched: z.number(),
    unmatched: z.number(),
    duplicate: z.number(),
    missingId: z.number(),
  }),
  snapshots: z.record(z.string(), snapshotLabelsSchema),
});

/** `<prefix>labels.json`: which label batches were joined, and each snapshot's labels and alert. */
export type LabelsState = z.infer<typeof labelsStateSchema>;
export type SnapshotLabels = z.infer<typeof snapshotLabelsSchema>;

function labelsStateKey(prefix: string): string {
  return `${prefix}labels.json`;
}

/** The state as read and the condition a write over it needs. */
interface ReadLabelsState {
  readonly state: LabelsState | null;
  readonly condition: WriteCondition;
}

/**
 * The labels state, or null before the first evaluation. One that cannot be parsed is reported
 * through `warn` and treated as absent (every batch is joined again; an alert already sent may be
 * sent once more), and is then overwritten under the ETag read.
 */
export async function readLabelsState(
  store: SnapshotStore,
  prefix: string,
  warn: (message: string) => void,
): Promise<ReadLabelsState> {
  const stored = await store.getText(labelsStateKey(prefix));
  if (stored === null) return { state: null, condition: { ifNoneMatch: '*' } };
  const condition = { ifMatch: stored.etag };
  const where = `${store.location}/${labelsStateKey(prefix)}`;
  let raw: unknown;
  try {
    raw = JSON.parse(stored.text);
  } catch {
    warn(`${where} is not JSON; joining every label batch again`);
    return { state: null, condition };
  }
  const parsed = labelsStateSchema.safeParse(raw);
  if (!parsed.success) {
    warn(`${where} has an unknown shape; joining every label batch again`);
    return { state: null, condition };
  }
  return { state: parsed.data, condition };
}

/**
 * Writes the state only over the version read, so two runs cannot both claim one alert: the
 * second's write fails with a WriteConflictError and it reads again. Returns the condition for a
 * next write. On S3 these are conditional writes ("How to prevent object overwrites with
 * conditional writes", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html): `If-Match` with
 * the ETag read fails with 412 Precondition Failed once another writer replaced the object, and
 * `If-None-Match: *` for the first write fails once one exists; a write racing another on the same
 * key may get 409 ConditionalRequestConflict (PutObject, Amazon S3 API Reference). S3Store turns
 * both into WriteConflictError (tested over the emulator in test/io/s3-store.test.ts); a local
 * store compares ETags just before it replaces the file.
 */
export async function writeLabelsState(
  store: SnapshotStore,
  prefix: string,
  state: LabelsState,
  condition: WriteCondition,
): Promise<WriteCondition> {
  const { etag } = await store.putText(
    labelsStateKey(prefix),
    `${JSON.stringify(state, null, 2)}\n`,
    'application/json',
    condition,
  );
  return { ifMatch: etag };
}
