import { histogramWithOutliers, quantileEdges } from './binning.ts';
import { calibrateFeature, chunkSizeOf, notCalibrated } from './calibration/calibrate-feature.ts';
import type { CalibrationBudget } from './calibration/calibration-budget.ts';
import { calibrationStatistic } from './calibration/calibration-statistic.ts';
import { type CalibrationTable, calibrationKey } from './calibration/calibration-table.ts';
import type { ChunkStrategy } from './calibration/chunk-strategy.ts';
import { assertRoleColumnsExist, type ColumnRole, roleOf } from './column-roles.ts';
import { FeatureInputError, FeatureInputs } from './feature-inputs.ts';
import type { FeatureKind } from './kinds.ts';
import { type MethodId, methodSpec } from './method-registry.ts';
import type { MethodResult } from './methods/types.ts';
import { adjustPValues } from './multiple-testing.ts';
import { multivariateDrift } from './multivariate/multivariate-drift.ts';
import type { DriftPolicy } from './policy.ts';
import type { ColumnProfile } from './profile/column-profile.ts';
import { datetimeSourceOf } from './profile/datetime-values.ts';
import { idLikeReason } from './profile/id-like.ts';
import { readColumn } from './profile/infer-kind.ts';
import { type NumericSummary, populationVariance } from './profile/numeric-summary.ts';
import type { Profile } from './profile/profile.ts';
import { columnQuality, tableQuality } from './quality-checks.ts';
import {
  DISTRIBUTION_MAX_CATEGORIES,
  type DriftReport,
  type FeatureDistribution,
  type FeatureResult,
  type NumericSide,
  OTHER_VALUES_LABEL,
  type QualityViolation,
  REPORT_SCHEMA_VERSION,
  type ReportStatus,
  type ShareChange,
  type SkipCause,
  type SkippedColumn,
} from './report.ts';
import { runMethod } from './run-method.ts';
import { defaultMethod } from './select-method.ts';
import { calibratedVerdict, defaultOrFloorVerdict, thresholdRuleOf } from './threshold-verdict.ts';

const TOP_CHANGES = 5;

/**
 * Compares a current table's profile with the baseline's under a policy. Pure but for
 * `calibrations`: features with calibrated thresholds take theirs from it, and the ones it lacks
 * are calibrated here (as `calibrating` says) and added to it (a caller keeps it to
 * calibrate once per baseline).
 */
