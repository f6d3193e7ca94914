import type { AlertReason } from '../../lambdas/core/alert-reasons.ts';
import { measureModel, performanceSection } from '../../lambdas/core/performance/measure-model.ts';
import type { ModelRows } from '../../lambdas/core/performance/model-rows.ts';
import type { ModelSpec } from '../../lambdas/core/performance/model-spec.ts';
import type { DriftReport, FeatureResult, QualityViolation } from '../../lambdas/core/report.ts';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';

/** Reports shaped like the engine's output, written out by hand so renderer tests don't move with it. */

const context = {
  monitor: 'fraud-model',
  snapshotId: '2026-11-28',
  baselineId: 'baseline',
  checkedAt: '2026-11-28T06:00:12Z',
  durationMs: 812,
  driftwatchVersion: '0.1.0',
};

export function numericFeature(
  name: string,
  statistic: number,
  extra: Partial<FeatureResult> = {},
): FeatureResult {
  return {
    name,
    kind: 'numeric',
    method: 'wasserstein',
    statistic,
    pValue: null,
    threshold: 0.1,
    decision: 'distance',
    drifted: statistic >= 0.1,
    nReference: 4902,
    nCurrent: 2945,
    exact: true,
    nullShareReference: 0.0196,
    nullShareCurrent: 0.0183,
    topChanges: [
      { label: '91.82–570.8', reference: 0.1, current: 0.2, unseen: false },
      { label: '2.75–11.94', reference: 0.1, current: 0.045, unseen: false },
      { label: '> 570.8', reference: 0, current: 0.01, unseen: true },
    ],
    reference: { mean: 44.9, std: 40.9, min: 2.75, median: 32.84, max: 570.76 },
    current: { mean: 65.7, std: 61.9, min: 3.82, median: 47.5, max: 717.76 },
    // The sample data's `amount` (examples/data), as the engine bins it: baseline deciles plus outer bins.
    distribution: {
      labels: [
        '< 2.75',
        '2.75–11.94',
        '11.94–17.02',
        '17.02–21.99',
        '21.99–26.89',
        '26.89–32.84',
        '32.84–39.96',
        '39.96–49.41',
        '49.41–63.95',
        '63.95–91.82',
        '91.82–570.8',
        '> 570.8',
      ],
      reference: [0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0],
      current: [0, 0.045, 0.05, 0.075, 0.065, 0.086, 0.093, 0.111, 0.13, 0.145, 0.191, 0.01],
    },
    ...extra,
  };
}

export function categoricalFeature(
  name: string,
  pValue: number,
  extra: Partial<FeatureResult> = {},
): FeatureResult {
  return {
    name,
    kind: 'categorical',
    method: 'chi_square',
    statistic: 41.3,
    pValue,
    threshold: 0.05,
    decision: 'p_value',
    drifted: pValue < 0.05,
    nReference: 5000,
    nCurrent: 3000,
    exact: false,
    nullShareReference: 0,
    nullShareCurrent: 0.002,
    topChanges: [
      { label: 'mobile', reference: 0.12, current: 0.31, unseen: false },
      { label: 'desktop', reference: 0.8, current: 0.6, unseen: false },
      { label: 'watch', reference: 0, current: 0.01, unseen: true },
    ],
    distribution: {
      labels: ['desktop', 'mobile', 'tablet', 'watch'],
      reference: [0.8, 0.12, 0.08, 0],
      current: [0.6, 0.31, 0.08, 0.01],
    },
    ...extra,
  };
}

export function report(
  features: FeatureResult[],
  options: { quality?: QualityViolation[]; status?: DriftReport['status']; error?: string } = {},
): DriftReport {
  const driftedCount = features.filter((f) => f.drifted).length;
  const share = features.length > 0 ? driftedCount / features.length : 0;
  return {
    schemaVersion: 1,
    status: options.status ?? (share >= 0.5 ? 'drift' : driftedCount > 0 ? 'feature_drift' : 'ok'),
    context,
    ...(options.error !== undefined ? { error: options.error } : {}),
    compat: 'driftwatch',
    baseline: { sources: ['s3://bucket/fraud-model/baseline/part-0.parquet'], rowCount: 5000 },
    current: { sources: ['s3://bucket/fraud-model/snapshots/2026-11-28/part-0.parquet'], rowCount: 3000 },
    dataset: {
      drifted: share >= 0.5,
      driftedShare: share,
      driftedCount,
      featureCount: features.length,
      driftShareThreshold: 0.5,
    },
    features,
    quality: options.quality ?? [],
    skipped: [
      { name: 'signup_time', kind: 'datetime', reason: 'datetime columns are not tested unless asked' },
    ],
  };
}

