import type { PerformanceSection } from '../core/performance/performance-section.ts';
import type { DriftReport, FeatureResult } from '../core/report.ts';
import {
  coverageLine,
  metricVerdict,
  performanceLine,
  performanceRowsText,
} from '../render/performance-wording.ts';
import {
  bySeverity,
  driftRule,
  driftScore,
  formatNumber,
  notComparedPhrase,
  predictionLine,
  statusWords,
  thresholdOrigin,
} from '../render/report-wording.ts';
import { visibleLine, visibleText } from '../safe-text.ts';

export interface TableOptions {
  /** ANSI colours; the caller decides (a TTY without NO_COLOR). @default false */
  readonly color?: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI;

/**
 * An aligned text table of a report, worst first: drifted features by how far past their threshold,
 * then features that could not be compared, then the rest. Words carry the verdict; colour only
 * repeats it.
 */
export function formatReportTable(report: DriftReport, options: TableOptions = {}): string {
  const paint = (style: Style, text: string) =>
    options.color && text !== '' ? `\x1b[${ANSI[style]}m${text}\x1b[0m` : text;
  const features = [...report.features].sort(bySeverity);
  const header = [
    '',
    'feature',
    'kind',
    'method',
    'statistic',
    'p-value',
    'drift if',
    'threshold from',
    'score',
    'n ref/cur',
    '',
  ];
  const rows = features.map((f) => [
    f.drifted ? 'DRIFT' : f.error ? 'n/a' : 'ok',
    visibleLine(f.name),
    f.kind,
    f.method ?? '-',
    fmt(f.statistic),
    fmt(f.pValueAdjusted ?? f.pValue),
    driftRule(f),
    f.threshold === null ? '-' : thresholdOrigin(f),
    f.threshold === null ? '-' : `${formatNumber(driftScore(f))}×`,
    `${f.nReference}/${f.nCurrent}${f.sampledFrom !== undefined ? ` (sampled of ${f.sampledFrom.reference}/${f.sampledFrom.current})` : f.exact ? '' : ' (sampled)'}`,
    visibleLine(f.error ?? ''),
  ]);
  const rightAligned = new Set([4, 5, 8]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => width(r[i]))));
  const line = (cells: string[], styleOf: (i: number) => Style | null) =>
    cells
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - width(cell));
        const style = styleOf(i);
        // Padding stays outside the escape codes so trailing blanks trim the same with or without colour.
        const shown = style === null ? cell : paint(style, cell);
        return rightAligned.has(i) ? pad + shown : shown + pad;
      })
      .join('  ')
      .trimEnd();
  const tableLines = [
    line(header, () => 'bold'),
    ...rows.map((cells, r) => {
      const f = features[r];
      return line(cells, (i) =>
        i === 0 ? stateStyle(f) : i === 1 && f.drifted ? 'bold' : i >= 8 ? 'dim' : null,
      );
    }),
  ];

  const d = report.dataset;
  const notCompared = notComparedPhrase(report);
  const verdict = statusWords(report.status);
  const verdictStyle: Style = verdict.tone === 'good' ? 'green' : verdict.tone === 'bad' ? 'red' : 'yellow';
  const lines = [
    `driftwatch: ${paint(verdictStyle, report.status.toUpperCase())} — ` +
      `${d.driftedCount} of ${d.featureCount} features drifted ` +
      `(${(d.driftedShare * 100).toFixed(1)}%; dataset drift at ≥ ${d.driftShareThreshold * 100}%)` +
      `${report.compat === 'evidently' ? ' [compat: evidently]' : ''}` +
      (notCompared === '' ? '' : `; ${paint('yellow', notCompared)}`),
    paint('dim', `baseline ${report.baseline.rowCount} rows, current ${report.current.rowCount} rows`),
  ];
  const prediction = predictionLine(report);
  if (prediction !== null) lines.push(paint(report.prediction?.drifted.length ? 'red' : 'green', prediction));
  if (report.error !== undefined) lines.push(paint('red', visibleText(report.error)));
  if (features.length > 0) lines.push('', ...tableLines);
  if (report.performance !== undefined) lines.push('', ...performanceLines(report.performance, paint));
  if (report.quality.length > 0) {
    lines.push('', paint('bold', 'data quality:'));
    for (const q of report.quality) {
      const style: Style = q.severity === 'error' ? 'red' : q.severity === 'warning' ? 'yellow' : 'dim';
      lines.push(`  ${paint(style, q.severity.padEnd(7))} ${q.check.padEnd(18)} ${visibleLine(q.message)}`);
    }
  }
  if (report.skipped.length > 0) {
    lines.push('', paint('bold', 'not tested:'));
    for (const s of report.skipped)
      lines.push(paint('dim', `  ${visibleLine(s.name)} (${s.kind}): ${visibleLine(s.reason)}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The model-quality block: its verdict, a metric table, the rows and labels each side had. */
function performanceLines(
  section: PerformanceSection,
  paint: (style: Style, text: string) => string,
): string[] {
  const header = ['', 'metric', 'baseline', 'current', 'change', 'worst allowed'];
  const rows = section.metrics.map((m) => [
    metricVerdict(m).toUpperCase(),
    m.name,
    fmt(m.reference),
    fmt(m.current),
    m.change === null ? '-' : `${m.change > 0 ? '+' : ''}${fmt(m.change)}`,
    fmt(m.threshold),
  ]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => width(r[i]))));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const style: Style = section.degraded ? 'red' : section.notComputed !== undefined ? 'yellow' : 'green';
  const out = [
    paint('bold', `model quality (${section.task}):`),
    paint(style, visibleLine(performanceLine(section))),
    paint('bold', line(header)),
    ...rows.map((cells, r) => {
      const verdict = metricVerdict(section.metrics[r]);
      const text = line(cells);
      return verdict === 'degraded'
        ? paint('red', text)
        : verdict === 'undecided'
          ? paint('yellow', text)
          : text;
    }),
    paint(
      'dim',
      `rows: baseline ${performanceRowsText(section.reference)}; current ${performanceRowsText(section.current)}`,
    ),
  ];
  const coverage = coverageLine(section);
  if (coverage !== null) out.push(paint('dim', visibleLine(coverage)));
  if (section.notComputed !== undefined && section.metrics.some((m) => m.degraded !== null))
    out.push(paint('yellow', visibleLine(`not measured: ${section.notComputed}`)));
  for (const m of section.metrics)
    if (m.degraded === null && m.reason !== undefined && section.notComputed === undefined)
      out.push(paint('dim', visibleLine(`${m.name}: ${m.reason}`)));
  return out;
}

function stateStyle(f: FeatureResult): Style {
  return f.drifted ? 'red' : f.error ? 'yellow' : 'green';
}

/** Display width in code points (names may hold non-ASCII text). */
function width(text: string): number {
  return Array.from(text).length;
}

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '-';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toFixed(4) : x.toExponential(3);
}