export function compare(
  baseline: Profile,
  current: Profile,
  policy: DriftPolicy,
  precomputed?: PrecomputedResults,
  calibrations: CalibrationTable = new Map(),
  calibrating: CalibrationRun = {},
): DriftReport {
  assertRoleColumnsExist(
    policy.columns,
    baseline.columns.map((c) => c.name),
    `the baseline (${baseline.sources[0] ?? 'profile'})`,
  );
  const quality: QualityViolation[] = tableQuality(baseline, current, policy.quality, policy.labelColumn);
  const features: FeatureResult[] = [];
  const skipped: SkippedColumn[] = [];
  for (const reference of baseline.columns) {
    const currentColumn = current.columns.find((c) => c.name === reference.name);
    if (currentColumn === undefined) continue; // reported as missing_column
    const plan = planColumn(reference, currentColumn, policy);
    if (!plan.excluded) {
      const findings = columnQuality(reference, currentColumn, plan.kind, plan.currentKind, policy.quality);
      // New rows bring new ids and later times: out-of-range and unseen values are what such a column is.
      const namesRows = plan.skip?.cause === 'id_like' || plan.skip?.cause === 'role';
      quality.push(
        ...(namesRows
          ? findings.filter((f) => f.check !== 'range' && f.check !== 'categorical_values')
          : findings),
      );
    }
    if (plan.skip !== null) {
      skipped.push({
        name: reference.name,
        kind: plan.kind,
        reason: plan.skip.reason,
        cause: plan.skip.cause,
        ...(plan.role !== undefined ? { role: plan.role } : {}),
      });
      continue;
    }
    const result = featureDrift(
      reference,
      currentColumn,
      plan.kind,
      policy,
      precomputed,
      calibrations,
      calibrating,
    );
    features.push({
      ...result,
      ...(plan.role === 'prediction' ? { role: 'prediction' as const } : {}),
      ...(plan.note !== undefined ? { note: plan.note } : {}),
    });
  }
  const corrected = applyCorrection(features, policy);
  // Prediction drift is the model's, not the data's: it stays out of the dataset share.
  const tested = corrected.filter((f) => f.method !== null && f.role !== 'prediction');
  const predictions = corrected.filter((f) => f.method !== null && f.role === 'prediction');
  const driftedCount = tested.filter((f) => f.drifted).length;
  const driftedShare = tested.length > 0 ? driftedCount / tested.length : 0;
  const multivariate = multivariateDrift(corrected, baseline, current, policy);
  // A correlation that broke is the dataset's drift even when no single feature moved.
  const drifted = (tested.length > 0 && driftedShare >= policy.driftShare) || multivariate?.drifted === true;
  const findings = withConfiguredSeverity(quality, policy.quality.severity);
  const alertOnFeatures = alertOnMatches([...tested, ...predictions], policy);
  const predictionsDrifted = predictions.filter((f) => f.drifted).map((f) => f.name);
  const predictionPages = policy.alertOn.predictionDrift && predictionsDrifted.length > 0;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status: statusOf(
      (drifted && policy.alertOn.dataset) || predictionPages,
      driftedCount + predictionsDrifted.length + (multivariate?.drifted === true ? 1 : 0),
      alertOnFeatures,
      findings,
    ),
    compat: policy.compat,
    baseline: { sources: baseline.sources, rowCount: baseline.rowCount },
    current: { sources: current.sources, rowCount: current.rowCount },
    dataset: {
      drifted,
      driftedShare,
      driftedCount,
      featureCount: tested.length,
      driftShareThreshold: policy.driftShare,
    },
    ...(alertOnFeatures.length > 0 ? { alertOnFeatures } : {}),
    features: corrected,
    quality: findings,
    skipped,
    ...(policy.columns.prediction.length > 0
      ? { prediction: { features: predictions.map((f) => f.name), drifted: predictionsDrifted } }
      : {}),
    ...(multivariate !== undefined ? { multivariate } : {}),
  };
}

/** A configured severity replaces a check's warnings and errors; `info` stays below its threshold. */
function withConfiguredSeverity(
  quality: readonly QualityViolation[],
  severity: DriftPolicy['quality']['severity'],
): QualityViolation[] {
  return quality.map((finding) => {
    const configured = severity[finding.check];
    return configured === undefined || finding.severity === 'info'
      ? finding
      : { ...finding, severity: configured };
  });
}

/** Drifted features the `alertOn` rule names (or all of them under `anyFeature`), sorted. */
function alertOnMatches(tested: readonly FeatureResult[], policy: DriftPolicy): string[] {
  const named = new Set(policy.alertOn.features);
  return tested
    .filter((f) => f.drifted && (policy.alertOn.anyFeature || named.has(f.name)))
    .map((f) => f.name)
    .sort();
}

/** How `compare` calibrates the features its table lacks. */
export interface CalibrationRun {
  /** Where the chunks come from. @default randomChunks */
  readonly strategy?: ChunkStrategy;
  /** When to stop calibrating (the rest keep their default thresholds this time). @default no limit */
  readonly budget?: CalibrationBudget;
}

/**
 * Results of sorted-input methods computed ahead by the caller (the CLI runs them on both cores
 * while nothing else is left to do), by feature name. Used only where compare would run that very
 * method; see `sortedMethodPlan`.
 */
export type PrecomputedResults = ReadonlyMap<
  string,
  { readonly method: MethodId; readonly result: MethodResult }
>;

/**
 * The features compare will test with a method that takes sorted samples (KS, Wasserstein, ...),
 * and that method: the expensive part of a compare, which a caller may run elsewhere first.
 */
export function sortedMethodPlan(
  baseline: Profile,
  current: Profile,
  policy: DriftPolicy,
): Map<string, { method: MethodId; values: 'numbers' | 'datetimes' }> {
  const plan = new Map<string, { method: MethodId; values: 'numbers' | 'datetimes' }>();
  for (const reference of baseline.columns) {
    const currentColumn = current.columns.find((c) => c.name === reference.name);
    if (currentColumn === undefined) continue;
    const column = planColumn(reference, currentColumn, policy);
    if (column.skip !== null) continue;
    // Date-times derived from numbers or text are made by the compare, not sorted ahead.
    if (column.kind === 'datetime' && datetimeSourceOf(reference).from !== 'cells') continue;
    const chosen = chooseFeatureMethod(reference, currentColumn, column.kind, policy);
    if ('method' in chosen && chosen.inputs.isNumeric && methodSpec(chosen.method).input === 'sorted') {
      plan.set(reference.name, {
        method: chosen.method,
        values: column.kind === 'datetime' ? 'datetimes' : 'numbers',
      });
    }
  }
  return plan;
}

