import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lambdas/core/errors.ts';
import { comparePerformance, defaultDegradationRule } from '../../../lambdas/core/performance/degradation.ts';
import {
  CLASSIFICATION_METRICS,
  higherIsBetter,
  type MetricName,
  type MetricValue,
  REGRESSION_METRICS,
} from '../../../lambdas/core/performance/metric-names.ts';
import type { PerformanceMeasurement } from '../../../lambdas/core/performance/performance-measurement.ts';

function measured(task: 'classification' | 'regression', values: Partial<Record<MetricName, number | null>>) {
  const metrics: MetricValue[] = Object.entries(values).map(([name, value]) =>
    value === null
      ? { name: name as MetricName, value: null, rows: 10, reason: 'no row is labelled "yes": recall is 0/0' }
      : { name: name as MetricName, value, rows: 10 },
  );
  return { task, rows: 10, missing: { target: 0, prediction: 0 }, metrics } satisfies PerformanceMeasurement;
}

describe('comparePerformance', () => {
  it('flags a score that fell by more than its absolute allowance, and not one that fell less', () => {
    const result = comparePerformance(
      measured('classification', { accuracy: 0.9, roc_auc: 0.9 }),
      measured('classification', { accuracy: 0.84, roc_auc: 0.86 }),
    );
    expect(result).toEqual({
      task: 'classification',
      metrics: [
        expect.objectContaining({ name: 'accuracy', reference: 0.9, current: 0.84, degraded: true }),
        expect.objectContaining({ name: 'roc_auc', reference: 0.9, current: 0.86, degraded: false }),
      ],
    });
    expect(result.metrics[0].change).toBeCloseTo(-0.06, 15);
    expect(result.metrics[0].threshold).toBeCloseTo(0.85, 15);
    expect(result.metrics[0].rule).toEqual({ type: 'absolute', value: 0.05 });
  });

  it('flags an error that rose by more than its relative allowance: lower is better', () => {
    const [rmse, mae] = comparePerformance(
      measured('regression', { rmse: 2, mae: 1 }),
      measured('regression', { rmse: 2.5, mae: 0.5 }),
    ).metrics;
    expect(rmse).toMatchObject({ threshold: 2.4, degraded: true, higherIsBetter: false });
    expect(mae).toMatchObject({ threshold: 1.2, degraded: false, change: -0.5 });
  });

  it('uses a rule given per metric over the default', () => {
    const [f1] = comparePerformance(
      measured('classification', { f1: 0.8 }),
      measured('classification', { f1: 0.78 }),
      { f1: { type: 'relative', value: 0.01 } },
    ).metrics;
    expect(f1.threshold).toBeCloseTo(0.792, 15);
    expect(f1.degraded).toBe(true);
  });

  it('leaves a metric undecided, with the reason, when either side has no value', () => {
    const [recall, precision] = comparePerformance(
      measured('classification', { recall: null, precision: 0.5 }),
      measured('classification', { recall: 0.4, precision: null }),
    ).metrics;
    expect(recall).toMatchObject({ degraded: null, threshold: null, change: null });
    expect(recall.reason).toBe('no reference value: no row is labelled "yes": recall is 0/0');
    expect(precision).toMatchObject({ degraded: null, threshold: 0.45 });
    expect(precision.reason).toMatch(/^no current value: /);
  });

  it('leaves a metric the reference did not measure undecided', () => {
    const [auc] = comparePerformance(
      measured('classification', {}),
      measured('classification', { roc_auc: 0.7 }),
    ).metrics;
    expect(auc).toMatchObject({
      degraded: null,
      reason: 'no reference value: the reference has no value for it',
    });
  });

  it('refuses a negative or non-finite allowance, naming the metric', () => {
    const run = () =>
      comparePerformance(measured('regression', { mae: 1 }), measured('regression', { mae: 1 }), {
        mae: { type: 'absolute', value: -1 },
      });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/degradation rule for mae/);
  });

  it('has a documented default for every metric: 0.05 absolute for scores, 0.1 for R², 20% for errors', () => {
    const defaults = Object.fromEntries(
      [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS].map((m) => [m, defaultDegradationRule(m)]),
    );
    expect(defaults).toMatchObject({
      accuracy: { type: 'absolute', value: 0.05 },
      roc_auc: { type: 'absolute', value: 0.05 },
      r2: { type: 'absolute', value: 0.1 },
      log_loss: { type: 'relative', value: 0.2 },
      brier: { type: 'relative', value: 0.2 },
      median_ae: { type: 'relative', value: 0.2 },
    });
  });

  it('never flags a metric that moved the good way, whatever the rule', () => {
    const names = [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.double({ min: -10, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.constantFrom('absolute' as const, 'relative' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (name, reference, improvement, type, value) => {
          const [m] = comparePerformance(
            measured('classification', { [name]: reference }),
            measured('classification', {
              [name]: reference + (higherIsBetter(name) ? improvement : -improvement),
            }),
            { [name]: { type, value } },
          ).metrics;
          expect(m.degraded).toBe(false);
        },
      ),
    );
  });
});
