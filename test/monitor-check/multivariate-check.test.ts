import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { LocalStore } from '../../lambdas/io/local-store.ts';
import { runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import { emailText } from '../../lambdas/render/email-text.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { slackBlocks } from '../../lambdas/render/slack-blocks.ts';
import { weatherCsvOf, weatherSplit, withShuffledTempMin } from '../support/weather-tables.ts';

/**
 * The scheduled check with multivariate drift, on real weather data (test/support/weather-tables.ts):
 * a fixed baseline, a snapshot whose temp_min was dealt out again (every column's values as in a
 * random split), through the same code the Lambda runs over a local store.
 */
let root: string;
let store: LocalStore;
let alerts: AlertContent[];
let metrics: MetricDatum[][];
const clock = Date.parse('2026-12-06T12:00:00Z');

const MONITOR = {
  name: 'weather',
  baseline: { mode: 'fixed' },
  // 1,461 rows a side, under the row floor: turned on.
  drift: { multivariate: { enabled: true } },
};

function check() {
  const config = parseConfig({ monitors: [MONITOR] }, 'test');
  return runMonitorCheck({
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics: { put: async (_ns, data) => void metrics.push([...data]) },
    alerts: { publish: async (alert) => void alerts.push(alert) },
    now: () => new Date(clock),
    renderHtml: (report: DriftReport) => renderHtmlReport(report),
  });
}

async function put(key: string, rows: string[]): Promise<void> {
  await store.putText(`monitors/weather/${key}`, weatherCsvOf(rows), 'text/csv');
  await utimes(join(root, 'monitors', 'weather', key), new Date(clock), new Date(clock));
}

async function reportOf(snapshotId: string): Promise<DriftReport> {
  return JSON.parse((await store.getText(`monitors/weather/reports/${snapshotId}/report.json`))!.text);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'multivariate-check-'));
  store = new LocalStore(root);
  alerts = [];
  metrics = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the scheduled check with multivariate drift', () => {
  it('alerts on a broken pairing no feature shows, with its own line, metric and report section', async () => {
    const { baseline, current } = weatherSplit(1);
    await put('baseline/weather.csv', baseline);
    await put('snapshots/2026-12-06.csv', withShuffledTempMin(current, 2));
    expect(await check()).toMatchObject({ status: 'drift', alert: 'drift' });
    const report = await reportOf('2026-12-06');
    expect(report.dataset.driftedCount).toBe(0);
    expect(report.multivariate).toMatchObject({ method: 'pca_reconstruction', drifted: true });
    const metricValues = Object.fromEntries(metrics[0].map((d) => [d.MetricName, d.Value]));
    expect(metricValues).toMatchObject({ MultivariateDrift: 1, DatasetDrift: 1 });
    expect(alerts).toHaveLength(1);
    expect(emailText(alerts[0])).toMatch(/Features moved together differently: PCA reconstruction error/);
    expect(JSON.stringify(slackBlocks(alerts[0]))).toMatch(/Features moved together differently/);
    const html = (await store.getText('monitors/weather/reports/2026-12-06/report.html'))!.text;
    expect(html).toMatch(/<section id="multivariate"><h2>Multivariate drift<\/h2>/);
  });

  it('stays quiet on a random split, and fits from the cached row sample the next time', async () => {
    const { baseline, current } = weatherSplit(3);
    await put('baseline/weather.csv', baseline);
    await put('snapshots/2026-12-06.csv', current);
    expect(await check()).toMatchObject({ status: 'ok', alert: null, baselineBuilt: 1 });
    const first = await reportOf('2026-12-06');
    expect(first.multivariate).toMatchObject({ drifted: false });
    expect(Object.fromEntries(metrics[0].map((d) => [d.MetricName, d.Value]))).toMatchObject({
      MultivariateDrift: 0,
    });
    await put('snapshots/2026-12-07.csv', current);
    expect(await check()).toMatchObject({ status: 'ok', baselineBuilt: 0 });
    const second = await reportOf('2026-12-07');
    expect(second.multivariate?.threshold).toEqual(first.multivariate?.threshold);
    expect(second.multivariate?.statistic).toBe(first.multivariate?.statistic);
  });
});
