import { radixSortInPlace } from '../profile/radix-sort.ts';
import { CompensatedSum } from './compensated-sum.ts';
import { defined, type MetricValue, type RegressionMetric, undefinedMetric } from './metric-names.ts';
import type { PerformanceMeasurement } from './performance-measurement.ts';

/** A regression model's predictions and labels, one row per prediction. */
export interface RegressionInput {
  /** The true value of each row; NaN (or any non-finite value) where missing. */
  readonly target: Float64Array;
  /** The predicted value of each row; NaN (or any non-finite value) where missing. */
  readonly prediction: Float64Array;
}

/** numpy's float64 machine epsilon: sklearn's `mean_absolute_percentage_error` floor on |y|. */
const FLOAT64_EPSILON = 2 ** -52;

/**
 * Regression metrics as scikit-learn 1.2 computes them (checked against it on
 * test/golden/model_metrics.json) over the rows where target and prediction are both finite
 * (sklearn refuses NaN and ±Inf; we leave such rows out and count them in `missing`).
 *
 * - `mae` mean |y − ŷ|; `rmse` √(mean (y − ŷ)²) (`mean_squared_error(squared=False)`);
 *   `median_ae` the median |y − ŷ| (numpy's: the mean of the two middle values for an even count).
 * - `mape` mean |y − ŷ| / max(|y|, ε) as sklearn: a zero target gives a huge term, not an error
 *   (a fraction, not a percentage).
 * - `r2` 1 − Σ(y − ŷ)² / Σ(y − ȳ)². With a constant target the ratio is 0/0 or x/0: sklearn
 *   (`force_finite=True`) reports 1.0 or 0.0 by convention; we report null, since neither is a
 *   measurement a degradation could be judged on. With fewer than two rows sklearn warns and
 *   returns NaN; we report null.
 *
 * Time: one pass, plus a linear-time radix sort of the absolute errors for `median_ae`; memory: one
 * float64 per used row, only when `median_ae` is asked for.
 */
export function regressionPerformance(
  input: RegressionInput,
  metrics: readonly RegressionMetric[],
): PerformanceMeasurement {
  const { target, prediction } = input;
  if (prediction.length !== target.length) {
    throw new RangeError(`regression: ${target.length} targets but ${prediction.length} predictions`);
  }
  let missingTarget = 0;
  let missingPrediction = 0;
  let rows = 0;
  const absolute = new CompensatedSum();
  const squared = new CompensatedSum();
  const percentage = new CompensatedSum();
  const targetSum = new CompensatedSum();
  for (let i = 0; i < target.length; i++) {
    const y = target[i];
    const p = prediction[i];
    const yFinite = Number.isFinite(y);
    const pFinite = Number.isFinite(p);
    if (!yFinite) missingTarget++;
    if (!pFinite) missingPrediction++;
    if (!yFinite || !pFinite) continue;
    rows++;
    const e = Math.abs(y - p);
    absolute.add(e);
    squared.add(e * e);
    percentage.add(e / Math.max(Math.abs(y), FLOAT64_EPSILON));
    targetSum.add(y);
  }
  const out: MetricValue[] = [];
  for (const name of metrics) {
    if (rows === 0) {
      out.push(undefinedMetric(name, 0, 'no row has both a finite label and a finite prediction'));
      continue;
    }
    switch (name) {
      case 'mae':
        out.push(defined(name, absolute.value / rows, rows));
        break;
      case 'rmse':
        out.push(defined(name, Math.sqrt(squared.value / rows), rows));
        break;
      case 'mape':
        out.push(defined(name, percentage.value / rows, rows));
        break;
      case 'r2':
        out.push(r2(input, rows, squared.value, targetSum.value / rows));
        break;
      case 'median_ae':
        out.push(defined(name, medianAbsoluteError(input, rows), rows));
        break;
    }
  }
  return {
    task: 'regression',
    rows: target.length,
    missing: { target: missingTarget, prediction: missingPrediction },
    metrics: out,
  };
}

function r2(input: RegressionInput, rows: number, residual: number, mean: number): MetricValue {
  if (rows < 2) return undefinedMetric('r2', rows, 'R² needs at least two rows');
  const total = new CompensatedSum();
  for (let i = 0; i < input.target.length; i++) {
    const y = input.target[i];
    if (!Number.isFinite(y) || !Number.isFinite(input.prediction[i])) continue;
    total.add((y - mean) * (y - mean));
  }
  if (total.value === 0) {
    return undefinedMetric('r2', rows, 'the label is constant: R² divides by its zero variance');
  }
  return defined('r2', 1 - residual / total.value, rows);
}

function medianAbsoluteError(input: RegressionInput, rows: number): number {
  const errors = new Float64Array(rows);
  let k = 0;
  for (let i = 0; i < input.target.length; i++) {
    const y = input.target[i];
    const p = input.prediction[i];
    if (Number.isFinite(y) && Number.isFinite(p)) errors[k++] = Math.abs(y - p);
  }
  radixSortInPlace(errors);
  const middle = rows >> 1;
  return rows % 2 === 1 ? errors[middle] : (errors[middle - 1] + errors[middle]) / 2;
}
