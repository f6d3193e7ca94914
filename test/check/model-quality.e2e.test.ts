import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { type AwsEmulators, startAwsEmulators, useEnvironment } from '../support/aws-emulators.ts';
import {
  accuracyOf,
  classifierCsv,
  classifierMonitorConfig,
  classifierRows,
} from '../support/classifier-rows.ts';
import { metricDataPut } from '../support/fake-cloudwatch.ts';

// Model monitoring in the scheduled check (the check Lambda's handler) over fauxqs (S3, SNS) and
// the fake CloudWatch on 127.0.0.1: the baseline measured once and cached, each snapshot with
// inline labels measured, ModelMetric put, and one model_degraded alert for a degraded snapshot.

const MONITOR = 'churn';
const config = classifierMonitorConfig(MONITOR, 'DriftWatchModel');

let aws: AwsEmulators;
let s3: S3Client;
let handler: typeof import('../../lambdas/check/handler.ts').handler;

const baselineRows = classifierRows(4000, 0.9, 11);
const goodRows = classifierRows(2000, 0.9, 12, 10_000);
const badRows = classifierRows(2000, 0.65, 13, 20_000);

async function put(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
}

async function report(snapshot: string): Promise<DriftReport> {
  const key = `monitors/${MONITOR}/reports/${snapshot}/report.json`;
  const response = await s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
  return JSON.parse(await response.Body!.transformToString()) as DriftReport;
}

async function cacheKeys(): Promise<string[]> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: `monitors/${MONITOR}/cache/` }),
  );
  return (listed.Contents ?? []).map((object) => object.Key!);
}

function modelMetricsPut(since: number) {
  return metricDataPut(aws.cloudWatch, 'ModelMetric', since);
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  aws = await startAwsEmulators({ bucket: 'dw-model', topic: 'dw-model-alerts' });
  useEnvironment(aws, config);
  s3 = new S3Client(aws.clientConfig);
  ({ handler } = await import('../../lambdas/check/handler.ts'));
  await put(`monitors/${MONITOR}/baseline/train.csv`, classifierCsv(baselineRows));
});

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

describe('model quality in the scheduled check', () => {
  it('measures a snapshot with inline labels against the baseline and puts ModelMetric, without alerting', async () => {
    await put(`monitors/${MONITOR}/snapshots/2026-12-01.csv`, classifierCsv(goodRows));
    const before = aws.cloudWatch.calls.length;
    const summary = await handler({ monitor: MONITOR });
    expect(summary).toMatchObject({ snapshotId: '2026-12-01', alert: null, modelDegraded: false });
    const performance = (await report('2026-12-01')).performance!;
    expect(performance).toMatchObject({ task: 'classification', labels: 'inline', degraded: false });
    expect(performance.metrics[0].reference).toBeCloseTo(accuracyOf(baselineRows), 12);
    expect(performance.metrics[0].current).toBeCloseTo(accuracyOf(goodRows), 12);
    expect(modelMetricsPut(before)).toEqual([
      expect.objectContaining({
        Dimensions: [
          { Name: 'Monitor', Value: MONITOR },
          { Name: 'Metric', Value: 'accuracy' },
        ],
        Value: performance.metrics[0].current,
      }),
      expect.objectContaining({
        Dimensions: [
          { Name: 'Monitor', Value: MONITOR },
          { Name: 'Metric', Value: 'recall' },
        ],
      }),
    ]);
    expect(aws.takeAlerts()).toEqual([]);
    expect((await cacheKeys()).filter((key) => key.includes('/cache/performance-'))).toHaveLength(1);
  });

  it('alerts model_degraded once for a degraded snapshot, from the cached baseline measurement', async () => {
    await put(`monitors/${MONITOR}/snapshots/2026-12-02.csv`, classifierCsv(badRows));
    const summary = await handler({ monitor: MONITOR });
    // Profile and measurement both served from the cache: the baseline was not read again.
    expect(summary).toMatchObject({ modelAlert: 'model_degraded', modelDegraded: true, baselineBuilt: 0 });
    const performance = (await report('2026-12-02')).performance!;
    expect(performance.degraded).toBe(true);
    expect(performance.metrics[0]).toMatchObject({ name: 'accuracy', degraded: true });
    const alerts = aws.takeAlerts();
    expect(alerts.map((alert) => alert.alert.reason)).toEqual(['model_degraded']);
    expect(alerts.map((alert) => alert.attributes.reason)).toEqual(['model_degraded']);
    const before = Number(accuracyOf(baselineRows).toPrecision(3));
    const after = Number(accuracyOf(badRows).toPrecision(3));
    expect(alerts[0].subject).toBe(
      `[driftwatch] ${MONITOR}: Model degraded: Accuracy fell from ${before} to ${after} (+1 more)`,
    );
    expect(alerts[0].message.email).toContain(
      `Model quality degraded: Accuracy fell from ${before} to ${after}`,
    );
  });

  it('does not alert again when the degraded snapshot is checked again', async () => {
    const summary = await handler({ monitor: MONITOR });
    expect(summary).toMatchObject({ alreadyReported: true, alert: null });
    expect(summary).not.toHaveProperty('modelAlert');
    expect(aws.takeAlerts()).toEqual([]);
  });
});
