import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYED_CONFIG } from '../../lambdas/check/environment.ts';
import { loadConfig } from '../../lib/load-config.ts';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { type BundledApp, invokeBundle, synthBundledApp } from '../support/bundled-app.ts';
import { type ApiCall, allowingStatement, type PolicyStatement } from '../support/iam-evaluator.ts';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.ts';
import { featuresCsv } from '../support/sample-tables.ts';
import { EXAMPLE_CONFIG } from './synth.ts';

const REGION = 'us-east-1';

/**
 * The check Lambda as deployed: the bundle esbuild wrote into the cloud assembly, run in a
 * fresh process with the environment the template gives it (resource names resolved to the
 * emulators'), invoked with the Scheduler's event. A recording proxy in front of the
 * emulator sees every S3 and SNS call, so the IAM policy the template grants can be checked
 * against what the code really does.
 */
describe('the bundled check Lambda from the cloud assembly', () => {
  let app: BundledApp;
  let aws: AwsEmulators;
  let proxy: RecordingProxy;
  let s3: S3Client;
  let environment: Record<string, string>;

  beforeAll(async () => {
    app = synthBundledApp(EXAMPLE_CONFIG);
    aws = await startAwsEmulators({ bucket: 'dw-data', topic: 'dw-alerts' });
    proxy = await startRecordingProxy(aws.endpoint);
    s3 = new S3Client(aws.clientConfig);
    const put = (key: string, body: string) =>
      s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
    await put('monitors/fraud-model/baseline/features.csv', featuresCsv(1500, 1, false));
    await put(
      `monitors/fraud-model/snapshots/${new Date().toISOString().slice(0, 13)}.csv`,
      featuresCsv(1500, 2, true),
    );
    environment = {
      ...resolveEnvironment(app, aws),
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_S3: proxy.endpoint,
      AWS_ENDPOINT_URL_SNS: proxy.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: aws.cloudWatch.endpoint,
    };
  }, 120_000);

  afterAll(async () => {
    s3?.destroy();
    await proxy?.stop();
    await aws?.stop();
  });

  it('checks the newest snapshot: report in S3, metrics recorded, one alert delivered', {
    timeout: 60_000,
  }, async () => {
    const first = await invokeBundle(app.check.bundle, { monitor: 'fraud-model' }, environment);
    expect(first.ok, `${first.logs}\n${String(first.result)}`).toBe(true);
    expect(first.result).toMatchObject({ status: 'drift', alert: 'drift' });
    const alerts = aws.takeAlerts();
    expect(alerts.map((a) => a.attributes)).toEqual([
      { monitor: 'fraud-model', status: 'drift', reason: 'drift' },
    ]);
    expect(alerts[0].subject).toMatch(/fraud-model/);
    // The check's metrics, then the run's heartbeat.
    expect(aws.cloudWatch.calls.map((c) => c.namespace)).toEqual(['DriftWatch', 'DriftWatch']);
    expect(aws.cloudWatch.calls[1].metricData.map((d) => d.MetricName)).toEqual(['CheckRan']);
    const names = aws.cloudWatch.calls[0].metricData.map((d) => d.MetricName);
    expect(names).toEqual(expect.arrayContaining(['DatasetDrift', 'DriftedFeatureShare', 'RowCount']));
    const snapshotId = (first.result as { snapshotId: string }).snapshotId;
    const report = await s3.send(
      new GetObjectCommand({
        Bucket: aws.bucket,
        Key: `monitors/fraud-model/reports/${snapshotId}/report.json`,
      }),
    );
    expect(JSON.parse(await report.Body!.transformToString())).toMatchObject({
      status: 'drift',
      schemaVersion: 1,
    });

    const again = await invokeBundle(app.check.bundle, { monitor: 'fraud-model' }, environment);
    expect(again.result).toMatchObject({ alreadyReported: true, alert: null });
    expect(aws.takeAlerts()).toEqual([]);
  });

  it('reads its config from the file bundled beside its code, not from the environment', () => {
    const bundled = readFileSync(join(dirname(app.check.bundle), DEPLOYED_CONFIG.fileName), 'utf8');
    expect(JSON.parse(bundled)).toEqual(loadConfig(EXAMPLE_CONFIG));
    expect(Object.keys(app.check.environment).filter((name) => name.includes('CONFIG'))).toEqual([]);
  });

  it('calls no AWS API that the template does not allow its role', () => {
    const statements = checkRoleStatements(app, aws);
    const calls = [...s3AndSnsCalls(proxy, aws), ...aws.cloudWatch.calls.map((c) => metricCall(c.namespace))];
    expect(calls.length).toBeGreaterThan(5);
    const denied = calls.filter((call) => allowingStatement(statements, call) === undefined);
    expect(denied).toEqual([]);
    // The policy is no wider than needed: writing elsewhere in the bucket is not allowed.
    expect(
      allowingStatement(statements, {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::dw-data/monitors/fraud-model/baseline/x.csv',
      }),
    ).toBeUndefined();
    expect(allowingStatement(statements, metricCall('SomeoneElse'))).toBeUndefined();
  });
});

