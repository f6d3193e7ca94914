import { gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import type { CheckSummary } from '../../lambdas/monitor-check/run-monitor-check.ts';
import { type AwsEmulators, startAwsEmulators, useEnvironment } from '../support/aws-emulators.ts';
import {
  accuracyOf,
  type ClassifierRow,
  classifierCsv,
  classifierMonitorConfig,
  classifierRows,
} from '../support/classifier-rows.ts';
import { metricDataPut } from '../support/fake-cloudwatch.ts';

// Delayed labels in the scheduled check (the check Lambda's handler) over fauxqs (S3, SNS) and the
// fake CloudWatch on 127.0.0.1: two snapshots of predictions without labels, then two label
// batches; the degraded snapshot is judged once its labels reach the coverage rule, alerts
// model_degraded exactly once, and runs after that change nothing.

const MONITOR = 'fraud';
const config = classifierMonitorConfig(MONITOR, 'DriftWatchLabels');

let aws: AwsEmulators;
let s3: S3Client;
let handler: typeof import('../../lambdas/check/handler.ts').handler;

const baselineRows = classifierRows(4000, 0.9, 21);
const goodRows = classifierRows(2000, 0.9, 22, 10_000);
const badRows = classifierRows(2000, 0.6, 23, 20_000);

async function put(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
}

async function report(snapshot: string): Promise<DriftReport> {
  const key = `monitors/${MONITOR}/reports/${snapshot}/report.json`;
  const response = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
  return JSON.parse(await response.Body!.transformToString()) as DriftReport;
}

function labelsCsv(rows: readonly ClassifierRow[], extra: readonly string[] = []): string {
  return `${['id,label', ...rows.map((r) => `${r.id},${r.label}`), ...extra].join('\n')}\n`;
}

function modelMetricsPut(since: number) {
  return metricDataPut(aws.cloudWatch, 'ModelMetric', since);
}

async function run(): Promise<CheckSummary> {
  return (await handler({ monitor: MONITOR })) as CheckSummary;
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  aws = await startAwsEmulators({ bucket: 'dw-labels', topic: 'dw-labels-alerts' });
  useEnvironment(aws, config);
  s3 = new S3Client(aws.clientConfig);
  ({ handler } = await import('../../lambdas/check/handler.ts'));
  await put(`monitors/${MONITOR}/baseline/train.csv`, classifierCsv(baselineRows));
  // Predictions only: the labels come later.
  await put(`monitors/${MONITOR}/snapshots/2026-12-01.csv`, classifierCsv(goodRows, false));
  expect(await run()).toMatchObject({ snapshotId: '2026-12-01', status: 'ok' });
  await put(`monitors/${MONITOR}/snapshots/2026-12-02.csv`, classifierCsv(badRows, false));
  const second = await run();
  expect(second).toMatchObject({ snapshotId: '2026-12-02', status: 'ok' });
  expect(second.labels).toBeUndefined();
  expect(aws.takeAlerts()).toEqual([]);
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

describe('delayed labels in the scheduled check', () => {
  it('judges a snapshot whose labels reach the coverage rule, and counts unmatched and duplicate labels', async () => {
    // Every label of the good snapshot, half of the degraded one's, two unknown ids, one repeat.
    const half = badRows.slice(0, 1000);
    await put(
      `monitors/${MONITOR}/labels/batch-001.csv`,
      labelsCsv([...goodRows, ...half], ['nobody-1,1', 'nobody-2,0', `${goodRows[0].id},1`]),
    );
    const before = aws.cloudWatch.calls.length;
    const summary = await run();
    expect(summary.alreadyReported).toBe(true);
    expect(summary.labels).toMatchObject({
      batches: 1,
      newBatches: 1,
      evaluated: ['2026-12-01'],
      alerts: [],
      join: { labelRows: 3003, matched: 3000, unmatched: 2, duplicate: 1, missingId: 0 },
    });
    const performance = (await report('2026-12-01')).performance!;
    expect(performance).toMatchObject({ labels: 'delayed', degraded: false });
    expect(performance.coverage).toMatchObject({
      predictions: 2000,
      labelled: 2000,
      share: 1,
      matched: 2000,
    });
    expect(performance.metrics[0].current).toBeCloseTo(accuracyOf(goodRows), 12);
    expect(performance.metrics[0].reference).toBeCloseTo(accuracyOf(baselineRows), 12);
    // The half-labelled snapshot is not judged yet: its report keeps the check's own section.
    expect((await report('2026-12-02')).performance?.labels).toBe('inline');
    expect(modelMetricsPut(before).map((d) => d.Dimensions?.[1]?.Value)).toEqual(['accuracy', 'recall']);
    expect(aws.takeAlerts()).toEqual([]);
  });

  it('alerts model_degraded once when the second batch (gzip JSON Lines) completes the degraded snapshot', async () => {
    const lines = badRows.slice(1000).map((r) => JSON.stringify({ id: r.id, label: r.label }));
    await s3.send(
      new PutObjectCommand({
        Bucket: aws.bucket,
        Key: `monitors/${MONITOR}/labels/batch-002.jsonl.gz`,
        Body: gzipSync(`${lines.join('\n')}\n`),
      }),
    );
    const before = aws.cloudWatch.calls.length;
    const summary = await run();
    expect(summary.labels).toMatchObject({
      batches: 2,
      newBatches: 1,
      evaluated: ['2026-12-01', '2026-12-02'],
      alerts: ['2026-12-02'],
    });
    const performance = (await report('2026-12-02')).performance!;
    expect(performance).toMatchObject({ labels: 'delayed', degraded: true });
    expect(performance.coverage).toMatchObject({ predictions: 2000, labelled: 2000, share: 1 });
    expect(performance.metrics[0]).toMatchObject({ name: 'accuracy', degraded: true });
    expect(performance.metrics[0].current).toBeCloseTo(accuracyOf(badRows), 12);
    const alerts = aws.takeAlerts();
    expect(alerts.map((alert) => alert.alert.reason)).toEqual(['model_degraded']);
    expect(alerts.map((alert) => alert.attributes.reason)).toEqual(['model_degraded']);
    expect(alerts[0].subject).toContain('Model degraded: Accuracy fell');
    const put_ = modelMetricsPut(before);
    expect(put_.find((d) => d.Dimensions?.[1]?.Value === 'accuracy' && d.Value! < 0.7)?.Value).toBeCloseTo(
      accuracyOf(badRows),
      12,
    );
  });

  it('changes nothing when run again: no alert, no metric, the batches already joined', async () => {
    const before = aws.cloudWatch.calls.length;
    const summary = await run();
    expect(summary.labels).toMatchObject({ batches: 2, newBatches: 0, evaluated: [], alerts: [] });
    expect(aws.takeAlerts()).toEqual([]);
    expect(modelMetricsPut(before)).toEqual([]);
  });

  it('records a label batch without the id column, names it, and keeps the others joined', async () => {
    await put(`monitors/${MONITOR}/labels/batch-003.csv`, 'order,label\norder-1,1\n');
    const summary = await run();
    expect(summary.labels?.rejected).toEqual([
      {
        key: `monitors/${MONITOR}/labels/batch-003.csv`,
        error: `s3://${aws.bucket}/monitors/${MONITOR}/labels/batch-003.csv: no id column "id" (drift.columns.id)`,
      },
    ]);
    expect(summary.labels?.alerts).toEqual([]);
    expect(aws.takeAlerts()).toEqual([]);
    expect((await run()).labels).toMatchObject({ newBatches: 0, alerts: [] });
  });
});
