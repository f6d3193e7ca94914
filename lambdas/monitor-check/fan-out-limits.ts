import type { MonitorConfig } from '../config.ts';
import type { Snapshot } from './snapshots.ts';

/**
 * Whether a snapshot is too big for the check Lambda: more bytes or more part files than the
 * monitor's `fanOut` limits. A snapshot of one file never fans out: there is nothing to split.
 */
export function exceedsFanOutLimits(snapshot: Snapshot, limits: MonitorConfig['fanOut']): boolean {
  if (snapshot.objects.length < 2) return false;
  const bytes = snapshot.objects.reduce((total, object) => total + object.size, 0);
  return bytes > limits.maxBytes || snapshot.objects.length > limits.maxParts;
}
