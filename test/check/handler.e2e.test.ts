import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { type AwsEmulators, startAwsEmulators, useEnvironment } from '../support/aws-emulators.ts';
import { featuresCsv, featuresParquet } from '../support/sample-tables.ts';

// The check Lambda's handler over real protocols on 127.0.0.1: fauxqs for S3 and SNS (alerts
// read back from a subscribed SQS queue), the fake CloudWatch for PutMetricData. The handler
// module creates its clients at load from AWS_ENDPOINT_URL_*, exactly as deployed.

const config = {
  namespace: 'DriftWatchTest',
  monitors: [
    { name: 'fraud', featureMetrics: ['amount'] },
    { name: 'quiet' },
    { name: 'aging', maxSnapshotAge: '2h' },
    { name: 'broken' },
    { name: 'many', baseline: { mode: 'previous' } },
    { name: 'empty' },
    { name: 'corrupt' },
    { name: 'first', baseline: { mode: 'previous' } },
  ],
};

let aws: AwsEmulators;
let s3: S3Client;
let handler: typeof import('../../lambdas/check/handler.ts').handler;

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
}

async function getJson(key: string): Promise<Record<string, unknown>> {
  const response = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
  return JSON.parse(await response.Body!.transformToString());
}

async function getText(key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
  return response.Body!.transformToString();
}

function metricCallsFor(monitor: string) {
  return aws.cloudWatch.calls.filter((call) =>
    call.metricData.some((datum) =>
      datum.Dimensions?.some((d) => d.Name === 'Monitor' && d.Value === monitor),
    ),
  );
}