export const driftReport = (): DriftReport =>
  report(
    [
      numericFeature('amount', 0.509),
      numericFeature('customer_age', 0.034, {
        topChanges: [{ label: '35–38', reference: 0.105, current: 0.086, unseen: false }],
      }),
      categoricalFeature('device', 1.2e-9),
      numericFeature('session_seconds', 0.21, { exact: false, nReference: 100000, nCurrent: 100000 }),
      {
        ...numericFeature('score', 0),
        method: null,
        statistic: null,
        threshold: null,
        decision: null,
        drifted: false,
        topChanges: [],
        reference: undefined,
        current: undefined,
        distribution: undefined,
        nullShareCurrent: 1,
        error: 'current has no finite values',
      },
    ],
    {
      quality: [
        {
          check: 'completeness',
          feature: 'score',
          severity: 'error',
          message: 'null share rose from 0% to 100%',
          value: 1,
        },
        { check: 'row_count', feature: null, severity: 'warning', message: 'row count fell 40%', value: 0.6 },
      ],
    },
  );

export const noDriftReport = (): DriftReport =>
  report([numericFeature('amount', 0.02), categoricalFeature('device', 0.4)]);

export const errorReport = (): DriftReport => ({
  ...report([], {
    status: 'error',
    error: 'SnapshotFormatError: part-3.csv line 1042: expected 12 fields, found 11',
  }),
});

/** Names an attacker (or an unlucky CSV header) could put in a report. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '"onload="alert(2)',
  "'><img src=x onerror=alert(3)>",
  '*bold* _it_ ~st~ `code` <!channel> <https://evil.example|click> & more',
];

export const hostileReport = (): DriftReport => {
  const features = HOSTILE.map((name, i) =>
    i % 2 === 0
      ? numericFeature(name, 0.5)
      : categoricalFeature(name, 0.001, {
          topChanges: [
            { label: HOSTILE[(i + 1) % HOSTILE.length], reference: 0, current: 0.3, unseen: true },
          ],
          distribution: {
            labels: [...HOSTILE],
            reference: [0.25, 0.25, 0.5, 0],
            current: [0.1, 0.1, 0.5, 0.3],
          },
        }),
  );
  const base = report(features, {
    quality: [
      {
        check: 'missing_column',
        feature: HOSTILE[0],
        severity: 'error',
        message: `${HOSTILE[1]} is missing`,
      },
    ],
  });
  return {
    ...base,
    context: { ...context, monitor: HOSTILE[1], snapshotId: HOSTILE[0], baselineId: HOSTILE[2] },
    baseline: { sources: [HOSTILE[2]], rowCount: 5000 },
    skipped: [{ name: HOSTILE[3], kind: 'text', reason: 'text is not tested' }],
  };
};

/** A wide table: `n` features, a third drifted. */
export function manyFeaturesReport(n: number): DriftReport {
  const features: FeatureResult[] = [];
  for (let i = 0; i < n; i++) {
    const name = `feature_${String(i).padStart(3, '0')}`;
    features.push(
      i % 2 === 0
        ? numericFeature(name, i % 3 === 0 ? 0.2 + i / 1000 : 0.05 + i / 10000)
        : categoricalFeature(name, i % 3 === 0 ? 1e-6 : 0.3),
    );
  }
  return report(features);
}

export function alertFor(report: DriftReport, reason: AlertReason, monitor = 'fraud-model'): AlertContent {
  return {
    monitor,
    reason,
    status: report.status,
    report,
    links: {
      report: 'https://example.com/reports/2026-11-28/report.html',
      reportConsole:
        'https://s3.console.aws.amazon.com/s3/object/bucket?prefix=reports/2026-11-28/report.html',
      overview: 'https://s3.console.aws.amazon.com/s3/object/bucket?prefix=monitors/fraud/index.html',
      dashboard: 'https://console.aws.amazon.com/cloudwatch/home#dashboards:name=driftwatch',
    },
  };
}

