import type { MetricDegradation, PerformanceComparison } from '../core/performance/degradation.ts';
import type { MetricName } from '../core/performance/metric-names.ts';
import type { PerformanceRows, PerformanceSection } from '../core/performance/performance-section.ts';
import { formatCount, formatNumber, formatShare } from './report-wording.ts';

/** How each model metric reads in a sentence. */
const METRIC_LABELS: Record<MetricName, string> = {
  accuracy: 'Accuracy',
  balanced_accuracy: 'Balanced accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  precision_macro: 'Precision (macro)',
  recall_macro: 'Recall (macro)',
  f1_macro: 'F1 (macro)',
  precision_weighted: 'Precision (weighted)',
  recall_weighted: 'Recall (weighted)',
  f1_weighted: 'F1 (weighted)',
  roc_auc: 'ROC AUC',
  average_precision: 'Average precision',
  log_loss: 'Log loss',
  brier: 'Brier score',
  mae: 'MAE',
  rmse: 'RMSE',
  mape: 'MAPE',
  r2: 'R²',
  median_ae: 'Median absolute error',
};

export function modelMetricLabel(metric: MetricName): string {
  return METRIC_LABELS[metric];
}

/**
 * One plain sentence for a degraded metric, e.g. "ROC AUC fell from 0.91 to 0.84 (−0.07), past
 * the allowed drop of 0.05." or "RMSE rose from 3.2 to 4.1 (+28%), past the allowed rise of 20%."
 * The allowance is said in the rule's own terms; a relative change is shown as a share.
 */
function degradationSentence(m: MetricDegradation): string {
  if (m.reference === null || m.current === null || m.change === null) {
    throw new RangeError(`${m.name}: a sentence needs both values`);
  }
  const verb = m.change < 0 ? 'fell' : 'rose';
  const noun = m.higherIsBetter ? 'drop' : 'rise';
  const relative = m.rule.type === 'relative';
  const sign = m.change < 0 ? '−' : '+';
  const change =
    relative && m.reference !== 0
      ? `${sign}${formatShare(Math.abs(m.change / m.reference))}`
      : `${sign}${formatNumber(Math.abs(m.change))}`;
  const allowance = relative ? formatShare(m.rule.value) : formatNumber(m.rule.value);
  return (
    `${modelMetricLabel(m.name)} ${verb} from ${formatNumber(m.reference)} to ${formatNumber(m.current)} ` +
    `(${change}), past the allowed ${noun} of ${allowance}.`
  );
}

/** The sentences of every degraded metric, in report order. */
export function degradationSentences(comparison: PerformanceComparison): string[] {
  return comparison.metrics.filter((m) => m.degraded === true).map(degradationSentence);
}

/**
 * The model's verdict in one line: the degraded metrics' sentences, or that every metric held, or
 * why quality was not measured. Used by the CLI table, emails, Slack and the HTML report.
 */
export function performanceLine(section: PerformanceSection): string {
  const sentences = degradationSentences(section);
  if (sentences.length > 0) return `Model quality degraded: ${sentences.join(' ')}`;
  const decided = section.metrics.filter((m) => m.degraded === false).length;
  if (decided === 0)
    return `Model quality not measured: ${section.notComputed ?? 'no metric has a value on both sides'}.`;
  const undecided = section.metrics.length - decided;
  return (
    `Model quality held: ${decided} of ${section.metrics.length} metrics within their allowance` +
    (undecided > 0 ? ` (${undecided} undecided)` : '') +
    '.'
  );
}

/** Rows each side measured, and what was left out: "10,000 rows, 120 without a label". */
export function performanceRowsText(rows: PerformanceRows | null): string {
  if (rows === null) return 'not measured';
  const left: string[] = [];
  if (rows.missing.target > 0) left.push(`${formatCount(rows.missing.target)} without a label`);
  if (rows.missing.prediction > 0) left.push(`${formatCount(rows.missing.prediction)} without a prediction`);
  if ((rows.missing.score ?? 0) > 0) left.push(`${formatCount(rows.missing.score ?? 0)} without a score`);
  return `${formatCount(rows.rows)} rows${left.length > 0 ? `, ${left.join(', ')}` : ''}`;
}

/** How labels met predictions (a labels file, delayed labels); null for inline labels. */
export function coverageLine(section: PerformanceSection): string | null {
  const c = section.coverage;
  if (c === undefined) return null;
  const problems: string[] = [];
  if (c.unmatched > 0) problems.push(`${formatCount(c.unmatched)} label rows matched no prediction`);
  if (c.duplicate > 0)
    problems.push(`${formatCount(c.duplicate)} repeated an id already labelled (first kept)`);
  if (c.missingId > 0) problems.push(`${formatCount(c.missingId)} had no id`);
  if (c.duplicatePredictionIds > 0)
    problems.push(`${formatCount(c.duplicatePredictionIds)} predictions repeated an id`);
  if (c.missingPredictionIds > 0)
    problems.push(`${formatCount(c.missingPredictionIds)} predictions had no id`);
  return (
    `Labels: ${formatCount(c.labelled)} of ${formatCount(c.predictions)} predictions labelled ` +
    `(${formatShare(c.share)}) from ${formatCount(c.labelRows)} label rows` +
    (problems.length > 0 ? `; ${problems.join('; ')}` : '')
  );
}

/** A metric's verdict in a word. */
export function metricVerdict(m: MetricDegradation): 'degraded' | 'ok' | 'undecided' {
  return m.degraded === true ? 'degraded' : m.degraded === false ? 'ok' : 'undecided';
}

/** The first degraded metric in a few words, for subjects: "ROC AUC fell from 0.91 to 0.84 (+1 more)". */
export function degradationHeadline(section: PerformanceSection): string | null {
  const degraded = section.metrics.filter((m) => m.degraded === true);
  const first = degraded[0];
  if (first === undefined || first.reference === null || first.current === null) return null;
  const verb = first.current < first.reference ? 'fell' : 'rose';
  const more = degraded.length > 1 ? ` (+${degraded.length - 1} more)` : '';
  return `${modelMetricLabel(first.name)} ${verb} from ${formatNumber(first.reference)} to ${formatNumber(first.current)}${more}`;
}