beforeAll(async () => {
  // The handler logs one JSON line per event; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  aws = await startAwsEmulators();
  useEnvironment(aws, config);
  s3 = new S3Client(aws.clientConfig);
  ({ handler } = await import('../../lambdas/check/handler.ts'));
  await put('monitors/fraud/baseline/features.csv', featuresCsv(3000, 1, false));
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

describe('scheduled check against S3, SNS and CloudWatch emulators', () => {
  it('reports drift on the first snapshot, puts the metrics and publishes one alert', async () => {
    await put('monitors/fraud/snapshots/2026-11-28T10.parquet', featuresParquet(2000, 3, true));
    const summary = await handler({ monitor: 'fraud' });

    expect(summary).toMatchObject({
      status: 'drift',
      snapshotId: '2026-11-28T10',
      alert: 'drift',
      baselineBuilt: 1,
    });
    const report = await getJson('monitors/fraud/reports/2026-11-28T10/report.json');
    expect(report.status).toBe('drift');
    expect(report.context).toMatchObject({
      monitor: 'fraud',
      snapshotId: '2026-11-28T10',
      baselineId: 'baseline',
    });
    expect(await getText('monitors/fraud/reports/2026-11-28T10/report.html')).toMatch(/^<!doctype html>/i);
    const state = await getJson('monitors/fraud/state.json');
    expect(state).toMatchObject({
      lastSnapshotId: '2026-11-28T10',
      lastStatus: 'drift',
      lastAlertReason: 'drift',
    });

    const calls = metricCallsFor('fraud');
    // The check's metrics, then the run's heartbeat.
    expect(calls).toHaveLength(2);
    expect(calls[1].metricData).toEqual([
      expect.objectContaining({ MetricName: 'CheckRan', Value: 1, Unit: 'Count' }),
    ]);
    expect(calls[0].namespace).toBe('DriftWatchTest');
    const byName = new Map(calls[0].metricData.map((datum) => [datum.MetricName, datum]));
    expect(byName.get('DatasetDrift')?.Value).toBe(1);
    expect(byName.get('CheckFailed')?.Value).toBe(0);
    expect(byName.get('RowCount')?.Value).toBe(2000);
    const scores = calls[0].metricData.filter((datum) => datum.MetricName === 'DriftScore');
    expect(scores.map((datum) => datum.Dimensions)).toEqual([
      [
        { Name: 'Monitor', Value: 'fraud' },
        { Name: 'Feature', Value: 'amount' },
      ],
    ]);
    for (const datum of calls[0].metricData) expect(Number.isFinite(datum.Value)).toBe(true);

    const alerts = aws.takeAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subject).toBe('[driftwatch] fraud: Drift detected');
    expect(alerts[0].attributes).toEqual({ monitor: 'fraud', status: 'drift', reason: 'drift' });
    expect(alerts[0].alert).toMatchObject({ monitor: 'fraud', reason: 'drift', status: 'drift' });
    expect(alerts[0].message.email).toContain('fraud');
  });

  it('only beats its heartbeat when the newest snapshot was already reported: no alert, no check metrics', async () => {
    const before = aws.cloudWatch.calls.length;
    const summary = await handler({ monitor: 'fraud' });
    expect(summary).toMatchObject({ alreadyReported: true, alert: null, metricCount: 0 });
    // What the fake endpoint decoded from the SDK's real PutMetricData request.
    const calls = aws.cloudWatch.calls.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0].namespace).toBe('DriftWatchTest');
    expect(calls[0].metricData).toEqual([
      {
        MetricName: 'CheckRan',
        Dimensions: [{ Name: 'Monitor', Value: 'fraud' }],
        Timestamp: expect.any(Number),
        Value: 1,
        Unit: 'Count',
      },
    ]);
    expect(Math.abs(calls[0].metricData[0].Timestamp! - Date.now() / 1000)).toBeLessThan(120);
    expect(aws.takeAlerts()).toEqual([]);
  });

  it('sends a recovery alert for a new snapshot without drift and reuses the cached baseline profile', async () => {
    await put('monitors/fraud/snapshots/2026-11-28T11.parquet', featuresParquet(2000, 4, false));
    const summary = await handler({ monitor: 'fraud' });
    expect(summary).toMatchObject({
      status: 'ok',
      snapshotId: '2026-11-28T11',
      alert: 'recovered',
      baselineBuilt: 0,
    });
    const alerts = aws.takeAlerts();
    expect(alerts.map((a) => [a.alert.reason, a.attributes.status])).toEqual([['recovered', 'ok']]);
    // Two checks with their heartbeats, and the heartbeat of the run that found nothing new.
    expect(metricCallsFor('fraud')).toHaveLength(5);
  });

  it('alerts once that a monitor with no snapshot is stale, and not again on the next run', async () => {
    const first = await handler({ monitor: 'quiet' });
    expect(first).toMatchObject({ status: 'stale', alert: 'stale', snapshotId: null });
    const second = await handler({ monitor: 'quiet' });
    expect(second).toMatchObject({ status: 'stale', alert: null });
    const alerts = aws.takeAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].attributes).toEqual({ monitor: 'quiet', status: 'stale', reason: 'stale' });
    expect(alerts[0].alert.report.error).toMatch(
      /no complete snapshot under s3:\/\/dw-data\/monitors\/quiet\/snapshots\//,
    );
    const report = await getJson('monitors/quiet/reports/stale/report.json');
    expect(report.status).toBe('stale');
  });

  it('calls a snapshot older than maxSnapshotAge stale', async () => {
    await put('monitors/aging/baseline/features.csv', featuresCsv(500, 1, false));
    await put('monitors/aging/snapshots/2026-11-28T10.csv', featuresCsv(500, 2, false));
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3 * 3_600_000 });
    try {
      const summary = await handler({ monitor: 'aging' });
      expect(summary).toMatchObject({ status: 'stale', alert: 'stale', snapshotId: '2026-11-28T10' });
    } finally {
      vi.useRealTimers();
    }
    const [alert] = aws.takeAlerts();
    expect(alert.alert.report.error).toMatch(/2026-11-28T10, is 3\.0 h old; maxSnapshotAge is 2\.0 h/);
    const age = metricCallsFor('aging')[0].metricData.find(
      (datum) => datum.MetricName === 'SnapshotAgeHours',
    );
    expect(age?.Value).toBeCloseTo(3, 1);
  });

  it('writes an error report that says why, and alerts, for a corrupt snapshot', async () => {
    await put('monitors/broken/baseline/features.csv', featuresCsv(500, 1, false));
    const parquet = featuresParquet(500, 2, false);
    parquet.fill(0x41, parquet.length - 40, parquet.length - 8); // clobber the footer, keep the magic
    await put('monitors/broken/snapshots/2026-11-28T10.parquet', parquet);
    const summary = await handler({ monitor: 'broken' });
    expect(summary).toMatchObject({ status: 'error', alert: 'error' });
    const report = await getJson('monitors/broken/reports/2026-11-28T10/report.json');
    expect(report.status).toBe('error');
    expect(report.error).toContain('s3://dw-data/monitors/broken/snapshots/2026-11-28T10.parquet');
    const alerts = aws.takeAlerts();
    expect(alerts.map((a) => a.attributes)).toEqual([
      { monitor: 'broken', status: 'error', reason: 'error' },
    ]);
    const failed = metricCallsFor('broken')[0].metricData.find((datum) => datum.MetricName === 'CheckFailed');
    expect(failed?.Value).toBe(1);
  });

  it('finds the newest of 1,200 snapshots across listing pages', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `run-${String(i).padStart(4, '0')}`);
    const small = featuresCsv(40, 9, false);
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((id) => put(`monitors/many/snapshots/${id}.csv`, small)));
    }
    const summary = await handler({ monitor: 'many' });
    expect(summary).toMatchObject({ snapshotId: 'run-1199', status: 'ok' });
    const report = await getJson('monitors/many/reports/run-1199/report.json');
    expect(report.context).toMatchObject({ baselineId: 'run-1198' });
  });

  it('pages on an empty (header-only) snapshot: quality alert naming the finding, QualityFailed 1', async () => {
    await put('monitors/empty/baseline/features.csv', featuresCsv(500, 1, false));
    await put('monitors/empty/snapshots/2026-11-28T10.csv', `${featuresCsv(1, 1, false).split('\n')[0]}\n`);
    const summary = await handler({ monitor: 'empty' });
    expect(summary).toMatchObject({ status: 'invalid', alert: 'quality', snapshotId: '2026-11-28T10' });
    const alerts = aws.takeAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].subject).toBe('[driftwatch] empty: Data quality failed: current has no rows');
    expect(alerts[0].attributes).toEqual({ monitor: 'empty', status: 'invalid', reason: 'quality' });
    expect(alerts[0].alert).toMatchObject({ reason: 'quality', status: 'invalid' });
    expect(alerts[0].message.email).toContain('[error] current has no rows');
    const byName = new Map(
      metricCallsFor('empty')[0].metricData.map((datum) => [datum.MetricName, datum.Value]),
    );
    expect(byName.get('QualityFailed')).toBe(1);
    expect(byName.get('RowCount')).toBe(0);
    expect((await getJson('monitors/empty/state.json')).lastAlertReason).toBe('quality');
  });

  it('pages on a Parquet snapshot with a corrupt column, naming the unreadable column', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    await put(
      'monitors/corrupt/baseline/data.parquet',
      await readFile(join(fixtures, 'parquet', 'duckdb-zstd.parquet')),
    );
    await put(
      'monitors/corrupt/snapshots/2026-11-28T10.parquet',
      await readFile(join(fixtures, 'bad', 'corrupt-page.parquet')),
    );
    const summary = await handler({ monitor: 'corrupt' });
    expect(summary).toMatchObject({ status: 'invalid', alert: 'quality' });
    const [alert] = aws.takeAlerts();
    expect(alert.subject).toMatch(/^\[driftwatch\] corrupt: Data quality failed: .*"dbl" could not be read/);
    // The support type keeps only status and error; the payload is the whole report.
    expect((alert.alert.report as unknown as DriftReport).quality).toContainEqual(
      expect.objectContaining({ check: 'unreadable', feature: 'dbl', severity: 'error' }),
    );
  });

  it('waits for a baseline on the first snapshot of a previous monitor: no alert, and none on the second', async () => {
    await put('monitors/first/snapshots/001.csv', featuresCsv(500, 1, false));
    expect(await handler({ monitor: 'first' })).toMatchObject({ status: 'waiting', alert: null });
    expect((await getJson('monitors/first/reports/001/report.json')).status).toBe('waiting');
    await put('monitors/first/snapshots/002.csv', featuresCsv(500, 2, false));
    const second = await handler({ monitor: 'first' });
    expect(second).toMatchObject({ snapshotId: '002', alert: null });
    expect(second).not.toMatchObject({ status: 'drift' });
    expect(aws.takeAlerts()).toEqual([]);
  });
});
