import type { MetricDegradation, PerformanceComparison } from '../core/performance/degradation.ts';
import type { MetricName } from '../core/performance/metric-names.ts';
import { formatNumber, formatShare } from './report-wording.ts';

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

function modelMetricLabel(metric: MetricName): string {
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
