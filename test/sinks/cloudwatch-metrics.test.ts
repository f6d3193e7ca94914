import { describe, expect, it } from 'vitest';
import {
  CLOUDWATCH_MAX_VALUE,
  cloudWatchValue,
  MAX_METRICS_PER_CALL,
  metricBatches,
  metricDataOf,
} from '../../lambdas/sinks/cloudwatch-metrics.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';

const at = new Date('2026-11-28T10:05:00Z');

describe('metricDataOf', () => {
  it('puts the per-monitor metrics of docs/design.md §5 with the Monitor dimension', () => {
    const report = driftReport([featureResult(), featureResult({ name: 'age', drifted: false })], {
      quality: [{ check: 'range', feature: 'age', severity: 'warning', message: 'x', value: 0.2 }],
    });
    const data = metricDataOf(report, {
      monitor: 'fraud',
      featureMetrics: [],
      timestamp: at,
      snapshotAgeHours: 1.5,
    });
    const values = Object.fromEntries(data.map((d) => [d.MetricName, d.Value]));
    expect(values).toEqual({
      CheckFailed: 0,
      SnapshotAgeHours: 1.5,
      DatasetDrift: 1,
      DriftedFeatureShare: 0.5,
      DriftedFeatureCount: 1,
      RowCount: 2000,
      QualityViolations: 1,
      QualityFailed: 0,
    });
    for (const datum of data) {
      expect(datum.Dimensions).toEqual([{ Name: 'Monitor', Value: 'fraud' }]);
      expect(datum.Timestamp).toBe(at);
    }
  });

  it('puts DriftScore only for opted-in features that were tested, 1 at the threshold', () => {
    const report = driftReport([
      featureResult({ name: 'amount', statistic: 0.1, threshold: 0.1 }),
      featureResult({ name: 'age' }),
      featureResult({ name: 'broken', method: null, statistic: null, decision: null, error: 'all null' }),
    ]);
    const data = metricDataOf(report, {
      monitor: 'm',
      featureMetrics: ['amount', 'broken', 'absent'],
      timestamp: at,
    });
    const scores = data.filter((d) => d.MetricName === 'DriftScore');
    expect(scores).toHaveLength(1);
    expect(scores[0].Dimensions).toEqual([
      { Name: 'Monitor', Value: 'm' },
      { Name: 'Feature', Value: 'amount' },
    ]);
    expect(scores[0].Value).toBe(1);
  });

  it('gives a p-value of 0 a large finite DriftScore, never Infinity', () => {
    const report = driftReport([
      featureResult({ method: 'ks', decision: 'p_value', statistic: 1, pValue: 0, threshold: 0.05 }),
    ]);
    const [score] = metricDataOf(report, { monitor: 'm', featureMetrics: ['amount'], timestamp: at }).filter(
      (d) => d.MetricName === 'DriftScore',
    );
    expect(Number.isFinite(score.Value)).toBe(true);
    expect(score.Value).toBe(CLOUDWATCH_MAX_VALUE);
  });

  it('puts only CheckFailed and the snapshot age for an error report', () => {
    const report = driftReport([], { status: 'error', error: 'bad file' });
    const data = metricDataOf(report, {
      monitor: 'm',
      featureMetrics: [],
      timestamp: at,
      snapshotAgeHours: 2,
    });
    expect(data.map((d) => [d.MetricName, d.Value])).toEqual([
      ['CheckFailed', 1],
      ['SnapshotAgeHours', 2],
    ]);
  });
});

describe('cloudWatchValue', () => {
  it('drops NaN, clamps infinities and huge values, and zeroes values too small for CloudWatch', () => {
    expect(cloudWatchValue(Number.NaN)).toBeNull();
    expect(cloudWatchValue(Number.POSITIVE_INFINITY)).toBe(CLOUDWATCH_MAX_VALUE);
    expect(cloudWatchValue(Number.NEGATIVE_INFINITY)).toBe(-CLOUDWATCH_MAX_VALUE);
    expect(cloudWatchValue(1e300)).toBe(CLOUDWATCH_MAX_VALUE);
    expect(cloudWatchValue(1e-200)).toBe(0);
    expect(cloudWatchValue(-0.25)).toBe(-0.25);
  });
});

describe('metricBatches', () => {
  it('splits 2,501 metrics into calls of at most 1,000', () => {
    const data = Array.from({ length: 2501 }, (_, i) => ({ MetricName: 'DriftScore', Value: i }));
    const batches = metricBatches(data);
    expect(batches.map((b) => b.length)).toEqual([MAX_METRICS_PER_CALL, MAX_METRICS_PER_CALL, 501]);
    expect(batches.flat()).toEqual(data);
  });
});
