import type { DegradationRule } from './degradation.ts';
import {
  CLASSIFICATION_METRICS,
  type MetricName,
  type ModelTask,
  POSITIVE_CLASS_METRICS,
  REGRESSION_METRICS,
  SCORE_METRICS,
} from './metric-names.ts';

/**
 * Rows whose model columns (target, prediction, score) one table may hold in memory for the
 * quality metrics: 16 bytes a row for a classifier with a score (two class codes and a float64),
 * so the default stays within 160 MB of a 1 GB check Lambda. Past it the metrics are not
 * computed and the report says why (`model.maxRows` raises it).
 */
export const DEFAULT_MODEL_MAX_ROWS = 10_000_000;

/** A monitor's `model` settings as written: every field but `task` optional. */
export interface ModelSettings {
  readonly task: ModelTask;
  /** The label column. @default the `columns.target` role */
  readonly target?: string;
  /** The predicted label (classification) or value (regression). @default the one `columns.prediction` */
  readonly prediction?: string;
  /** The predicted probability of `positiveClass` (binary scores). */
  readonly score?: string;
  /** The class `precision`, `recall`, `f1` and the score metrics are about, as the cells read. */
  readonly positiveClass?: string;
  /** @default defaultModelMetrics(...) */
  readonly metrics?: readonly MetricName[];
  /** Allowance per metric over `defaultDegradationRule`. */
  readonly degradation?: Readonly<Partial<Record<MetricName, DegradationRule>>>;
  /** @default DEFAULT_MODEL_MAX_ROWS */
  readonly maxRows?: number;
}

/** What the engine needs to measure a model: every column resolved, every default applied. */
export interface ModelSpec {
  readonly task: ModelTask;
  readonly target: string;
  readonly prediction: string;
  readonly score?: string;
  readonly positiveClass?: string;
  readonly metrics: readonly MetricName[];
  readonly degradation: Readonly<Partial<Record<MetricName, DegradationRule>>>;
  readonly maxRows: number;
}

/**
 * The metrics measured when none are listed: for a classifier accuracy, balanced accuracy and
 * macro F1 (defined for any number of classes), the positive class's precision, recall and F1
 * when one is named, and ROC AUC and average precision when there is a score; for a regressor
 * MAE, RMSE and R² (MAPE explodes near zero labels, so it is asked for, not assumed).
 */
export function defaultModelMetrics(
  task: ModelTask,
  hasPositiveClass: boolean,
  hasScore: boolean,
): MetricName[] {
  if (task === 'regression') return ['mae', 'rmse', 'r2'];
  return [
    'accuracy',
    'balanced_accuracy',
    'f1_macro',
    ...(hasPositiveClass ? (['precision', 'recall', 'f1'] as const) : []),
    ...(hasScore ? (['roc_auc', 'average_precision'] as const) : []),
  ];
}

function metricsOfTask(task: ModelTask): readonly MetricName[] {
  return task === 'classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
}

/** A model setting that cannot work: the field's path under `model` and why. */
export interface ModelProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The rules a `model` section keeps, written once: the config schema reports them with their
 * paths, and `checkSetupOf` applies them again once the CLI's flags are laid over the settings.
 */
export function modelProblems(model: ModelSettings): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push({ path, message });
  const known = metricsOfTask(model.task);
  const classification = model.task === 'classification';
  if (!classification) {
    if (model.score !== undefined)
      problem(['score'], 'a score is a class probability: only for "task": "classification"');
    if (model.positiveClass !== undefined) problem(['positiveClass'], 'only for "task": "classification"');
  }
  if (model.score !== undefined && model.positiveClass === undefined) {
    problem(['positiveClass'], `the score "${model.score}" is the probability of one class: name that class`);
  }
  const metrics = model.metrics ?? [];
  for (const [i, metric] of metrics.entries()) {
    if (!known.includes(metric)) {
      problem(['metrics', i], `${metric} is not a ${model.task} metric; those are ${known.join(', ')}`);
      continue;
    }
    if (POSITIVE_CLASS_METRICS.includes(metric as never) && model.positiveClass === undefined) {
      problem(['metrics', i], `${metric} is about one class: set "positiveClass" (or use ${metric}_macro)`);
    }
    if (SCORE_METRICS.includes(metric as never) && model.score === undefined) {
      problem(['metrics', i], `${metric} needs "score": the predicted probability of the positive class`);
    }
  }
  const measured =
    model.metrics ??
    defaultModelMetrics(model.task, model.positiveClass !== undefined, model.score !== undefined);
  for (const [metric, rule] of Object.entries(model.degradation ?? {})) {
    if (!measured.includes(metric as MetricName)) {
      problem(['degradation', metric], `${metric} is not measured; the metrics are ${measured.join(', ')}`);
    } else if (rule !== undefined && !(Number.isFinite(rule.value) && rule.value >= 0)) {
      problem(['degradation', metric, 'value'], 'the allowance must be a number ≥ 0');
    }
  }
  return problems;
}
