import { createHash } from 'node:crypto';
import type { MonitorConfig } from '../config.ts';
import {
  type CalibrationTable,
  calibrationTableFromJson,
  calibrationTableToJson,
} from '../core/calibration/calibration-table.ts';
import { asksForCalibration, type DriftPolicy } from '../core/policy.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';

/** Bumped when the way chunks are drawn changes, so older cached calibrations are redone. */
const CALIBRATION_VERSION = 1;

/**
 * Runs `compare` with the calibrations cached for this baseline at
 * `<prefix>cache/calibration-<hash>.json` (the hash over the baseline profile's cache keys and
 * every setting a calibration depends on) and stores the table again when the compare added to
 * it: a scheduled check pays each calibration once per baseline and snapshot-size class. Entries of
 * other baselines or settings are deleted. Nothing is cached when the monitor caches no profiles,
 * or when no feature asks for a calibrated threshold.
 */
export async function withCachedCalibrations<T>(
  options: {
    readonly monitor: MonitorConfig;
    readonly store: SnapshotStore;
    /** The baseline profile's cache keys (`BaselineProfile.cacheKeys`). */
    readonly baselineKeys: readonly string[];
    readonly policy: DriftPolicy;
    readonly log: (event: Record<string, unknown>) => void;
  },
  compare: (calibrations: CalibrationTable) => T,
): Promise<T> {
  const { monitor, store, policy } = options;
  if (!monitor.cacheProfiles || !asksForCalibration(policy)) return compare(new Map());
  const folder = `${monitor.prefix}cache/calibration-`;
  const key = `${folder}${calibrationHash(options.baselineKeys, policy)}.json`;
  const cached = await store.getText(key);
  const table = cached === null ? new Map() : calibrationTableFromJson(cached.text);
  if (cached !== null && table.size === 0) {
    options.log({ level: 'warn', message: 'unreadable calibration cache entry; recalibrating', key });
  }
  const before = table.size;
  const result = compare(table);
  if (table.size > before) await store.putText(key, calibrationTableToJson(table), 'application/json');
  for (const object of await store.list(folder)) if (object.key !== key) await store.delete(object.key);
  return result;
}

function calibrationHash(baselineKeys: readonly string[], policy: DriftPolicy): string {
  const identity = JSON.stringify({
    version: CALIBRATION_VERSION,
    baselineKeys,
    calibration: policy.calibration,
    compat: policy.compat,
    bins: policy.bins,
    binning: policy.binning,
  });
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
