import { type ColumnRoles, NO_COLUMN_ROLES } from './column-roles.ts';
import { DRIFT_KINDS_BY_DEFAULT, type FeatureKind } from './kinds.ts';
import type { MethodId } from './method-registry.ts';
import { DEFAULT_SAMPLE_ROWS } from './multivariate/row-sample.ts';
import type { QualityCheck, Severity } from './report.ts';

/** Per-feature choices; anything unset falls back to the kind's and then the global rule. */
interface FeaturePolicy {
  readonly method?: MethodId;
  readonly threshold?: ThresholdRule;
  /** Forces the feature's kind (also used while profiling). */
  readonly kind?: FeatureKind;
}

/** The config schema's choices are these lists, so a new value is added in one place. */
export const COMPAT_MODES = ['driftwatch', 'evidently'] as const;
export const CORRECTIONS = ['none', 'bonferroni', 'benjamini_hochberg'] as const;
export const BINNINGS = ['reference', 'evidently'] as const;

export type Correction = (typeof CORRECTIONS)[number];

/** A threshold: a number (a p-value or a distance, as the method decides), or one calibrated on the baseline. */
export type ThresholdRule = number | 'calibrated';

/** How calibrated thresholds are drawn from the baseline (lambdas/core/calibration). */
export interface CalibrationSettings {
  /**
   * Mean + `sigmas` standard deviations of the chunk statistics, or (with `falseAlarmRate`) their
   * empirical (1 − rate) quantile. @default { sigmas: 3 }
   */
  readonly rule: { readonly sigmas: number } | { readonly falseAlarmRate: number };
  /** Chunks drawn from the baseline per feature. @default 100 */
  readonly chunks: number;
  /** Seeds the chunks: the same baseline, snapshot size and seed give the same thresholds. @default 1 */
  readonly seed: number;
}

/** NannyML's rule for thresholds drawn from reference chunks: mean ± 3 standard deviations. */
export const DEFAULT_SIGMAS = 3;

export const DEFAULT_CALIBRATION: CalibrationSettings = {
  rule: { sigmas: DEFAULT_SIGMAS },
  chunks: 100,
  seed: 1,
};

export interface QualityThresholds {
  /** Null share may rise this much (absolute) before a completeness warning. @default 0.1 */
  readonly nullShareIncrease: number;
  /** Share of current numbers outside the baseline's range that warns. @default 0.01 */
  readonly outOfRangeShare: number;
  /** Share of current categorical values never seen in the baseline that warns. @default 0.01 */
  readonly unseenShare: number;
  /** Current/baseline row-count ratio outside [1/x, x] warns. @default 2 */
  readonly rowCountRatio: number;
  /**
   * Fewer current rows than this share of the baseline's is a `row_count` finding of severity
   * `error` (a partial load); 0 turns it off. @default 0.1
   */
  readonly minRowShare: number;
  /**
   * Severity per check, replacing the default of every warning and error that check finds
   * (`info` findings, below their own threshold, stay `info`). A finding of severity `error`
   * makes the status `invalid`, which alerts. @default {} (each finding's own severity)
   */
  readonly severity: Readonly<Partial<Record<QualityCheck, Severity>>>;
}

/** Multivariate drift by PCA data reconstruction (lambdas/core/multivariate, README "Multivariate drift"). */
export interface MultivariateSettings {
  /**
   * `true` computes it, `false` never; `'auto'` computes it when both tables have at least
   * {@link MULTIVARIATE_ROW_FLOOR} rows and says why not otherwise. @default 'auto'
   */
  readonly enabled: boolean | 'auto';
  /** Components are kept until they explain more than this share of the variance. @default 0.65 */
  readonly varianceShare: number;
  /** The band: mean ± `sigmas` standard deviations of the baseline chunks' mean error. @default 3 */
  readonly sigmas: number;
  /** The columns used; empty: every tested feature of kind numeric, categorical or boolean. @default [] */
  readonly columns: readonly string[];
  /** Rows kept from each table (a seeded uniform sample) to fit and measure on. @default 20000 */
  readonly sampleRows: number;
}

/**
 * Under this many rows in either table, `enabled: 'auto'` leaves multivariate drift off: a PCA fitted
 * on a small baseline reconstructs that baseline's own rows better than new rows from the same
 * source (it has fitted their noise), so the band sits low, and the mean error of a small current
 * table spreads widely; both make false alarms.
 */
export const MULTIVARIATE_ROW_FLOOR = 5_000;

export const DEFAULT_MULTIVARIATE: MultivariateSettings = {
  enabled: 'auto',
  varianceShare: 0.65,
  sigmas: DEFAULT_SIGMAS,
  columns: [],
  sampleRows: DEFAULT_SAMPLE_ROWS,
};

/** Which drift makes the status `drift` (and so alerts, and exits 1). */
interface AlertOn {
  /** The dataset rule: the drifted share of tested features reaches `driftShare`. @default true */
  readonly dataset: boolean;
  /** Any of these features drifting. @default [] */
  readonly features: readonly string[];
  /** Any tested feature drifting. @default false */
  readonly anyFeature: boolean;
  /** The `prediction` role's drift on its own (the model's predictions moved). @default false */
  readonly predictionDrift: boolean;
}

