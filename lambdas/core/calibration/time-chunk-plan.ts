import type { DriftPolicy } from '../policy.ts';
import { datetimeSourceOf, datetimeSummaryOf } from '../profile/datetime-values.ts';
import type { Profile } from '../profile/profile.ts';
import type { TimeReading } from '../profile/row-times.ts';
import type { ChunkStrategy } from './chunk-strategy.ts';
import { periodLengthOf } from './period-length.ts';

/** How a check's calibrations are to be chunked by time. */
export type TimeChunkPlan =
  /** Split the baseline by `column` into periods of `periodMs`. */
  | { readonly column: string; readonly time: TimeReading; readonly periodMs: number }
  /** The monitor has a timestamp column, but this check cannot chunk by it: why. */
  | { readonly unusable: string };

/**
 * Time chunks when the policy names a `timestamp` column (columns.timestamp), the period being the
 * time the current snapshot covers (`periodLengthOf`); null without a timestamp column (random
 * chunks, nothing to say).
 */
export function timeChunkPlan(
  policy: DriftPolicy,
  baseline: Profile,
  current: Profile,
): TimeChunkPlan | null {
  const column = policy.columns.timestamp;
  if (column === undefined) return null;
  const reference = baseline.columns.find((c) => c.name === column);
  const checked = current.columns.find((c) => c.name === column);
  if (reference === undefined || checked === undefined) return { unusable: `no timestamp column ${column}` };
  const periodMs = periodLengthOf(datetimeSummaryOf(checked));
  if (periodMs === null) {
    return { unusable: `the snapshot's ${column} holds fewer than two distinct times, so no period length` };
  }
  return {
    column,
    periodMs,
    time: { sourceType: reference.sourceType, source: datetimeSourceOf(reference) },
  };
}

/** A strategy that draws nothing and says why: the calibration falls back to random chunks and reports it. */
export function unusableChunks(reason: string): ChunkStrategy {
  return { name: 'time', draw: () => ({ pairs: [], withReplacement: false, unusable: reason }) };
}
