import type { DriftReport, FeatureResult } from '../../lambdas/core/report.ts';

/** A feature result with plausible fields; override what a test is about. */
export function featureResult(overrides: Partial<FeatureResult> = {}): FeatureResult {
  return {
    name: 'amount',
    kind: 'numeric',
    method: 'wasserstein',
    statistic: 0.25,
    pValue: null,
    threshold: 0.1,
    decision: 'distance',
    drifted: true,
    nReference: 3000,
    nCurrent: 2000,
    exact: true,
    nullShareReference: 0,
    nullShareCurrent: 0,
    topChanges: [{ label: '10–20', reference: 0.1, current: 0.3, unseen: false }],
    ...overrides,
  };
}

/** A drift report with the given features; dataset fields follow from them. */
export function driftReport(features: FeatureResult[], overrides: Partial<DriftReport> = {}): DriftReport {
  const drifted = features.filter((f) => f.drifted).length;
  return {
    schemaVersion: 1,
    status: drifted * 2 >= features.length && drifted > 0 ? 'drift' : 'ok',
    context: {
      monitor: 'fraud',
      snapshotId: '2026-11-28T10',
      baselineId: 'baseline',
      checkedAt: '2026-11-28T10:05:00.000Z',
    },
    compat: 'driftwatch',
    baseline: { sources: ['s3://b/monitors/fraud/baseline/a.csv'], rowCount: 3000 },
    current: { sources: ['s3://b/monitors/fraud/snapshots/2026-11-28T10.csv'], rowCount: 2000 },
    dataset: {
      drifted: drifted * 2 >= features.length && drifted > 0,
      driftedShare: features.length ? drifted / features.length : 0,
      driftedCount: drifted,
      featureCount: features.length,
      driftShareThreshold: 0.5,
    },
    features,
    quality: [],
    skipped: [],
    ...overrides,
  };
}