/** How a column present on both sides is treated: its kinds and role, and why it is not tested (null when it is). */
interface ColumnPlan {
  readonly kind: FeatureKind;
  readonly currentKind: FeatureKind;
  readonly excluded: boolean;
  readonly role: ColumnRole | undefined;
  readonly skip: { readonly cause: SkipCause; readonly reason: string } | null;
  /** What the report should say about how the column was read. */
  readonly note: string | undefined;
}

/**
 * The order of the rules: a kind the configuration forces (the `timestamp` role forces datetime)
 * over inference; exclusion; a role that is not tested unless asked (`features` gives the column
 * a method or a kind); an inferred id (only when nothing forced the kind); a kind not tested by
 * default. A `prediction` column is always tested.
 */
function planColumn(reference: ColumnProfile, current: ColumnProfile, policy: DriftPolicy): ColumnPlan {
  const settings = policy.features.get(reference.name);
  const role = roleOf(policy.columns, reference.name);
  const forced = settings?.kind ?? (role === 'timestamp' ? 'datetime' : undefined);
  const kind = forced ?? readColumn(reference).kind;
  const currentKind = forced ?? readColumn(current).kind;
  const note = kind === 'datetime' ? readColumn({ ...reference, kindOverride: 'datetime' }).note : undefined;
  const plan = { kind, currentKind, role, note };
  const excluded = isExcluded(reference.name, policy);
  if (excluded)
    return { ...plan, excluded, skip: { cause: 'excluded', reason: 'excluded by configuration' } };
  const named = settings?.method !== undefined || settings?.kind !== undefined;
  if (role !== undefined && role !== 'prediction' && !named) {
    return {
      ...plan,
      excluded,
      skip: {
        cause: 'role',
        reason: `the ${role} column (columns.${role}): profiled, not tested for drift unless its features entry sets a method or kind`,
      },
    };
  }
  if (role === 'prediction') return { ...plan, excluded, skip: null };
  if (forced === undefined && reference.kindOverride === null) {
    const idLike = idLikeReason(reference, kind);
    if (idLike !== null) return { ...plan, excluded, skip: { cause: 'id_like', reason: idLike } };
  }
  const asked = settings?.method !== undefined || policy.methodByKind[kind] !== undefined;
  if (!policy.driftKinds.includes(kind) && !asked) {
    const read = note !== undefined ? `; ${note}` : '';
    return {
      ...plan,
      excluded,
      skip: {
        cause: 'kind',
        reason: `${kind} columns are profiled but not tested for drift unless asked${read}`,
      },
    };
  }
  return { ...plan, excluded, skip: null };
}

/** The method a tested feature gets, or why it cannot be tested. */
function chooseFeatureMethod(
  reference: ColumnProfile,
  current: ColumnProfile,
  kind: FeatureKind,
  policy: DriftPolicy,
): { inputs: FeatureInputs; error: string } | { inputs: FeatureInputs; method: MethodId } {
  const inputs = new FeatureInputs(reference, current, kind);
  const unreadable = reference.readError ?? current.readError;
  if (unreadable !== null) return { inputs, error: `could not be read: ${unreadable}` };
  const n = inputs.counts();
  const what = inputs.isNumeric ? 'finite values' : 'non-null values';
  if (n.reference === 0) return { inputs, error: `the baseline has no ${what}` };
  if (n.current === 0) return { inputs, error: `current has no ${what}` };
  return { inputs, method: chooseMethod(reference.name, kind, inputs, policy) };
}

function isExcluded(name: string, policy: DriftPolicy): boolean {
  if (policy.exclude.includes(name)) return true;
  return policy.include.length > 0 && !policy.include.includes(name);
}

/**
 * The worst that holds: broken data first (drift measured on it is not to be trusted), then drift
 * the monitor pages on, drift below that, quality warnings.
 */