/**
 * Names and values that act instead of showing: a right-to-left override ("gpj.exe" shown as
 * "exe.jpg"), bidi isolates, ANSI escapes that retitle and recolour a terminal, a carriage return
 * that overwrites the line, and invisible format characters.
 */
export const DECEPTIVE = [
  'invoice_\u202Egpj.exe',
  'a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Ch\u202Di',
  'evil\x1b]0;pwned\x07\x1b[31mred',
  'over\rwrite\u009b2J',
  'zero\u200Bwidth\uFEFF\u200Emark\u2028sep',
];

/**
 * What none of the renderers may pass on raw (written out, not imported: the renderers'
 * own rule is what is under test). Tab and line feed are allowed; line breaks are checked per surface.
 */
export const ACTING_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is checked
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u2028\u2029]/;

export const deceptiveReport = (): DriftReport => {
  const features = DECEPTIVE.map((name, i) =>
    i % 2 === 0
      ? numericFeature(name, 0.5)
      : categoricalFeature(name, 0.001, {
          topChanges: [
            { label: DECEPTIVE[(i + 1) % DECEPTIVE.length], reference: 0, current: 0.3, unseen: true },
          ],
          distribution: {
            labels: [...DECEPTIVE].slice(0, 4),
            reference: [0.25, 0.25, 0.5, 0],
            current: [0.1, 0.1, 0.5, 0.3],
          },
        }),
  );
  features.push({ ...numericFeature('broken', 0), drifted: false, error: `cannot read ${DECEPTIVE[2]}` });
  const base = report(features, {
    quality: [
      {
        check: 'missing_column',
        feature: DECEPTIVE[0],
        severity: 'error',
        message: `${DECEPTIVE[1]} is missing`,
      },
    ],
  });
  return {
    ...base,
    context: { ...context, snapshotId: DECEPTIVE[0], baselineId: DECEPTIVE[3] },
    baseline: { sources: [DECEPTIVE[2]], rowCount: 5000 },
    skipped: [{ name: DECEPTIVE[4], kind: 'text', reason: 'text is not tested' }],
  };
};

/**
 * A drift report with a `performance` section: a classifier whose accuracy fell past its
 * allowance, measured from rows by the engine. The positive class is a hostile string, so the
 * undefined precision's reason carries it into the page.
 */
export function modelDegradedReport(positiveClass = 'fraud'): DriftReport {
  const spec: ModelSpec = {
    task: 'classification',
    target: 'label',
    prediction: 'predicted',
    positiveClass,
    metrics: ['accuracy', 'balanced_accuracy', 'precision'],
    degradation: {},
    maxRows: 1000,
  };
  const rows = (labels: string[], predictions: (string | null)[]): ModelRows => {
    const classes = [...new Set([...labels, ...predictions.filter((p): p is string => p !== null)])];
    return {
      task: 'classification',
      rows: labels.length,
      tables: 1,
      classes,
      target: Int32Array.from(labels, (l) => classes.indexOf(l)),
      prediction: Int32Array.from(predictions, (p) => (p === null ? -1 : classes.indexOf(p))),
      score: null,
      ids: null,
      notNumbers: 0,
    };
  };
  const reference = rows(
    ['ok', 'ok', 'ok', positiveClass, 'ok', 'ok', 'ok', 'ok', positiveClass, 'ok'],
    ['ok', 'ok', 'ok', positiveClass, 'ok', 'ok', 'ok', 'ok', positiveClass, 'ok'],
  );
  const current = rows(
    ['ok', 'ok', positiveClass, positiveClass, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    // Never the positive class: its precision is 0/0, and the reason names the class.
    ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', null, 'ok'],
  );
  return {
    ...driftReport(),
    performance: performanceSection({
      spec,
      reference: measureModel(reference, spec, 'the baseline'),
      current: measureModel(current, spec, 'the snapshot'),
      labels: 'inline',
    }),
  };
}
