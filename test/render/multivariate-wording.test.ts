import { describe, expect, it } from 'vitest';
import type { MultivariateDrift } from '../../lambdas/core/report.ts';
import { metricDataOf } from '../../lambdas/render/cloudwatch-metrics.ts';
import { multivariateSection } from '../../lambdas/render/multivariate-section.ts';
import { multivariateLine } from '../../lambdas/render/multivariate-wording.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';

const computed: MultivariateDrift = {
  method: 'pca_reconstruction',
  statistic: 1.39,
  threshold: { lower: 0.901, upper: 1.01 },
  drifted: true,
  components: 3,
  explainedVariance: 0.77,
  columns: ['temp_max', '<img src=x onerror=alert(1)>'],
  chunks: { count: 100, size: 1461, mean: 0.955, std: 0.018 },
  rows: { reference: 1461, current: 1461, referenceTable: 1461, currentTable: 1461 },
};
const off: MultivariateDrift = {
  method: 'pca_reconstruction',
  statistic: null,
  threshold: null,
  drifted: false,
  components: 0,
  explainedVariance: 0,
  columns: ['a', 'b'],
  error: 'off: the baseline has 1461 rows, under the 5000-row floor',
};
const reportWith = (multivariate?: MultivariateDrift) =>
  driftReport([featureResult({ drifted: false })], multivariate ? { multivariate } : {});

describe('multivariate drift in words', () => {
  it('says a broken pairing in one line, with the band it left', () => {
    expect(multivariateLine(reportWith(computed))).toBe(
      'Features moved together differently: PCA reconstruction error 1.39 outside [0.901, 1.01] (3 components of 2 columns)',
    );
    expect(multivariateLine(reportWith({ ...computed, drifted: false, statistic: 0.95 }))).toMatch(
      /^Features moved together as before: PCA reconstruction error 0\.95 within/,
    );
  });

  it('says why it was not computed, but keeps that out of alerts', () => {
    expect(multivariateLine(reportWith(off))).toBe(
      'Multivariate drift off: the baseline has 1461 rows, under the 5000-row floor',
    );
    expect(multivariateLine(reportWith(off), true)).toBeNull();
    expect(multivariateLine(reportWith())).toBeNull();
  });

  it('escapes column names on the report page', () => {
    const html = multivariateSection(reportWith(computed));
    expect(html).toContain('<code>&lt;img src=x onerror=alert(1)&gt;</code>');
    expect(html).not.toContain('<img');
    expect(html).toContain('100 baseline chunks of 1,461 rows');
    expect(multivariateSection(reportWith())).toBe('');
  });

  it('puts MultivariateDrift only when it was computed', () => {
    const names = (multivariate?: MultivariateDrift) =>
      Object.fromEntries(
        metricDataOf(reportWith(multivariate), {
          monitor: 'm',
          featureMetrics: [],
          timestamp: new Date(0),
        }).map((d) => [d.MetricName, d.Value]),
      );
    expect(names(computed).MultivariateDrift).toBe(1);
    expect(names({ ...computed, drifted: false }).MultivariateDrift).toBe(0);
    expect(names(off).MultivariateDrift).toBeUndefined();
    expect(names().MultivariateDrift).toBeUndefined();
  });
});
