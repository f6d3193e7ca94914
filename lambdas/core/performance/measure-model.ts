import { classificationPerformance } from './classification.ts';
import { comparePerformance } from './degradation.ts';
import type { ClassificationMetric, RegressionMetric } from './metric-names.ts';
import { undefinedMetric } from './metric-names.ts';
import type { ModelRows } from './model-rows.ts';
import type { ModelSpec } from './model-spec.ts';
import type { PerformanceMeasurement } from './performance-measurement.ts';
import type { LabelCoverage, LabelSource, PerformanceSection } from './performance-section.ts';
import { regressionPerformance } from './regression.ts';

/** One side measured, or why it could not be. */
export type SideMeasurement =
  | { readonly measurement: PerformanceMeasurement }
  | { readonly notComputed: string };

/**
 * The model's quality on one table's rows (`side` names the table in reasons: "the baseline",
 * "the snapshot"). Rows missing a value are left out by the metrics and counted in `missing`; a
 * table without the target, prediction or score column, or past `maxRows`, is not measured, and
 * the reason says which.
 */
export function measureModel(rows: ModelRows, spec: ModelSpec, side: string): SideMeasurement {
  if (rows.overflow !== undefined) return { notComputed: `${side}: ${rows.overflow}` };
  const lacks = (role: string, column: string) => ({
    notComputed: `${side} has no ${role} column "${column}"`,
  });
  if (rows.target === null) return lacks('target', spec.target);
  if (rows.prediction === null) return lacks('prediction', spec.prediction);
  if (spec.score !== undefined && rows.score === null) return lacks('score', spec.score);
  if (spec.task === 'regression') {
    return {
      measurement: regressionPerformance(
        { target: rows.target as Float64Array, prediction: rows.prediction as Float64Array },
        spec.metrics as readonly RegressionMetric[],
      ),
    };
  }
  // The positive class needs a code even when no row holds it (its recall is then undefined).
  const classes = [...rows.classes];
  let positiveClass: number | null = null;
  if (spec.positiveClass !== undefined) {
    positiveClass = classes.indexOf(spec.positiveClass);
    if (positiveClass < 0) positiveClass = classes.push(spec.positiveClass) - 1;
  }
  return {
    measurement: classificationPerformance(
      {
        classes,
        target: rows.target as Int32Array,
        prediction: rows.prediction as Int32Array,
        score: rows.score,
        positiveClass,
      },
      spec.metrics as readonly ClassificationMetric[],
    ),
  };
}

/** What the report says of the model: each metric on both sides and its verdict (docs/design.md §4). */
export function performanceSection(options: {
  readonly spec: ModelSpec;
  readonly reference: SideMeasurement;
  readonly current: SideMeasurement;
  readonly labels: LabelSource;
  readonly coverage?: LabelCoverage;
}): PerformanceSection {
  const { spec } = options;
  const measured = (side: SideMeasurement): PerformanceMeasurement =>
    'measurement' in side
      ? side.measurement
      : {
          task: spec.task,
          rows: 0,
          missing: { target: 0, prediction: 0 },
          metrics: spec.metrics.map((name) => undefinedMetric(name, 0, side.notComputed)),
        };
  const comparison = comparePerformance(
    measured(options.reference),
    measured(options.current),
    spec.degradation,
  );
  const rowsOf = (side: SideMeasurement) =>
    'measurement' in side ? { rows: side.measurement.rows, missing: side.measurement.missing } : null;
  const reasons = [options.reference, options.current].flatMap((side) =>
    'notComputed' in side ? [side.notComputed] : [],
  );
  return {
    task: comparison.task,
    metrics: comparison.metrics,
    degraded: comparison.metrics.some((metric) => metric.degraded === true),
    labels: options.labels,
    reference: rowsOf(options.reference),
    current: rowsOf(options.current),
    ...(options.coverage !== undefined ? { coverage: options.coverage } : {}),
    ...(reasons.length > 0 ? { notComputed: reasons.join('; ') } : {}),
  };
}
