import type { ColumnRole } from './column-roles.ts';
import type { FeatureKind } from './kinds.ts';
import type { Decision, MethodId } from './method-registry.ts';
import type { PerformanceSection } from './performance/performance-section.ts';

/** Bumped whenever the JSON report's shape changes incompatibly. */
export const REPORT_SCHEMA_VERSION = 1;

/**
 * The outcome of a check, one word (README "Statuses" defines each). From worst to best among
 * compared snapshots: `invalid` (a quality finding of severity `error`), `drift` (the monitor's
 * `alertOn` rule met), `feature_drift` (features drifted, below that rule), `warn` (quality
 * warnings, nothing drifted), `ok`. Without a comparison: `error` (the check could not run),
 * `stale` (no recent snapshot), `waiting` (a first snapshot with no baseline yet).
 */
export const REPORT_STATUSES = [
  'ok',
  'warn',
  'feature_drift',
  'drift',
  'invalid',
  'error',
  'stale',
  'waiting',
] as const;

export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Statuses whose report holds no comparison: no features, no quality findings, no drift numbers. */
const UNCOMPARED: ReadonlySet<ReportStatus> = new Set(['error', 'stale', 'waiting']);

export function isCompared(status: ReportStatus): boolean {
  return !UNCOMPARED.has(status);
}

export const SEVERITIES = ['error', 'warning', 'info'] as const;

export type Severity = (typeof SEVERITIES)[number];

export const QUALITY_CHECKS = [
  'missing_column',
  'extra_column',
  'data_type',
  'completeness',
  'non_finite',
  'categorical_values',
  'range',
  'row_count',
  /** Cells that could not be decoded (a corrupt page): the feature is not compared. */
  'unreadable',
] as const;

export type QualityCheck = (typeof QUALITY_CHECKS)[number];

export interface QualityViolation {
  readonly check: QualityCheck;
  /** Null for table-level checks (row count). */
  readonly feature: string | null;
  readonly severity: Severity;
  readonly message: string;
  /** The measured quantity (a share, a count, a ratio) where there is one. */
  readonly value?: number;
}

/** One category's or bin's share in each table: the "what changed most" of a feature. */
export interface ShareChange {
  readonly label: string;
  readonly reference: number;
  readonly current: number;
  /** Present in current, absent from the baseline. */
  readonly unseen: boolean;
}

/**
 * Every bin's (numbers: the reference decile bins plus under/overflow) or category's share on each
 * side, for charts. Categories are ordered by the size of their change, capped at
 * {@link DISTRIBUTION_MAX_CATEGORIES}, the rest summed into "(other values)".
 */
export interface FeatureDistribution {
  readonly labels: readonly string[];
  readonly reference: readonly number[];
  readonly current: readonly number[];
  /**
   * How many categories the last label, {@link OTHER_VALUES_LABEL}, sums: `atLeast` when values
   * past the profile's category cap are among them (their number of categories is unknown).
   */
  readonly otherCategories?: { readonly count: number; readonly atLeast: boolean };
}

/** The label of the pooled categories: those past the report's cap, and the profile's overflow. */
export const OTHER_VALUES_LABEL = '(other values)';

export const DISTRIBUTION_MAX_CATEGORIES = 30;

