/**
 * Every model-quality metric, its task and its direction, written once. Names follow
 * scikit-learn's scorer names (`precision_macro`, `f1_weighted`, ...) so users meet names they know;
 * the error metrics drop sklearn's `neg_` prefix and keep their natural sign (lower is better).
 */
export type ModelTask = 'classification' | 'regression';

export const CLASSIFICATION_METRICS = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'precision_macro',
  'recall_macro',
  'f1_macro',
  'precision_weighted',
  'recall_weighted',
  'f1_weighted',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
] as const;

export const REGRESSION_METRICS = ['mae', 'rmse', 'mape', 'r2', 'median_ae'] as const;

export type ClassificationMetric = (typeof CLASSIFICATION_METRICS)[number];
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];
export type MetricName = ClassificationMetric | RegressionMetric;

/** Metrics of the positive class against the rest: they need `positiveClass`. */
export const POSITIVE_CLASS_METRICS: readonly ClassificationMetric[] = ['precision', 'recall', 'f1'];

/** Metrics of the positive class's probability: they need `positiveClass` and a score column. */
export const SCORE_METRICS: readonly ClassificationMetric[] = [
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
];

/** Losses and errors: a rise is a degradation. Every other metric is a score: a fall is. */
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>([
  'log_loss',
  'brier',
  'mae',
  'rmse',
  'mape',
  'median_ae',
]);

export function higherIsBetter(metric: MetricName): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

/** One metric's value over the rows it could use; `value` is null when undefined there, with why. */
export interface MetricValue {
  readonly name: MetricName;
  readonly value: number | null;
  /** Rows the metric was computed over (rows with what it needs present). */
  readonly rows: number;
  /** Why `value` is null; absent when it is a number. */
  readonly reason?: string;
}

export function defined(name: MetricName, value: number, rows: number): MetricValue {
  return { name, value, rows };
}

export function undefinedMetric(name: MetricName, rows: number, reason: string): MetricValue {
  return { name, value: null, rows, reason };
}
