import { z } from 'zod';

/**
 * The state machine's input, written by the check and read by every step: which snapshot, and
 * the check's start time so the report says when the check ran, not when the reduce did.
 */
export const fanOutRequestSchema = z.object({
  monitor: z.string().min(1),
  snapshotId: z.string().min(1),
  /** ISO time the check started: the report's `checkedAt` and the stale clock. */
  checkedAt: z.iso.datetime(),
  /** Bucket the item reader lists (the monitor's own bucket if it names one). */
  dataBucket: z.string().min(1),
  /** The snapshot's folder, `<prefix>snapshots/<id>/`: the item reader's ListObjectsV2 prefix. */
  snapshotFolder: z.string().min(1),
});

export type FanOutRequest = z.infer<typeof fanOutRequestSchema>;

/** What became of a request to fan out. */
export interface FanOutStart {
  readonly executionName: string;
  readonly executionArn: string;
  /** False when an execution for this snapshot was already running: nothing new was started. */
  readonly started: boolean;
}

/** Starts the fan-out for a snapshot: Step Functions in the Lambda, a local stand-in in tests. */
export interface FanOutStarter {
  /**
   * Starts (at most once per snapshot version) the execution for `request`; `identity`
   * distinguishes versions of the same snapshot id (its objects' keys and ETags).
   */
  start(request: FanOutRequest, identity: string): Promise<FanOutStart>;
}

/** Where the profile-part step writes the partial profile of the snapshot's `index`-th listed object. */
export function partsFolder(prefix: string, snapshotId: string): string {
  return `${prefix}cache/parts/${snapshotId}/`;
}

export function partialProfileKey(prefix: string, snapshotId: string, index: number): string {
  return `${partsFolder(prefix, snapshotId)}${index}.bin`;
}