export interface NumericSide {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

/** Where a feature's threshold came from: the method's default, the monitor's settings, or its baseline. */
/**
 * Where a feature's threshold came from: its method's default (Evidently's number), that default
 * raised to the statistic's sampling noise at the feature's sizes (`noise_floor`, lambdas/core/
 * noise-floor.ts), the settings, or a calibration on the baseline.
 */
export type ThresholdSource = 'default' | 'noise_floor' | 'configured' | 'calibrated';

/** How a calibrated threshold was drawn (lambdas/core/calibration), and the feature's statistic on its scale. */
interface CalibrationSummary {
  /** Chunks of the baseline compared with the rest of it. */
  readonly chunks: number;
  readonly chunkSize: number;
  /**
   * `time`: each chunk a period of the baseline's `timestamp` column (`periodMs` long); `random`:
   * seeded random chunks, also when time chunks were asked but the baseline had too few periods
   * (`fallback` says so).
   */
  readonly strategy: 'random' | 'time';
  readonly periodMs?: number;
  readonly fallback?: string;
  /** Too few baseline values for disjoint chunks: drawn with replacement from half of it. */
  readonly withReplacement: boolean;
  /** Mean and standard deviation of the chunks' statistic: the spread the threshold came from. */
  readonly mean: number;
  readonly std: number;
  /**
   * This check's statistic on the calibration's scale (the method's statistic, folded for signed
   * tests: |t|, |z|, |U/(n₁n₂) − ½|, |ln odds ratio|); drifted when above `threshold`.
   */
  readonly statistic: number;
  /** Why the feature could not be calibrated (it then keeps its default or configured threshold). */
  readonly problem?: string;
}

export interface FeatureResult {
  readonly name: string;
  readonly kind: FeatureKind;
  /** Null when drift could not be computed (see `error`). */
  readonly method: MethodId | null;
  readonly statistic: number | null;
  /** Null when the method has none. */
  readonly pValue: number | null;
  /** After multiple-testing correction, when one is configured. */
  readonly pValueAdjusted?: number | null;
  readonly threshold: number | null;
  readonly decision: Decision | null;
  /**
   * Where `threshold` came from; set whenever there is a threshold. A calibrated threshold is on
   * the calibration statistic's scale (`calibration.statistic`), decided as a distance even for
   * tests with p-values. Added in schema 1 as optional.
   */
  readonly thresholdSource?: ThresholdSource;
  /** Present when the feature asked for a calibrated threshold. Added in schema 1 as optional. */
  readonly calibration?: CalibrationSummary;
  readonly drifted: boolean;
  /** Values the method compared (finite numbers or non-null categories). */
  readonly nReference: number;
  readonly nCurrent: number;
  /** False when either side was a seeded sample rather than every value. */
  readonly exact: boolean;
  /**
   * Every finite value (or non-null category) of each side, when the method compared fewer: a
   * seeded sample (`nReference`/`nCurrent` are then the sample's sizes).
   */
  readonly sampledFrom?: { readonly reference: number; readonly current: number };
  readonly nullShareReference: number;
  readonly nullShareCurrent: number;
  /** Biggest share changes, largest first. */
  readonly topChanges: readonly ShareChange[];
  /** All shares, for charts; absent when drift was not computed. Added in schema 1 as optional. */
  readonly distribution?: FeatureDistribution;
  readonly reference?: NumericSide;
  readonly current?: NumericSide;
  /** Why no verdict was computed, in words (e.g. "all current values are null"). */
  readonly error?: string;
  /** Set for a `prediction` column: its drift is prediction drift, outside the dataset share. */
  readonly role?: 'prediction';
  /** How the column was read, when the report should say (an assumed day/month order). */
  readonly note?: string;
}

/**
 * Why a column present on both sides is not tested: the configuration left it out (`excluded`),
 * it has a role that is not tested unless asked (`role`), it looks like an id (`id_like`), or its
 * kind is not tested unless asked (`kind`: text, datetime). Added in schema 1 as optional; a
 * report without it reads by its reason.
 */
const SKIP_CAUSES = ['excluded', 'role', 'id_like', 'kind'] as const;

export type SkipCause = (typeof SKIP_CAUSES)[number];

export interface SkippedColumn {
  readonly name: string;
  readonly kind: FeatureKind;
  readonly reason: string;
  readonly cause?: SkipCause;
  readonly role?: ColumnRole;
}

/**
 * The `prediction` role's drift (README "Columns"): a moving prediction distribution matters even
 * when few inputs drift, so it is reported apart and can page on its own (`alertOn.predictionDrift`).
 */
interface PredictionDrift {
  /** The prediction columns tested (their results are in `features`, marked with the role). */
  readonly features: readonly string[];
  /** Those that drifted. */
  readonly drifted: readonly string[];
}

/**
 * Multivariate drift by PCA data reconstruction (NannyML's method; README "Multivariate drift"):
 * the current rows' mean reconstruction error under a PCA fitted on the baseline, against a band
 * drawn from baseline chunks. Added in schema 1 as optional.
 */
export interface MultivariateDrift {
  readonly method: 'pca_reconstruction';
  /** The current sampled rows' mean reconstruction error; null when not computed (see `error`). */
  readonly statistic: number | null;
  /** Drifted outside [lower, upper]: mean ∓ k·std of the baseline chunks' mean error (lower ≥ 0). */
  readonly threshold: { readonly lower: number; readonly upper: number } | null;
  readonly drifted: boolean;
  /** Principal components kept. */
  readonly components: number;
  /** The share of the baseline's variance those components explain. */
  readonly explainedVariance: number;
  /** The columns used, in order. */
  readonly columns: readonly string[];
  /** Baseline chunks of the current sample's size: how many, and their mean errors' mean and spread. */
  readonly chunks?: {
    readonly count: number;
    readonly size: number;
    readonly mean: number;
    readonly std: number;
  };
  /** Rows the fit and the statistic used (seeded samples), and the tables' rows. */
  readonly rows?: {
    readonly reference: number;
    readonly current: number;
    readonly referenceTable: number;
    readonly currentTable: number;
  };
  /** Why it was not computed (off under the row floor, too few columns, no rows kept). */
  readonly error?: string;
}

interface TableSummary {
  readonly sources: readonly string[];
  readonly rowCount: number;
}

/** Where a report came from; set by whoever runs the check (CLI, scheduled Lambda). */
export interface ReportContext {
  readonly monitor?: string;
  /** The snapshot's id (its folder or file name under `snapshots/`). */
  readonly snapshotId?: string;
  /** The baseline's id (e.g. `baseline`, or the previous snapshot's id). */
  readonly baselineId?: string;
  /** ISO 8601 time the check ran. */
  readonly checkedAt?: string;
  readonly durationMs?: number;
  readonly driftwatchVersion?: string;
}

export interface DriftReport {
  readonly schemaVersion: number;
  readonly status: ReportStatus;
  readonly context?: ReportContext;
  /**
   * Why the check could not run (status `error`), found nothing to check (`stale`) or has no
   * baseline yet (`waiting`).
   */
  readonly error?: string;
  readonly compat: 'driftwatch' | 'evidently';
  readonly baseline: TableSummary;
  readonly current: TableSummary;
  readonly dataset: {
    readonly drifted: boolean;
    readonly driftedShare: number;
    readonly driftedCount: number;
    readonly featureCount: number;
    readonly driftShareThreshold: number;
  };
  /**
   * Drifted features that made the status `drift` through the monitor's `alertOn` rule (a named
   * feature, or any feature), sorted; absent when none did. Added in schema 1 as optional.
   */
  readonly alertOnFeatures?: readonly string[];
  readonly features: readonly FeatureResult[];
  readonly quality: readonly QualityViolation[];
  /** Columns present but not tested, and why (kind not in drift, excluded, a role, id-like). */
  readonly skipped: readonly SkippedColumn[];
  /** Present when the monitor names `prediction` columns. Added in schema 1 as optional. */
  readonly prediction?: PredictionDrift;
  /** Present unless multivariate drift is turned off (`multivariate.enabled: false`). */
  readonly multivariate?: MultivariateDrift;
  /** Model quality, present when the monitor has `model` settings. Added in schema 1 as optional. */
  readonly performance?: PerformanceSection;
}
