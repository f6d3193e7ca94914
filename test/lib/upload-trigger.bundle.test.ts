import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { type BundledApp, invokeBundle, synthBundledApp } from '../support/bundled-app.ts';
import { matchesPattern } from '../support/event-pattern.ts';
import { objectCreated } from '../support/s3-object-created.ts';
import { featuresCsv } from '../support/sample-tables.ts';

/**
 * Uploads end to end, as far as they run without AWS: S3 "Object Created" events shaped as the
 * Amazon S3 User Guide's example ("EventBridge event message structure"), filtered by the
 * synthesized rule's event pattern, rendered through its input template (the predefined
 * `<aws.events.event.json>` replaced by the event, as EventBridge's input transformer does), and
 * handed to the check Lambda's bundle from the cloud assembly, over the S3/SNS/CloudWatch emulators.
 */
const CONFIG = {
  slackWebhookSecretName: 'driftwatch/slack-webhook',
  monitors: [{ name: 'fraud', trigger: 'upload' }],
};

describe('the bundled check Lambda, started by uploads', () => {
  let app: BundledApp;
  let aws: AwsEmulators;
  let s3: S3Client;
  let environment: Record<string, string>;
  let pattern: unknown;
  let inputTemplate: string;
  let sequence = 0;

  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));

  /** What EventBridge would do with the upload of `key`: the rule's input, or null when the rule does not match. */
  function ruleInput(key: string): unknown {
    const event = objectCreated(aws.bucket, key, {
      sequence: ++sequence,
      time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      region: 'us-east-1',
    });
    if (!matchesPattern(pattern, event)) return null;
    return JSON.parse(inputTemplate.replace('<aws.events.event.json>', JSON.stringify(event)));
  }

  async function upload(key: string): Promise<unknown> {
    const input = ruleInput(key);
    if (input === null) return null;
    const outcome = await invokeBundle(app.check.bundle, input, environment);
    expect(outcome.ok, `${outcome.logs}\n${String(outcome.result)}`).toBe(true);
    return outcome.result;
  }

  async function reportIds(): Promise<string[]> {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: 'monitors/fraud/reports/' }),
    );
    return (listed.Contents ?? []).map((object) => object.Key!).filter((key) => key.endsWith('report.json'));
  }

  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'driftwatch-upload-')), 'config.json');
    writeFileSync(path, JSON.stringify(CONFIG));
    app = synthBundledApp(path);
    const rule = Object.values(app.template.Resources).find(
      (resource) => resource.Type === 'AWS::Events::Rule',
    );
    aws = await startAwsEmulators({ bucket: 'dw-data', topic: 'dw-alerts' });
    s3 = new S3Client(aws.clientConfig);
    // The stack bucket's name in the pattern is a Ref; the emulator's bucket stands in for it.
    pattern = JSON.parse(
      JSON.stringify(rule!.Properties.EventPattern).replace(
        /\{"Ref":"SnapshotsBucket[^"]*"\}/,
        JSON.stringify(aws.bucket),
      ),
    );
    inputTemplate = (rule!.Properties.Targets as { InputTransformer: { InputTemplate: string } }[])[0]
      .InputTransformer.InputTemplate;
    environment = {
      DRIFTWATCH_BUCKET: aws.bucket,
      DRIFTWATCH_TOPIC_ARN: aws.topicArn,
      DRIFTWATCH_NAMESPACE: 'DriftWatch',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_S3: aws.endpoint,
      AWS_ENDPOINT_URL_SNS: aws.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: aws.cloudWatch.endpoint,
    };
    await put('monitors/fraud/baseline/features.csv', featuresCsv(1500, 1, false));
  }, 180_000);

  afterAll(async () => {
    s3?.destroy();
    await aws?.stop();
  });

  it('checks a single-file snapshot when its upload event arrives', { timeout: 60_000 }, async () => {
    const key = 'monitors/fraud/snapshots/2026-12-06T09.csv';
    await put(key, featuresCsv(1500, 2, true));
    const summary = await upload(key);
    expect(summary).toMatchObject({
      monitor: 'fraud',
      snapshotId: '2026-12-06T09',
      uploadedSnapshotId: '2026-12-06T09',
      status: 'drift',
      alert: 'drift',
    });
    const report = await s3.send(
      new GetObjectCommand({ Bucket: aws.bucket, Key: 'monitors/fraud/reports/2026-12-06T09/report.json' }),
    );
    expect(JSON.parse(await report.Body!.transformToString())).toMatchObject({ status: 'drift' });
    expect(aws.takeAlerts().map((alert) => alert.attributes)).toEqual([
      { monitor: 'fraud', status: 'drift', reason: 'drift' },
    ]);
  });

  it('a burst of part-file events and a repeated _SUCCESS event give one check: one report and one alert', {
    timeout: 180_000,
  }, async () => {
    const folder = 'monitors/fraud/snapshots/2026-12-06T10/';
    const parts = Array.from({ length: 8 }, (_, i) => `${folder}part-${String(i).padStart(5, '0')}.csv`);
    const outcomes: unknown[] = [];
    for (const [i, key] of parts.entries()) {
      await put(key, featuresCsv(300, 10 + i, false));
      outcomes.push(await upload(key));
    }
    // The rule delivers the part files (a pattern cannot exclude them); the function drops them.
    expect(outcomes).toEqual(
      parts.map(() => expect.objectContaining({ monitor: 'fraud', ignored: expect.any(String) })),
    );
    expect(await reportIds()).toEqual(['monitors/fraud/reports/2026-12-06T09/report.json']);

    await put(`${folder}_SUCCESS`, '');
    const checked = await upload(`${folder}_SUCCESS`);
    // EventBridge delivers at least once: the same event again finds the snapshot reported.
    const again = await upload(`${folder}_SUCCESS`);
    expect(checked).toMatchObject({ snapshotId: '2026-12-06T10', status: 'ok', alert: 'recovered' });
    expect(again).toMatchObject({ snapshotId: '2026-12-06T10', alreadyReported: true, alert: null });
    expect(await reportIds()).toEqual([
      'monitors/fraud/reports/2026-12-06T09/report.json',
      'monitors/fraud/reports/2026-12-06T10/report.json',
    ]);
    expect(aws.takeAlerts().map((alert) => alert.attributes)).toEqual([
      { monitor: 'fraud', status: 'ok', reason: 'recovered' },
    ]);
  });

  it("is not sent the check's own writes: reports, cache and state match no rule", () => {
    for (const key of [
      'monitors/fraud/reports/2026-12-06T10/report.json',
      'monitors/fraud/cache/profile-0.bin',
      'monitors/fraud/state.json',
      'monitors/fraud/baseline/features.csv',
      'monitors/other/snapshots/2026-12-06T10.csv',
    ]) {
      expect(ruleInput(key), key).toBeNull();
    }
  });
});
