import { createHash } from 'node:crypto';
import type { MonitorConfig } from '../config.ts';
import type { CalibrationBudget } from '../core/calibration/calibration-budget.ts';
import {
  type CalibrationTable,
  calibrationTableFromJson,
  calibrationTableToJson,
} from '../core/calibration/calibration-table.ts';
import type { ChunkStrategy } from '../core/calibration/chunk-strategy.ts';
import { randomChunks } from '../core/calibration/random-chunks.ts';
import { timeChunkPlan, unusableChunks } from '../core/calibration/time-chunk-plan.ts';
import { type BaselinePeriods, timeChunks } from '../core/calibration/time-chunks.ts';
import type { CalibrationRun } from '../core/compare.ts';
import { asksForCalibration, type DriftPolicy } from '../core/policy.ts';
import type { Profile } from '../core/profile/profile.ts';
import type { TimeReading } from '../core/profile/row-times.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';

/** Bumped when the way chunks are drawn changes, so older cached calibrations are redone. */
const CALIBRATION_VERSION = 2;

/** Thrown by a time-chunk strategy whose periods are not read yet: the compare is run again with them. */
class PeriodsNeeded extends Error {}

const periodsNotRead: ChunkStrategy = {
  name: 'time',
  draw() {
    throw new PeriodsNeeded('the baseline has not been split by period yet');
  },
};

/**
 * Runs `compare` with the calibrations cached for this baseline at
 * `<prefix>cache/calibration-<hash>.json` (the hash over the baseline profile's cache keys, every
 * setting a calibration depends on, and how it is chunked: by time, with the timestamp column and
 * period length, or at random) and stores the table again when the compare added to it: a
 * scheduled check pays each calibration once per baseline, snapshot-size class and period.
 * Entries of other baselines or settings are deleted. Nothing is cached when the monitor caches no
 * profiles, or when no feature asks for a calibrated threshold.
 *
 * With a `timestamp` column (`timeChunkPlan`) the chunks are the baseline's periods, which need
 * the baseline read again split by period (`splitBaseline`): that is done only when some
 * calibration is missing from the cache — the compare runs first with a strategy that stops it at
 * the first missing calibration, then again with the periods.
 */
export async function withCachedCalibrations<T>(
  options: {
    readonly monitor: MonitorConfig;
    readonly store: SnapshotStore;
    /** The baseline profile's cache keys (`BaselineProfile.cacheKeys`). */
    readonly baselineKeys: readonly string[];
    readonly policy: DriftPolicy;
    /** The profiles compared: where the timestamp column is read and its period found. */
    readonly baseline: Profile;
    readonly current: Profile;
    /** The baseline's rows by period of a column (profile-periods.ts). */
    readonly splitBaseline: (column: string, time: TimeReading, periodMs: number) => Promise<BaselinePeriods>;
    /** Stops calibrating when the check's time runs short. @default no limit */
    readonly budget?: CalibrationBudget;
    readonly log: (event: Record<string, unknown>) => void;
  },
  compare: (calibrations: CalibrationTable, calibrating: CalibrationRun) => T,
): Promise<T> {
  const { monitor, store, policy } = options;
  if (!asksForCalibration(policy)) return compare(new Map(), {});
  const plan = timeChunkPlan(policy, options.baseline, options.current);
  const chunking =
    plan === null
      ? 'random'
      : 'unusable' in plan
        ? { unusable: plan.unusable }
        : { column: plan.column, periodMs: plan.periodMs };
  const folder = `${monitor.prefix}cache/calibration-`;
  const key = `${folder}${calibrationHash(options.baselineKeys, policy, chunking)}.json`;
  const cached = monitor.cacheProfiles ? await store.getText(key) : null;
  const table = cached === null ? new Map() : calibrationTableFromJson(cached.text);
  if (cached !== null && table.size === 0) {
    options.log({ level: 'warn', message: 'unreadable calibration cache entry; recalibrating', key });
  }
  const before = table.size;
  const run = (strategy: ChunkStrategy) =>
    compare(table, { strategy, ...(options.budget !== undefined ? { budget: options.budget } : {}) });
  let result: T;
  if (plan === null) result = run(randomChunks);
  else if ('unusable' in plan) result = run(unusableChunks(plan.unusable));
  else {
    try {
      result = run(periodsNotRead);
    } catch (error) {
      if (!(error instanceof PeriodsNeeded)) throw error;
      const periods = await options.splitBaseline(plan.column, plan.time, plan.periodMs);
      options.log({
        level: 'info',
        message: 'baseline split by period for time-chunk calibration',
        monitor: monitor.name,
        column: plan.column,
        periodMs: plan.periodMs,
        periods: periods.periods.length,
        untimedRows: periods.untimedRows,
      });
      result = run(timeChunks(periods));
    }
  }
  if (!monitor.cacheProfiles) return result;
  if (table.size > before) await store.putText(key, calibrationTableToJson(table), 'application/json');
  for (const object of await store.list(folder)) if (object.key !== key) await store.delete(object.key);
  return result;
}

function calibrationHash(baselineKeys: readonly string[], policy: DriftPolicy, chunking: unknown): string {
  const identity = JSON.stringify({
    version: CALIBRATION_VERSION,
    baselineKeys,
    chunking,
    calibration: policy.calibration,
    compat: policy.compat,
    bins: policy.bins,
    binning: policy.binning,
  });
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}