/**
 * Everything that decides a comparison. The defaults reproduce Evidently's
 * DataDriftPreset rule (docs/design.md §4) except for our contingency χ²; `compat: 'evidently'`
 * reproduces Evidently exactly.
 */
export interface DriftPolicy {
  /** @default 'driftwatch' */
  readonly compat: (typeof COMPAT_MODES)[number];
  /** Method for every feature of a kind, instead of the default selection rule. */
  readonly methodByKind: Partial<Record<FeatureKind, MethodId>>;
  /** Threshold for every feature, instead of each method's default. */
  readonly threshold?: ThresholdRule;
  /** Threshold per method id (over `thresholdByKind`). */
  readonly thresholdByMethod: Partial<Record<MethodId, ThresholdRule>>;
  /** Threshold per feature kind (over `threshold`). */
  readonly thresholdByKind: Partial<Record<FeatureKind, ThresholdRule>>;
  /** How `calibrated` thresholds are drawn. */
  readonly calibration: CalibrationSettings;
  /**
   * A distance method's default threshold is raised to the statistic's sampling noise at the
   * feature's sizes when the noise is larger (`noise-floor.ts`). Configured and calibrated
   * thresholds are used as given. @default true (false with `compat: 'evidently'`)
   */
  readonly noiseFloor: boolean;
  /** Per-feature choices by column name (a Map: a column may be named `constructor` or `__proto__`). */
  readonly features: ReadonlyMap<string, FeaturePolicy>;
  /** What columns are: id, timestamp, prediction, target. @default no roles */
  readonly columns: ColumnRoles;
  /** Only these features take part (all when empty). */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Kinds that take part in drift. @default numeric, categorical, boolean */
  readonly driftKinds: readonly FeatureKind[];
  /** Dataset drift when the drifted share reaches this. @default 0.5 */
  readonly driftShare: number;
  /** @default 'none' */
  readonly correction: Correction;
  /** Inner bins for binned methods on numbers (quantiles of the reference). @default 20 */
  readonly bins: number;
  /** 'reference' fixes quantile bins from the baseline; 'evidently' uses Sturges over both. */
  readonly binning: (typeof BINNINGS)[number];
  readonly quality: QualityThresholds;
  readonly alertOn: AlertOn;
  /** Multivariate drift; a drifted result makes the dataset drifted whatever `driftShare` says. */
  readonly multivariate: MultivariateSettings;
  /**
   * The model's label column (`model.target`), when the monitor measures a model: labels often
   * arrive after the predictions, so a current table without it is waiting for them (an `info`
   * finding), not broken.
   */
  readonly labelColumn?: string;
}

export const DEFAULT_POLICY: DriftPolicy = {
  compat: 'driftwatch',
  methodByKind: {},
  thresholdByMethod: {},
  thresholdByKind: {},
  calibration: DEFAULT_CALIBRATION,
  noiseFloor: true,
  features: new Map(),
  columns: NO_COLUMN_ROLES,
  include: [],
  exclude: [],
  driftKinds: DRIFT_KINDS_BY_DEFAULT,
  driftShare: 0.5,
  correction: 'none',
  bins: 20,
  binning: 'reference',
  quality: {
    nullShareIncrease: 0.1,
    outOfRangeShare: 0.01,
    unseenShare: 0.01,
    rowCountRatio: 2,
    minRowShare: 0.1,
    severity: {},
  },
  alertOn: { dataset: true, features: [], anyFeature: false, predictionDrift: false },
  multivariate: DEFAULT_MULTIVARIATE,
};

/** What `makePolicy` takes: any field, and any part of the nested `quality` and `alertOn`. */
export type PolicyOverrides = Partial<Omit<DriftPolicy, 'quality' | 'alertOn' | 'multivariate'>> & {
  readonly quality?: Partial<QualityThresholds>;
  readonly alertOn?: Partial<AlertOn>;
  readonly multivariate?: Partial<MultivariateSettings>;
};

/**
 * The default policy with some fields replaced; `compat: 'evidently'` implies Evidently's binning
 * and its fixed default thresholds (no noise floor).
 */
export function makePolicy(overrides: PolicyOverrides = {}): DriftPolicy {
  const compat = overrides.compat ?? DEFAULT_POLICY.compat;
  return {
    ...DEFAULT_POLICY,
    binning: compat === 'evidently' ? 'evidently' : DEFAULT_POLICY.binning,
    noiseFloor: compat === 'evidently' ? false : DEFAULT_POLICY.noiseFloor,
    ...overrides,
    quality: { ...DEFAULT_POLICY.quality, ...overrides.quality },
    alertOn: { ...DEFAULT_POLICY.alertOn, ...overrides.alertOn },
    multivariate: { ...DEFAULT_POLICY.multivariate, ...overrides.multivariate },
  };
}

/** Whether any feature may ask for a calibrated threshold under this policy. */
export function asksForCalibration(policy: DriftPolicy): boolean {
  const rules: (ThresholdRule | undefined)[] = [
    policy.threshold,
    ...Object.values(policy.thresholdByMethod),
    ...Object.values(policy.thresholdByKind),
    ...[...policy.features.values()].map((feature) => feature.threshold),
  ];
  return rules.includes('calibrated');
}