function metricCall(namespace: string): ApiCall {
  return {
    action: 'cloudwatch:PutMetricData',
    resource: '*',
    context: { 'cloudwatch:namespace': namespace },
  };
}

/** Template values with the stack's resources replaced by the emulators' names. */
function resolver(app: BundledApp, aws: AwsEmulators) {
  const resources = app.template.Resources;
  const logicalIdOf = (type: string, prefix: string) =>
    Object.keys(resources).find((id) => resources[id].Type === type && id.startsWith(prefix));
  const bucketId = logicalIdOf('AWS::S3::Bucket', 'SnapshotsBucket');
  const topicId = logicalIdOf('AWS::SNS::Topic', 'AlertsTopic');
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const intrinsic = value as Record<string, unknown>;
    if ('Ref' in intrinsic) {
      const ref = intrinsic.Ref;
      if (ref === bucketId) return aws.bucket;
      if (ref === topicId) return aws.topicArn;
      if (ref === 'AWS::Partition') return 'aws';
      if (ref === 'AWS::Region') return REGION;
      if (ref === 'AWS::AccountId') return '000000000000';
      if (ref === 'AWS::URLSuffix') return 'amazonaws.com';
    }
    if ('Fn::GetAtt' in intrinsic) {
      const [id, attribute] = intrinsic['Fn::GetAtt'] as [string, string];
      if (id === bucketId && attribute === 'Arn') return `arn:aws:s3:::${aws.bucket}`;
    }
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    // Resources the emulators do not have (log group, KMS key) stay unmatched placeholders.
    return `unresolved:${JSON.stringify(value)}`;
  };
  return resolve;
}

function resolveEnvironment(app: BundledApp, aws: AwsEmulators): Record<string, string> {
  const resolve = resolver(app, aws);
  return Object.fromEntries(
    Object.entries(app.check.environment).map(([name, value]) => [name, resolve(value)]),
  );
}

function checkRoleStatements(app: BundledApp, aws: AwsEmulators): PolicyStatement[] {
  const resolve = resolver(app, aws);
  const roleId = Object.keys(app.template.Resources).find((id) => id.startsWith('CheckFunctionRole'));
  return Object.values(app.template.Resources)
    .filter(
      (r) =>
        r.Type === 'AWS::IAM::Policy' &&
        (r.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
    .map((s) => ({
      Effect: String(s.Effect),
      Action: s.Action as string | string[],
      Resource: ([] as unknown[]).concat(s.Resource).map(resolve),
      ...(s.Condition ? { Condition: s.Condition as PolicyStatement['Condition'] } : {}),
    }));
}

/** What each recorded request asks IAM for (S3 path-style REST, SNS query or JSON protocol). */
function s3AndSnsCalls(proxy: RecordingProxy, aws: AwsEmulators): ApiCall[] {
  return proxy.requests
    .map((request) => {
      const url = new URL(request.url, 'http://local');
      const target = String(request.headers['x-amz-target'] ?? '');
      if (url.pathname === '/' && request.method === 'POST') {
        const form = new URLSearchParams(request.body);
        const action = form.get('Action') ?? target.split('.').pop() ?? '';
        const topicArn =
          form.get('TopicArn') ?? (JSON.parse(request.body || '{}') as { TopicArn?: string }).TopicArn;
        return { action: `sns:${action}`, resource: topicArn ?? '?' };
      }
      const [, bucket, ...keyParts] = url.pathname.split('/');
      const key = decodeURIComponent(keyParts.join('/'));
      if (key === '' && request.method === 'GET') {
        return {
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::${bucket}`,
          context: { 's3:prefix': url.searchParams.get('prefix') ?? '' },
        };
      }
      const object = `arn:aws:s3:::${bucket}/${key}`;
      if (request.method === 'GET' || request.method === 'HEAD')
        return { action: 's3:GetObject', resource: object };
      if (request.method === 'PUT' || request.method === 'POST')
        return { action: 's3:PutObject', resource: object };
      if (request.method === 'DELETE') return { action: 's3:DeleteObject', resource: object };
      return { action: `s3:${request.method}`, resource: object };
    })
    .filter((call) => call.resource !== `arn:aws:s3:::${aws.bucket}/`);
}
