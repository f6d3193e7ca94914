import type { MetricValue, ModelTask } from './metric-names.ts';

/** A model's quality over one set of rows (a baseline period, a snapshot once its labels arrived). */
export interface PerformanceMeasurement {
  readonly task: ModelTask;
  /** Rows given, before any was left out. */
  readonly rows: number;
  /** Rows left out for a missing value, per column (a row missing two is counted in both). */
  readonly missing: { readonly target: number; readonly prediction: number; readonly score?: number };
  readonly metrics: readonly MetricValue[];
}
