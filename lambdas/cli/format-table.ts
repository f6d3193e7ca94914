import type { DriftReport, FeatureResult } from '../core/report.ts';

/** A plain aligned text table of a report, drifted features first. */
export function formatReportTable(report: DriftReport): string {
  const rows = [...report.features]
    .sort(bySeverity)
    .map((f) => [
      f.drifted ? 'DRIFT' : f.error ? 'n/a' : 'ok',
      f.name,
      f.kind,
      f.method ?? '-',
      fmt(f.statistic),
      fmt(f.pValueAdjusted ?? f.pValue),
      f.threshold === null ? '-' : `${f.decision === 'p_value' ? 'p <' : '≥'} ${f.threshold}`,
      `${f.nReference}/${f.nCurrent}${f.exact ? '' : ' (sampled)'}`,
      f.error ?? '',
    ]);
  const header = ['', 'feature', 'kind', 'method', 'statistic', 'p-value', 'drift if', 'n ref/cur', ''];
  const table = alignColumns([header, ...rows]);
  const d = report.dataset;
  const lines = [
    `driftwatch: ${report.status.toUpperCase()} — ${d.driftedCount} of ${d.featureCount} features drifted ` +
      `(${(d.driftedShare * 100).toFixed(1)}%; dataset drift at ≥ ${d.driftShareThreshold * 100}%)` +
      `${report.compat === 'evidently' ? ' [compat: evidently]' : ''}`,
    `baseline ${report.baseline.rowCount} rows, current ${report.current.rowCount} rows`,
    '',
    table,
  ];
  if (report.quality.length > 0) {
    lines.push('', 'data quality:');
    for (const q of report.quality)
      lines.push(`  ${q.severity.padEnd(7)} ${q.check.padEnd(18)} ${q.message}`);
  }
  if (report.skipped.length > 0) {
    lines.push('', 'not tested:');
    for (const s of report.skipped) lines.push(`  ${s.name} (${s.kind}): ${s.reason}`);
  }
  return `${lines.join('\n')}\n`;
}

function bySeverity(a: FeatureResult, b: FeatureResult): number {
  return Number(b.drifted) - Number(a.drifted) || Number(Boolean(b.error)) - Number(Boolean(a.error));
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toFixed(4) : x.toExponential(3);
}

function alignColumns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
