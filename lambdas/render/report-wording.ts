import type { AlertReason } from '../core/alert-reasons.ts';
import { periodText } from '../core/calibration/period-length.ts';
import { type MethodId, methodSpec } from '../core/method-registry.ts';
import {
  type DriftReport,
  type FeatureResult,
  isCompared,
  type QualityViolation,
  type ReportStatus,
  type ShareChange,
} from '../core/report.ts';
import { visibleLine } from '../safe-text.ts';
import type { AlertContent } from './alert-content.ts';
import { degradationHeadline } from './performance-wording.ts';

/**
 * The words and numbers a person reads in every rendering of a report (email, Slack, HTML, CLI),
 * kept in one place so the three say the same thing.
 */

/** How a status reads, and the tone its colour takes. Colour is never the only signal. */
export interface StatusWords {
  readonly words: string;
  readonly tone: 'good' | 'caution' | 'bad' | 'neutral';
}

export function statusWords(status: ReportStatus): StatusWords {
  switch (status) {
    case 'ok':
      return { words: 'No drift', tone: 'good' };
    case 'warn':
      return { words: 'Data-quality warnings', tone: 'caution' };
    case 'feature_drift':
      return { words: 'Some features drifted', tone: 'caution' };
    case 'drift':
      return { words: 'Drift', tone: 'bad' };
    case 'invalid':
      return { words: 'Data quality failed', tone: 'bad' };
    case 'error':
      return { words: 'Check failed', tone: 'bad' };
    case 'stale':
      return { words: 'Stale: no recent snapshot', tone: 'caution' };
    case 'waiting':
      return { words: 'Waiting for baseline', tone: 'neutral' };
  }
}

/** The first words of an alert: why it was sent. */
export function alertHeadline(reason: AlertReason): string {
  switch (reason) {
    case 'drift':
      return 'Drift detected';
    case 'reminder':
      return 'Drift persists (reminder)';
    case 'recovered':
      return 'Recovered';
    case 'error':
      return 'Check failed';
    case 'stale':
      return 'Stale: no recent snapshot';
    case 'quality':
      return 'Data quality failed';
    case 'model_degraded':
      return 'Model degraded';
  }
}

/** Warnings and errors (not `info`), errors first, each group in report order. */
export function qualityProblems(quality: readonly QualityViolation[]): QualityViolation[] {
  return [
    ...quality.filter((q) => q.severity === 'error'),
    ...quality.filter((q) => q.severity === 'warning'),
  ];
}

/** The findings that make a report `invalid`, in report order. */
function qualityFailures(report: DriftReport): QualityViolation[] {
  return report.quality.filter((q) => q.severity === 'error');
}

/**
 * The headline with what it is about: for a quality alert, the first failed finding (and how
 * many more), e.g. "Data quality failed: current has no rows". Subject, email and Slack use it.
 */
export function alertTitle(alert: AlertContent): string {
  const headline = alertHeadline(alert.reason);
  if (alert.reason === 'model_degraded') {
    const what =
      alert.report.performance === undefined ? null : degradationHeadline(alert.report.performance);
    return what === null ? headline : `${headline}: ${what}`;
  }
  if (alert.reason !== 'quality') return headline;
  const failures = qualityFailures(alert.report);
  if (failures.length === 0) return headline;
  const more = failures.length > 1 ? ` (+${failures.length - 1} more)` : '';
  return `${headline}: ${visibleLine(failures[0].message)}${more}`;
}

const METHOD_LABELS: Record<MethodId, string> = {
  ks: 'KS',
  wasserstein: 'Wasserstein (normed)',
  psi: 'PSI',
  jensen_shannon: 'Jensen–Shannon',
  kl: 'KL divergence',
  hellinger: 'Hellinger',
  tvd: 'total variation',
  l_infinity: 'L-infinity',
  chi_square: 'chi-square',
  z: 'two-proportion Z',
  fisher: 'Fisher exact',
  anderson_darling: 'Anderson–Darling',
  cramer_von_mises: 'Cramér–von Mises',
  energy: 'energy distance',
  t_test: 't-test',
  mann_whitney: 'Mann–Whitney U',
  epps_singleton: 'Epps–Singleton',
};

export function methodLabel(method: MethodId | null): string {
  return method === null ? '—' : METHOD_LABELS[method];
}

/**
 * How far past its threshold a feature is, comparable across methods: 1 at the threshold.
 * Distances: statistic / threshold. p-values: log p / log threshold, so p = threshold² scores 2.
 */
export function driftScore(f: FeatureResult): number {
  if (f.statistic === null || f.threshold === null || f.decision === null) return 0;
  if (f.decision === 'distance') {
    const statistic = f.thresholdSource === 'calibrated' ? f.calibration!.statistic : f.statistic;
    if (f.threshold <= 0) return statistic > 0 ? Number.MAX_VALUE : 0;
    return Math.min(statistic / f.threshold, Number.MAX_VALUE);
  }
  const p = f.pValueAdjusted ?? f.pValue;
  if (p === null || f.threshold <= 0 || f.threshold >= 1) return 0;
  if (p <= 0) return Number.MAX_VALUE;
  return Math.log(p) / Math.log(f.threshold);
}