function statusOf(
  datasetPages: boolean,
  driftedCount: number,
  alertOnFeatures: readonly string[],
  quality: readonly QualityViolation[],
): ReportStatus {
  if (quality.some((q) => q.severity === 'error')) return 'invalid';
  if (datasetPages || alertOnFeatures.length > 0) return 'drift';
  if (driftedCount > 0) return 'feature_drift';
  if (quality.some((q) => q.severity === 'warning')) return 'warn';
  return 'ok';
}

function featureDrift(
  reference: ColumnProfile,
  current: ColumnProfile,
  kind: FeatureKind,
  policy: DriftPolicy,
  precomputed: PrecomputedResults | undefined,
  calibrations: CalibrationTable,
  calibrating: CalibrationRun,
): FeatureResult {
  const chosen = chooseFeatureMethod(reference, current, kind, policy);
  const inputs = chosen.inputs;
  const n = inputs.counts();
  const base = {
    name: reference.name,
    kind,
    nReference: n.reference,
    nCurrent: n.current,
    exact: inputs.exact(),
    nullShareReference: reference.rows > 0 ? reference.nulls / reference.rows : 0,
    nullShareCurrent: current.rows > 0 ? current.nulls / current.rows : 0,
  };
  const failed = (error: string): FeatureResult => ({
    ...base,
    method: null,
    statistic: null,
    pValue: null,
    threshold: null,
    decision: null,
    drifted: false,
    topChanges: [],
    error,
  });
  if ('error' in chosen) return failed(chosen.error);
  const method = chosen.method;
  const spec = methodSpec(method);
  const { rule, source } = thresholdRuleOf(reference.name, kind, method, policy);
  let result: MethodResult;
  let compared: { reference: number; current: number };
  const ahead = precomputed?.get(reference.name);
  if (ahead !== undefined && ahead.method === method) {
    result = ahead.result;
    // Sorted-sample methods see the kept values.
    compared = { reference: inputs.referenceSummary().size, current: inputs.currentSummary().size };
  } else {
    try {
      ({ result, compared } = runMethod(method, inputs, policy));
    } catch (error) {
      if (error instanceof FeatureInputError) return failed(error.message);
      throw error;
    }
  }
  const sampled = compared.reference !== n.reference || compared.current !== n.current;
  let verdict: Pick<FeatureResult, 'threshold' | 'decision' | 'drifted' | 'thresholdSource' | 'calibration'>;
  if (rule === 'calibrated') {
    const chunkSize = chunkSizeOf(compared.current);
    const key = calibrationKey(reference.name, method, chunkSize);
    let calibration = calibrations.get(key);
    if (calibration === undefined) {
      const spent = calibrating.budget?.spent() ?? null;
      if (spent === null) {
        calibration = calibrateFeature(reference, kind, method, chunkSize, policy, calibrating.strategy);
        calibrations.set(key, calibration);
      } else calibration = notCalibrated(method, chunkSize, spent);
    }
    verdict = calibratedVerdict(calibration, calibrationStatistic(method, result, compared), () =>
      defaultOrFloorVerdict(result, spec.defaultThreshold, 'default', method, inputs, policy, reference.name),
    );
  } else {
    verdict = defaultOrFloorVerdict(result, rule, source, method, inputs, policy, reference.name);
  }
  return {
    ...base,
    ...(sampled ? { nReference: compared.reference, nCurrent: compared.current, sampledFrom: { ...n } } : {}),
    method,
    statistic: result.statistic,
    pValue: result.pValue,
    ...verdict,
    ...shareChanges(inputs),
    ...(inputs.isNumeric ? numericSides(inputs) : {}),
  };
}

function chooseMethod(name: string, kind: FeatureKind, inputs: FeatureInputs, policy: DriftPolicy): MethodId {
  const configured = policy.features.get(name)?.method ?? policy.methodByKind[kind];
  if (configured !== undefined) return configured;
  const ruleKind: FeatureKind = kind === 'boolean' || kind === 'text' ? 'categorical' : kind;
  return defaultMethod(ruleKind, inputs.counts().reference, inputs.distinctInUnion());
}

