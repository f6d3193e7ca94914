import type { DriftReport, MultivariateDrift } from '../core/report.ts';
import { visibleLine } from '../safe-text.ts';
import { formatCount, formatNumber, truncate } from './report-wording.ts';

/**
 * The multivariate verdict in one sentence, e.g. "Features moved together differently: PCA
 * reconstruction error 1.39 outside [0.901, 1.01] (3 components of 6 columns)"; null when the
 * report has no multivariate result, or (with `computedOnly`, for alerts) when it was not computed.
 */
export function multivariateLine(report: DriftReport, computedOnly = false): string | null {
  const m = report.multivariate;
  if (m === undefined) return null;
  if (m.statistic === null || m.threshold === null) {
    return computedOnly
      ? null
      : `Multivariate drift ${truncate(visibleLine(m.error ?? 'not computed'), 300)}`;
  }
  const band = `[${formatNumber(m.threshold.lower)}, ${formatNumber(m.threshold.upper)}]`;
  const error = `PCA reconstruction error ${formatNumber(m.statistic)}`;
  const shape = `${m.components} component${m.components === 1 ? '' : 's'} of ${m.columns.length} columns`;
  return m.drifted
    ? `Features moved together differently: ${error} outside ${band} (${shape})`
    : `Features moved together as before: ${error} within ${band} (${shape})`;
}

/** How the band was drawn, for the report page: "100 baseline chunks of 50,000 rows: mean 0.955, std 0.018". */
export function multivariateChunksText(m: MultivariateDrift): string | null {
  if (m.chunks === undefined) return null;
  return `${m.chunks.count} baseline chunks of ${formatCount(m.chunks.size)} rows: mean ${formatNumber(m.chunks.mean)}, std ${formatNumber(m.chunks.std)}`;
}
