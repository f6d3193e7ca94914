import type { AlertReason } from './alert-reasons.ts';
import type { Decision } from './method-registry.ts';
import type { DriftReport, ReportStatus } from './report.ts';

/**
 * How many checks a monitor's history keeps. Appending to a full history drops the oldest check:
 * its report.json (while the reports' retention keeps it) still holds every number.
 */
export const HISTORY_MAX_CHECKS = 1000;

/** How many of the newest checks the trend charts (report and overview page) draw. */
export const TREND_CHECKS = 90;

/** One feature's result in one check: what a trend chart and a heat-map cell need. */
export interface FeaturePoint {
  readonly name: string;
  readonly statistic: number | null;
  /** The p-value the verdict used (after multiple-testing correction, when configured). */
  readonly pValue: number | null;
  readonly threshold: number | null;
  readonly decision: Decision | null;
  readonly drifted: boolean;
  /** No verdict was computed (the report's feature `error`). */
  readonly failed: boolean;
  /** A data-quality finding of severity `warning` or `error` named this feature. */
  readonly quality: boolean;
  /** The current side's null share. */
  readonly nullShare: number;
  /** Values the method compared on the current side. */
  readonly n: number;
}

/** One check of a monitor, as its history keeps it. */
export interface HistoryEntry {
  /**
   * What makes a check the same check when it runs again after a crash: the snapshot id, or for
   * a `stale` run `stale:<newest snapshot id>` (`stale:` when there is none), so the runs of one
   * stale spell are one entry.
   */
  readonly id: string;
  readonly checkedAt: string;
  readonly status: ReportStatus;
  /** The alert this check sent (or, for an entry merged from reruns, one of them sent). */
  readonly alert: AlertReason | null;
  /** Key of the check's report.json in the state store; null when none was written. */
  readonly reportKey: string | null;
  readonly driftedShare: number;
  readonly driftShareThreshold: number;
  readonly features: readonly FeaturePoint[];
}

/** The id a check's history entry goes by (see {@link HistoryEntry.id}). */
function historyIdOf(report: DriftReport): string {
  const snapshotId = report.context?.snapshotId ?? '';
  return report.status === 'stale' ? `stale:${snapshotId}` : snapshotId;
}

/** A report as a history entry. Pure. */
export function historyEntryOf(
  report: DriftReport,
  check: {
    readonly checkedAt: string;
    readonly alert: AlertReason | null;
    readonly reportKey: string | null;
  },
): HistoryEntry {
  const withQuality = new Set(
    report.quality.filter((q) => q.severity !== 'info' && q.feature !== null).map((q) => q.feature),
  );
  return {
    id: historyIdOf(report),
    checkedAt: check.checkedAt,
    status: report.status,
    alert: check.alert,
    reportKey: check.reportKey,
    driftedShare: report.dataset.driftedShare,
    driftShareThreshold: report.dataset.driftShareThreshold,
    features: report.features.map((f) => ({
      name: f.name,
      // A calibrated threshold bounds the calibration statistic (|t| for a t-test): the trend
      // chart draws the statistic against its threshold on one scale.
      statistic:
        f.calibration !== undefined && f.thresholdSource === 'calibrated'
          ? f.calibration.statistic
          : f.statistic,
      pValue: f.pValueAdjusted ?? f.pValue,
      threshold: f.threshold,
      decision: f.decision,
      drifted: f.drifted,
      failed: f.error !== undefined,
      quality: withQuality.has(f.name),
      nullShare: f.nullShareCurrent,
      n: f.nCurrent,
    })),
  };
}

/**
 * The history with `entry` appended, oldest first, at most `max` long. An entry with the same id
 * (the same check run again after a crash, or another run of the same stale spell) is replaced,
 * never doubled; the alert mark and report of the one replaced stay when the new run has none
 * (a stale report is written only with its alert). Pure.
 */
export function withHistoryEntry(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
  max: number = HISTORY_MAX_CHECKS,
): HistoryEntry[] {
  const previous = history.find((h) => h.id === entry.id);
  const merged =
    previous === undefined
      ? entry
      : { ...entry, alert: entry.alert ?? previous.alert, reportKey: entry.reportKey ?? previous.reportKey };
  const kept = history.filter((h) => h.id !== entry.id);
  kept.push(merged);
  return kept.slice(Math.max(0, kept.length - max));
}
