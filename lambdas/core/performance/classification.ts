import { UsageError } from '../errors.ts';
import {
  type ClassificationMetric,
  defined,
  type MetricValue,
  POSITIVE_CLASS_METRICS,
  SCORE_METRICS,
  undefinedMetric,
} from './metric-names.ts';
import type { PerformanceMeasurement } from './performance-measurement.ts';
import { scoreMetrics } from './score-metrics.ts';

/**
 * Predictions and labels of a classifier, one row per prediction, classes as codes into `classes`
 * (`LabelEncoder` makes them), so counting is array increments and no per-row object exists.
 */
export interface ClassificationInput {
  /** Class labels; a code is an index into this list. */
  readonly classes: readonly string[];
  /** The true class of each row; -1 where the label is missing (null, or not joined yet). */
  readonly target: Int32Array;
  /** The predicted class of each row; -1 where missing. */
  readonly prediction: Int32Array;
  /** The predicted probability of `positiveClass`; NaN (or any non-finite value) where missing. */
  readonly score?: Float64Array | null;
  /** The code of the positive class: needed by `precision`, `recall`, `f1` and the score metrics. */
  readonly positiveClass?: number | null;
}

/**
 * Classification metrics as scikit-learn 1.2 computes them (each checked against it on
 * test/golden/model_metrics.json), in one pass over the rows plus, for the score metrics, a sort.
 *
 * Rows: the label metrics use the rows where both target and prediction are present; the score
 * metrics the rows where target and score are. Rows missing either are left out and counted in
 * `missing`, never dropped silently.
 *
 * Where sklearn meets 0/0 it warns (`UndefinedMetricWarning`) and returns 0 (its default
 * `zero_division="warn"`); we return null with the reason instead, so a 0 never reads as a
 * measured collapse:
 * - `precision`: no row predicted positive; `recall`: no positive row; `f1` = 2·TP/(2·TP+FP+FN):
 *   no positive row and none predicted (sklearn's F-score warning); elsewhere F1 is defined, and 0
 *   when TP = 0, as sklearn's.
 * - `precision_macro`/`recall_macro`: a class (of those in target or prediction, sklearn's
 *   `unique_labels`) never predicted / never true. `precision_weighted`: a class that is true in
 *   some rows but never predicted. `recall_weighted` is always defined (it equals accuracy): sklearn
 *   warns about a class only predicted, but that class has weight 0. `f1_macro`/`f1_weighted` are
 *   always defined (each class is true or predicted somewhere).
 * - `balanced_accuracy`: sklearn warns when a class is only predicted and leaves it out of the
 *   mean; so do we, without a null (the mean over the true classes is well defined).
 *
 * `precision`, `recall` and `f1` are the positive class's against all others: with two classes
 * that is sklearn's `average="binary"`; with more (where sklearn refuses "binary") it is sklearn's
 * per-class value for the positive class (`labels=[positive], average=None`).
 */
export function classificationPerformance(
  input: ClassificationInput,
  metrics: readonly ClassificationMetric[],
): PerformanceMeasurement {
  checkRequest(input, metrics);
  const counts = countClasses(input);
  const out: MetricValue[] = [];
  const scored = metrics.some((m) => SCORE_METRICS.includes(m))
    ? scoreMetrics(input.target, input.score!, input.positiveClass!)
    : null;
  for (const metric of metrics) {
    if (SCORE_METRICS.includes(metric)) out.push(scored!.metric(metric));
    else out.push(labelMetric(metric, counts, input.classes, input.positiveClass ?? null));
  }
  return {
    task: 'classification',
    rows: input.target.length,
    missing: {
      target: counts.missingTarget,
      prediction: counts.missingPrediction,
      ...(scored ? { score: scored.missingScore } : {}),
    },
    metrics: out,
  };
}

function checkRequest(input: ClassificationInput, metrics: readonly ClassificationMetric[]): void {
  if (input.prediction.length !== input.target.length) {
    throw new RangeError(
      `classification: ${input.target.length} targets but ${input.prediction.length} predictions`,
    );
  }
  const positive = input.positiveClass ?? null;
  const needsPositive = metrics.filter(
    (m) => POSITIVE_CLASS_METRICS.includes(m) || SCORE_METRICS.includes(m),
  );
  if (needsPositive.length > 0 && positive === null) {
    throw new UsageError(
      `model metrics ${needsPositive.join(', ')} are about one class: set "positiveClass" ` +
        '(or use the _macro / _weighted averages, which need none)',
    );
  }
  if (
    positive !== null &&
    !(Number.isInteger(positive) && positive >= 0 && positive < input.classes.length)
  ) {
    throw new RangeError(`classification: positive class code ${positive} is not one of the classes`);
  }
  const needsScore = metrics.filter((m) => SCORE_METRICS.includes(m));
  if (needsScore.length > 0 && !input.score) {
    throw new UsageError(
      `model metrics ${needsScore.join(', ')} need a "score" column: the predicted probability of the positive class`,
    );
  }
  if (input.score && input.score.length !== input.target.length) {
    throw new RangeError(`classification: ${input.target.length} targets but ${input.score.length} scores`);
  }
}