/** Drifted first (worst first), then features without a verdict, then the rest by closeness. */
export function bySeverity(a: FeatureResult, b: FeatureResult): number {
  const rank = (f: FeatureResult) => (f.drifted ? 0 : f.error !== undefined ? 1 : 2);
  return (
    rank(a) - rank(b) || driftScore(b) - driftScore(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

export function featuresBySeverity(report: DriftReport): FeatureResult[] {
  return [...report.features].sort(bySeverity);
}

/** A number for people: 3 significant digits, exponent only when tiny or huge. */
export function formatNumber(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(x.toPrecision(3)));
  return x
    .toExponential(2)
    .replace(/\.?0+e/, 'e')
    .replace('e+', 'e');
}

export function formatShare(share: number): string {
  const pct = share * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 1) return `${Number(pct.toPrecision(1))}%`;
  if (Math.abs(pct) < 10) return `${Number(pct.toFixed(1))}%`;
  return `${Math.round(pct)}%`;
}

/**
 * Two shares at the precision that tells them apart (`15.2%` and `15.4%`, not `15%` and `15%`),
 * up to hundredths of a percent; the same text twice when even that does not.
 */
export function formatSharePair(a: number, b: number): [string, string] {
  let pair: [string, string] = [formatShare(a), formatShare(b)];
  for (let decimals = 1; pair[0] === pair[1] && decimals <= 2; decimals++) {
    pair = [`${(a * 100).toFixed(decimals)}%`, `${(b * 100).toFixed(decimals)}%`];
  }
  return pair;
}

/** "3,000 rows", or words saying the rows were never counted (a check that stopped first). */
export function rowsText(report: DriftReport, rows: number): string {
  return isCompared(report.status) ? `${formatCount(rows)} rows` : 'rows not counted';
}

/** "n 1,000,000 / 1,000,000 (a sample of 2,400,000 / 3,000,000 values)": what the method compared. */
export function comparedCountsText(f: FeatureResult): string {
  const n = `n ${formatCount(f.nReference)} / ${formatCount(f.nCurrent)}`;
  if (f.sampledFrom !== undefined) {
    return `${n} (a sample of ${formatCount(f.sampledFrom.reference)} / ${formatCount(f.sampledFrom.current)} values)`;
  }
  return f.exact ? n : `${n} (sampled)`;
}

export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The rule a feature drifts by: "p < 0.05", "≥ 0.1", or (calibrated, a strict bound) "> 0.0345". */
export function driftRule(f: FeatureResult, ascii = false): string {
  if (f.threshold === null) return ascii ? '-' : '—';
  if (f.thresholdSource === 'calibrated') return `> ${formatNumber(f.threshold)}`;
  if (f.decision === 'p_value') return `p < ${formatNumber(f.threshold)}`;
  return `${ascii ? '>=' : '≥'} ${formatNumber(f.threshold)}`;
}

/**
 * Where the threshold came from: "default", "configured", "sampling noise at these sizes (above
 * the default 0.1)", or "calibrated: 100 random chunks of 2,896, 0.0123 ± 0.0071" (the chunks'
 * mean and standard deviation); a calibration that failed says why.
 */
export function thresholdOrigin(f: FeatureResult): string {
  const c = f.calibration;
  if (f.thresholdSource === 'noise_floor' && f.method !== null) {
    return `sampling noise at these sizes (above the default ${formatNumber(methodSpec(f.method).defaultThreshold)})`;
  }
  if (c === undefined) return f.thresholdSource ?? '—';
  if (c.problem !== undefined) return `default (not calibrated: ${c.problem})`;
  const replaced = c.withReplacement ? ', drawn with replacement' : '';
  const chunks =
    c.strategy === 'time' && c.periodMs !== undefined
      ? `${c.chunks} periods of ${periodText(c.periodMs)} (up to ${formatCount(c.chunkSize)} values each)`
      : `${c.chunks} random chunks of ${formatCount(c.chunkSize)}${replaced}`;
  const fallback = c.fallback !== undefined ? ` (not by time: ${c.fallback})` : '';
  return `calibrated: ${chunks}, ${formatNumber(c.mean)} ± ${formatNumber(c.std)}${fallback}`;
}

/** "Wasserstein (normed) 0.509 ≥ 0.1" or "KS p = 0.0012 < 0.05"; `ascii` for plain-text mail. */
export function statisticVsThreshold(f: FeatureResult, ascii = false): string {
  if (f.statistic === null || f.threshold === null) return f.error ?? 'not computed';
  const ge = ascii ? '>=' : '≥';
  const method = methodLabel(f.method);
  if (f.thresholdSource === 'calibrated') {
    const op = f.drifted ? '>' : ascii ? '<=' : '≤';
    return `${method} ${formatNumber(f.calibration!.statistic)} ${op} ${formatNumber(f.threshold)} (calibrated)`;
  }
  if (f.decision === 'p_value') {
    const adjusted = f.pValueAdjusted !== undefined && f.pValueAdjusted !== null;
    const p = adjusted ? f.pValueAdjusted! : f.pValue;
    const op = f.drifted ? '<' : ge;
    return `${method} p${adjusted ? ' (adjusted)' : ''} = ${formatNumber(p)} ${op} ${formatNumber(f.threshold)}`;
  }
  const op = f.drifted ? ge : '<';
  return `${method} ${formatNumber(f.statistic)} ${op} ${formatNumber(f.threshold)}`;
}

/**
 * One sentence of what changed most, with `quote` applied to user data (category values).
 * Null when nothing moved. Example: "share of 'mobile' rose from 12% to 31%".
 */
export function biggestChange(f: FeatureResult, quote: (label: string) => string): string | null {
  const top: ShareChange | undefined = f.topChanges[0];
  if (top === undefined) return null;
  const label = quote(top.label);
  const what = f.kind === 'numeric' ? `share of values in ${label}` : `share of ${label}`;
  if (top.unseen) return `${label} is new: not in the baseline, now ${formatShare(top.current)}`;
  if (top.current === 0) return `${label} vanished: was ${formatShare(top.reference)}, now absent`;
  const [before, after] = formatSharePair(top.reference, top.current);
  const verb = top.current > top.reference ? 'rose' : 'fell';
  let sentence =
    before === after ? `${what} barely moved (${before})` : `${what} ${verb} from ${before} to ${after}`;
  if (f.reference !== undefined && f.current !== undefined) {
    sentence += `; median ${formatNumber(f.reference.median)} → ${formatNumber(f.current.median)}`;
  }
  return sentence;
}

/**
 * "3 of 7 features drifted (43%; dataset drift at ≥ 50%)", then the columns that were not compared
 * without the monitor asking (README "Columns"), so a verdict never hides them:
 * "...; not compared: order_id (id-like), price (could not be read)".
 */
export function datasetLine(report: DriftReport, ascii = false): string {
  const d = report.dataset;
  const named = report.alertOnFeatures ?? [];
  const alertOn =
    named.length === 0
      ? ''
      : `; alertOn: ${named
          .slice(0, 5)
          .map((name) => truncate(visibleLine(name), 40))
          .join(', ')}${named.length > 5 ? ', ...' : ''}`;
  const notCompared = notComparedPhrase(report);
  return (
    `${d.driftedCount} of ${d.featureCount} feature${d.featureCount === 1 ? '' : 's'} drifted ` +
    `(${formatShare(d.driftedShare)}; dataset drift at ${ascii ? '>=' : '≥'} ${formatShare(d.driftShareThreshold)}${alertOn})` +
    (notCompared === '' ? '' : `; ${notCompared}`)
  );
}

/** A column left out of the comparison that the monitor did not leave out, and why in a word or two. */
export interface NotCompared {
  readonly name: string;
  readonly why: string;
}

/**
 * Columns present on both sides that were not compared although nothing in the configuration said
 * so: features whose drift could not be computed (unreadable, no values), columns that look like
 * ids, and columns of a kind not tested by default (free text, date-times). Excluded columns and
 * role columns are the monitor's own choice and are not listed. In report order.
 */
export function notComparedColumns(report: DriftReport): NotCompared[] {
  const failed = report.features
    .filter((f) => f.method === null)
    .map((f) => ({ name: f.name, why: 'could not be compared' }));
  const skipped = report.skipped.flatMap((s): NotCompared[] => {
    // Reports written before `cause` existed: exclusion is told by its reason.
    const cause = s.cause ?? (s.reason.startsWith('excluded') ? 'excluded' : 'kind');
    if (cause === 'excluded' || cause === 'role') return [];
    return [{ name: s.name, why: cause === 'id_like' ? 'id-like' : s.kind }];
  });
  return [...failed, ...skipped];
}

/** "not compared: order_id (id-like), title (text), +2 more", or '' when every column was compared. */
export function notComparedPhrase(report: DriftReport, shown = 5): string {
  const columns = notComparedColumns(report);
  if (columns.length === 0) return '';
  const names = columns
    .slice(0, shown)
    .map((c) => `${truncate(visibleLine(c.name), 40)} (${c.why})`)
    .join(', ');
  return `not compared: ${names}${columns.length > shown ? `, +${columns.length - shown} more` : ''}`;
}

/**
 * The prediction columns' verdict, e.g. "The model's predictions moved: score (KS p = 0.001 <
 * 0.05)"; null when the monitor names no prediction column or none was tested.
 */
export function predictionLine(report: DriftReport, ascii = false): string | null {
  const prediction = report.prediction;
  if (prediction === undefined || prediction.features.length === 0) return null;
  const moved = new Set(prediction.drifted);
  const shown = report.features.filter(
    (f) => f.role === 'prediction' && (moved.size === 0 || moved.has(f.name)),
  );
  const detail = shown
    .slice(0, 3)
    .map((f) => `${truncate(visibleLine(f.name), 40)} (${statisticVsThreshold(f, ascii)})`)
    .join(', ');
  return moved.size > 0
    ? `The model's predictions moved: ${detail}`
    : `The model's predictions held: ${detail}`;
}

/** Cut a user string to `max` code points, marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
