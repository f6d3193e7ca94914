import { UsageError } from '../errors.ts';
import { higherIsBetter, type MetricName, type ModelTask } from './metric-names.ts';
import type { PerformanceMeasurement } from './performance-measurement.ts';

/**
 * How far a metric may move the wrong way before it counts as degraded: `absolute` in the metric's
 * own units, `relative` as a share of the reference value's magnitude.
 */
export interface DegradationRule {
  readonly type: 'absolute' | 'relative';
  readonly value: number;
}

/**
 * The defaults, per metric. Scores in [0, 1] (accuracy, F1, ROC AUC, ...) may fall 0.05 (five
 * points): about five standard errors of an accuracy near 0.9 measured on 1,000 rows
 * (√(0.9·0.1/1000) ≈ 0.0095), so two samples of an unchanged model rarely differ that much. R²,
 * unbounded below, may fall 0.1. Errors and losses have the scale of the data, so they may rise 20%
 * of their reference value.
 */
export function defaultDegradationRule(metric: MetricName): DegradationRule {
  if (metric === 'r2') return { type: 'absolute', value: 0.1 };
  return higherIsBetter(metric) ? { type: 'absolute', value: 0.05 } : { type: 'relative', value: 0.2 };
}

/** One metric's verdict: the report's `performance.metrics[]` entry. */
export interface MetricDegradation {
  readonly name: MetricName;
  readonly reference: number | null;
  readonly current: number | null;
  /** current − reference; null when either is. */
  readonly change: number | null;
  /**
   * The worst value that is not a degradation: reference − allowance for a score, reference +
   * allowance for an error. Null when there is no reference value.
   */
  readonly threshold: number | null;
  readonly rule: DegradationRule;
  readonly higherIsBetter: boolean;
  /** Null when it cannot be decided (a value is undefined; `reason` says why). */
  readonly degraded: boolean | null;
  readonly reason?: string;
}

/** The report's `performance` section. */
export interface PerformanceComparison {
  readonly task: ModelTask;
  readonly metrics: readonly MetricDegradation[];
}

/**
 * Compares the metrics of the current rows with the reference's, metric by metric (every metric of
 * `current`, in its order). Degraded when the current value is strictly worse than the threshold.
 */
export function comparePerformance(
  reference: PerformanceMeasurement,
  current: PerformanceMeasurement,
  rules: Partial<Record<MetricName, DegradationRule>> = {},
): PerformanceComparison {
  if (reference.task !== current.task) {
    throw new RangeError(`performance: a ${reference.task} reference against a ${current.task} current`);
  }
  const metrics = current.metrics.map((now): MetricDegradation => {
    const before = reference.metrics.find((m) => m.name === now.name);
    const rule = rules[now.name] ?? defaultDegradationRule(now.name);
    checkRule(now.name, rule);
    const better = higherIsBetter(now.name);
    const referenceValue = before?.value ?? null;
    const threshold = referenceValue === null ? null : thresholdOf(referenceValue, rule, better);
    const base = {
      name: now.name,
      reference: referenceValue,
      current: now.value,
      change: referenceValue === null || now.value === null ? null : now.value - referenceValue,
      threshold,
      rule,
      higherIsBetter: better,
    };
    if (threshold === null) {
      const why = before?.reason ?? 'the reference has no value for it';
      return { ...base, degraded: null, reason: `no reference value: ${why}` };
    }
    if (now.value === null) return { ...base, degraded: null, reason: `no current value: ${now.reason}` };
    return { ...base, degraded: better ? now.value < threshold : now.value > threshold };
  });
  return { task: current.task, metrics };
}

function thresholdOf(reference: number, rule: DegradationRule, better: boolean): number {
  const allowance = rule.type === 'absolute' ? rule.value : rule.value * Math.abs(reference);
  return better ? reference - allowance : reference + allowance;
}

function checkRule(metric: MetricName, rule: DegradationRule): void {
  if (!(Number.isFinite(rule.value) && rule.value >= 0)) {
    throw new UsageError(
      `degradation rule for ${metric}: the allowance must be a number ≥ 0, got ${rule.value}`,
    );
  }
}