/** Per class: rows where it is true, predicted, and both; over the rows with both present. */
interface ClassCounts {
  readonly rows: number;
  readonly correct: number;
  readonly trueCount: Float64Array;
  readonly predictedCount: Float64Array;
  readonly truePositive: Float64Array;
  readonly missingTarget: number;
  readonly missingPrediction: number;
}

function countClasses(input: ClassificationInput): ClassCounts {
  const k = input.classes.length;
  const trueCount = new Float64Array(k);
  const predictedCount = new Float64Array(k);
  const truePositive = new Float64Array(k);
  const { target, prediction } = input;
  let missingTarget = 0;
  let missingPrediction = 0;
  let rows = 0;
  let correct = 0;
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    const p = prediction[i];
    if (t < 0) missingTarget++;
    if (p < 0) missingPrediction++;
    if (t < 0 || p < 0) continue;
    if (t >= k || p >= k)
      throw new RangeError(`classification: row ${i} has a class code beyond the ${k} classes`);
    rows++;
    trueCount[t]++;
    predictedCount[p]++;
    if (t === p) {
      truePositive[t]++;
      correct++;
    }
  }
  return { rows, correct, trueCount, predictedCount, truePositive, missingTarget, missingPrediction };
}

function labelMetric(
  name: ClassificationMetric,
  c: ClassCounts,
  classes: readonly string[],
  positive: number | null,
): MetricValue {
  const n = c.rows;
  if (n === 0) return undefinedMetric(name, 0, 'no row has both a label and a prediction');
  const present: number[] = [];
  for (let j = 0; j < classes.length; j++) if (c.trueCount[j] > 0 || c.predictedCount[j] > 0) present.push(j);
  const quote = (j: number) => JSON.stringify(classes[j]);
  switch (name) {
    case 'accuracy':
      return defined(name, c.correct / n, n);
    case 'balanced_accuracy': {
      let sum = 0;
      let count = 0;
      for (const j of present) {
        if (c.trueCount[j] === 0) continue;
        sum += c.truePositive[j] / c.trueCount[j];
        count++;
      }
      return defined(name, sum / count, n);
    }
    case 'precision': {
      const p = positive!;
      if (c.predictedCount[p] === 0) {
        return undefinedMetric(name, n, `no row was predicted ${quote(p)}: precision is 0/0`);
      }
      return defined(name, c.truePositive[p] / c.predictedCount[p], n);
    }
    case 'recall': {
      const p = positive!;
      if (c.trueCount[p] === 0)
        return undefinedMetric(name, n, `no row is labelled ${quote(p)}: recall is 0/0`);
      return defined(name, c.truePositive[p] / c.trueCount[p], n);
    }
    case 'f1': {
      const p = positive!;
      const denominator = c.trueCount[p] + c.predictedCount[p];
      if (denominator === 0) {
        return undefinedMetric(name, n, `no row is labelled or predicted ${quote(p)}: F1 is 0/0`);
      }
      return defined(name, (2 * c.truePositive[p]) / denominator, n);
    }
    case 'precision_macro':
    case 'precision_weighted': {
      const weighted = name === 'precision_weighted';
      const never = present.find((j) => c.predictedCount[j] === 0 && (!weighted || c.trueCount[j] > 0));
      if (never !== undefined) {
        return undefinedMetric(name, n, `class ${quote(never)} was never predicted: its precision is 0/0`);
      }
      return defined(
        name,
        average(present, (j) => c.truePositive[j] / c.predictedCount[j], c, weighted),
        n,
      );
    }
    case 'recall_macro':
    case 'recall_weighted': {
      const weighted = name === 'recall_weighted';
      const never = weighted ? undefined : present.find((j) => c.trueCount[j] === 0);
      if (never !== undefined) {
        return undefinedMetric(name, n, `class ${quote(never)} is never the label: its recall is 0/0`);
      }
      return defined(
        name,
        average(present, (j) => (c.trueCount[j] === 0 ? 0 : c.truePositive[j] / c.trueCount[j]), c, weighted),
        n,
      );
    }
    case 'f1_macro':
    case 'f1_weighted': {
      const f1 = (j: number) => (2 * c.truePositive[j]) / (c.trueCount[j] + c.predictedCount[j]);
      return defined(name, average(present, f1, c, name === 'f1_weighted'), n);
    }
    default:
      throw new RangeError(`${name} is not a label metric`);
  }
}

/** sklearn's macro mean over the present classes, or the mean weighted by each class's true count. */
function average(
  present: readonly number[],
  of: (j: number) => number,
  c: ClassCounts,
  weighted: boolean,
): number {
  let sum = 0;
  let weights = 0;
  for (const j of present) {
    const w = weighted ? c.trueCount[j] : 1;
    if (w === 0) continue;
    sum += w * of(j);
    weights += w;
  }
  return sum / weights;
}
