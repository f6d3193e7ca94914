import type { AlertReason } from '../../lambdas/core/alert-reasons.ts';
import { type HistoryEntry, historyEntryOf } from '../../lambdas/core/check-history.ts';
import type { DriftReport, ReportStatus } from '../../lambdas/core/report.ts';

const HOUR = 3_600_000;

/**
 * `checks` hourly checks of the report's features, oldest first, ending with the report itself:
 * statistics wander around their thresholds (every feature drifts now and then), every 15th check
 * alerts, every 20th has a quality finding on the first feature, the last feature is missing from
 * every 7th check and not compared in every 11th, and every 25th check is stale.
 */
export function historyFor(report: DriftReport, checks: number, prefix = 'monitors/fraud/'): HistoryEntry[] {
  const end = Date.parse(report.context?.checkedAt ?? '2026-11-28T10:05:00.000Z');
  const last = historyEntryOf(report, {
    checkedAt: new Date(end).toISOString(),
    alert: report.status === 'drift' ? 'drift' : null,
    reportKey: `${prefix}reports/${report.context?.snapshotId ?? 'now'}/report.json`,
  });
  const earlier = Array.from({ length: checks - 1 }, (_, i): HistoryEntry => {
    const at = new Date(end - (checks - 1 - i) * HOUR).toISOString();
    const id = `run-${String(i).padStart(4, '0')}`;
    const alert: AlertReason | null = i % 15 === 0 ? 'drift' : null;
    if (i % 25 === 24) {
      return {
        ...last,
        id: `stale:${id}`,
        checkedAt: at,
        status: 'stale',
        alert: 'stale',
        reportKey: null,
        features: [],
      };
    }
    const features = last.features
      .filter((_, f) => !(f === last.features.length - 1 && i % 7 === 0))
      .map((point, f) => {
        const wave = 0.6 + 0.7 * Math.abs(Math.sin((i + 3 * f) / 6));
        const statistic = point.threshold === null ? point.statistic : point.threshold * wave;
        const pValue =
          point.decision === 'p_value' && point.threshold !== null ? point.threshold / wave : point.pValue;
        const failed = f === last.features.length - 1 && i % 11 === 0;
        return {
          ...point,
          statistic: failed ? null : statistic,
          pValue: failed ? null : pValue,
          drifted: !failed && wave >= 1,
          failed,
          quality: f === 0 && i % 20 === 0,
        };
      });
    const drifted = features.filter((f) => f.drifted).length;
    const status: ReportStatus =
      drifted === 0 ? 'ok' : drifted * 2 >= features.length ? 'drift' : 'feature_drift';
    return {
      ...last,
      id,
      checkedAt: at,
      status,
      alert,
      reportKey: `${prefix}reports/${id}/report.json`,
      driftedShare: features.length ? drifted / features.length : 0,
      features,
    };
  });
  return [...earlier, last];
}
