import type { MetricDegradation } from './degradation.ts';
import type { ModelTask } from './metric-names.ts';

/**
 * Where the checked rows' labels came from: the table's own target column (`inline`), a labels
 * file joined by id (`file`, `driftwatch check --labels`), or label batches that arrived after the
 * snapshot (`delayed`, `monitors/<name>/labels/`).
 */
const LABEL_SOURCES = ['inline', 'file', 'delayed'] as const;

export type LabelSource = (typeof LABEL_SOURCES)[number];

/** One side's rows: how many there were and how many each metric family had to leave out. */
export interface PerformanceRows {
  /** Rows of the table (predictions). */
  readonly rows: number;
  /** Rows left out for a missing value, per column (a row missing two counts in both). */
  readonly missing: { readonly target: number; readonly prediction: number; readonly score?: number };
}

/**
 * How labels met predictions, when they were joined by id: coverage is `labelled / predictions`.
 * Every label row is one of matched, unmatched (no prediction has its id), duplicate (its id was
 * labelled already: the first label wins) or missing an id; nothing is dropped unsaid.
 */
export interface LabelCoverage {
  /** Prediction rows. */
  readonly predictions: number;
  /** Prediction rows with a label joined. */
  readonly labelled: number;
  /** labelled / predictions (0 when there are no predictions). */
  readonly share: number;
  /** Label rows read. */
  readonly labelRows: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly duplicate: number;
  /** Label rows with a null id. */
  readonly missingId: number;
  /** Prediction rows whose id repeats an earlier row's (labels join the first). */
  readonly duplicatePredictionIds: number;
  /** Prediction rows with a null id (they can never be labelled). */
  readonly missingPredictionIds: number;
}

/**
 * The report's `performance` section (README "Model monitoring"): the model's quality on the
 * checked rows against the baseline's, metric by metric, with the rows and labels each side had.
 * Present whenever the monitor has `model` settings; `notComputed` says why a side has no numbers
 * (no labels yet, too many rows, the fan-out path), so a missing number is never silent.
 */
export interface PerformanceSection {
  readonly task: ModelTask;
  /** Per metric: reference, current, change, threshold, degraded (null: undecided, see `reason`). */
  readonly metrics: readonly MetricDegradation[];
  /** True when at least one metric degraded: what raises the `model_degraded` alert. */
  readonly degraded: boolean;
  readonly labels: LabelSource;
  /** The baseline's rows; null when it was not measured (see `notComputed`). */
  readonly reference: PerformanceRows | null;
  /** The checked rows; null when they were not measured (see `notComputed`). */
  readonly current: PerformanceRows | null;
  /** Present when labels were joined to predictions by id. */
  readonly coverage?: LabelCoverage;
  /** Why a side was not measured, in words; absent when both were. */
  readonly notComputed?: string;
}