function applyCorrection(features: FeatureResult[], policy: DriftPolicy): FeatureResult[] {
  if (policy.correction === 'none') return features;
  const indexes = features.flatMap((f, i) => (f.pValue !== null && f.decision === 'p_value' ? [i] : []));
  const adjusted = adjustPValues(
    indexes.map((i) => features[i].pValue!),
    policy.correction,
  );
  const result = [...features];
  indexes.forEach((featureIndex, k) => {
    const f = features[featureIndex];
    result[featureIndex] = { ...f, pValueAdjusted: adjusted[k], drifted: adjusted[k] < (f.threshold ?? 0) };
  });
  return result;
}

/**
 * The categories (or reference-decile bins) whose share moved most, and every share for charts.
 * Shares of a side with no values are 0.
 */
function shareChanges(inputs: FeatureInputs): {
  topChanges: ShareChange[];
  distribution?: FeatureDistribution;
} {
  let labels: readonly string[];
  let reference: ArrayLike<number>;
  let current: ArrayLike<number>;
  if (inputs.isNumeric) {
    const sorted = inputs.sorted();
    const edges = quantileEdges(sorted.reference, 10);
    if (edges.length < 2) return { topChanges: [] };
    reference = histogramWithOutliers(sorted.reference, edges);
    current = histogramWithOutliers(sorted.current, edges);
    const fmt = (x: number) => Number(x.toPrecision(4)).toString();
    labels = Array.from({ length: edges.length + 1 }, (_, i) =>
      i === 0
        ? `< ${fmt(edges[0])}`
        : i === edges.length
          ? `> ${fmt(edges[edges.length - 1])}`
          : `${fmt(edges[i - 1])}–${fmt(edges[i])}`,
    );
  } else {
    const counts = inputs.alignedCounts(methodSpec('jensen_shannon'), 'reference', 0);
    labels = counts.labels;
    reference = counts.reference;
    current = counts.current;
  }
  const refTotal = sum(reference);
  const curTotal = sum(current);
  const all: ShareChange[] = [];
  for (let i = 0; i < labels.length; i++) {
    const r = refTotal > 0 ? reference[i] / refTotal : 0;
    const c = curTotal > 0 ? current[i] / curTotal : 0;
    all.push({ label: labels[i], reference: r, current: c, unseen: reference[i] === 0 && current[i] > 0 });
  }
  const byChange = (a: ShareChange, b: ShareChange) =>
    Math.abs(b.current - b.reference) - Math.abs(a.current - a.reference);
  const topChanges = all
    .filter((s) => s.reference !== s.current)
    .sort(byChange)
    .slice(0, TOP_CHANGES);
  return {
    topChanges,
    distribution: inputs.isNumeric ? distributionOf(all) : categoryDistribution(all, byChange),
  };
}

function distributionOf(shares: readonly ShareChange[]): FeatureDistribution {
  return {
    labels: shares.map((s) => s.label),
    reference: shares.map((s) => s.reference),
    current: shares.map((s) => s.current),
  };
}

/** Biggest shifts first; past the cap, the rest (and the profile's own overflow bucket) become one bar. */
function categoryDistribution(
  shares: readonly ShareChange[],
  byChange: (a: ShareChange, b: ShareChange) => number,
): FeatureDistribution {
  const named = shares.filter((s) => s.label !== OTHER_VALUES_LABEL).sort(byChange);
  const shown = named.slice(0, DISTRIBUTION_MAX_CATEGORIES);
  const pooled = named.slice(DISTRIBUTION_MAX_CATEGORIES);
  const overflow = shares.filter((s) => s.label === OTHER_VALUES_LABEL);
  const rest = [...pooled, ...overflow];
  if (rest.length === 0) return distributionOf(shown);
  shown.push({
    label: OTHER_VALUES_LABEL,
    reference: rest.reduce((t, s) => t + s.reference, 0),
    current: rest.reduce((t, s) => t + s.current, 0),
    unseen: false,
  });
  return {
    ...distributionOf(shown),
    otherCategories: { count: pooled.length + overflow.length, atLeast: overflow.length > 0 },
  };
}

function numericSides(inputs: FeatureInputs): { reference: NumericSide; current: NumericSide } {
  const sorted = inputs.sorted();
  return {
    reference: side(inputs.referenceSummary(), sorted.reference),
    current: side(inputs.currentSummary(), sorted.current),
  };
}

function side(summary: NumericSummary, sorted: Float64Array): NumericSide {
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    mean: summary.mean,
    std: Math.sqrt(populationVariance(summary)),
    min: summary.min,
    max: summary.max,
    median,
  };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
