import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_EXTENSIONS } from '../../lambdas/io/format.ts';
import { UPLOAD_HEARTBEAT_EXPRESSION } from '../../lambdas/upload-trigger.ts';
import { Driftwatch } from '../../lib/driftwatch.ts';
import { synthWithoutBundling } from './synth.ts';

function configFile(config: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'driftwatch-upload-')), 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

const UPLOAD_CONFIG = {
  monitors: [
    { name: 'fraud', trigger: 'upload' },
    { name: 'churn', trigger: 'both', schedule: { expression: 'rate(2 hours)' } },
    { name: 'batch' },
    { name: 'shared', trigger: 'upload', bucket: 'an-existing-bucket', bucketEventBridge: true },
  ],
};

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

let template: Template;
let resources: Resources;
beforeAll(() => {
  template = synthWithoutBundling(configFile(UPLOAD_CONFIG)).template;
  resources = template.toJSON().Resources as Resources;
});

function ofType(type: string): [string, Record<string, unknown>][] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, resource.Properties]);
}

const checkFunctionArn = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckFunction'), 'Arn'] };

describe('trigger: upload', () => {
  it("sends the stack bucket's events to EventBridge through its own configuration, with no custom resource", () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    expect(ofType('Custom::S3BucketNotifications')).toEqual([]);
  });

  it("matches Object Created of each upload monitor's snapshots/ prefix in its bucket, and targets the check with the monitor's name", () => {
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(3);
    for (const [monitor, bucket] of [
      ['fraud', { Ref: Match.stringLikeRegexp('^SnapshotsBucket') }],
      ['churn', { Ref: Match.stringLikeRegexp('^SnapshotsBucket') }],
      ['shared', 'an-existing-bucket'],
    ] as const) {
      const folder = `monitors/${monitor}/snapshots/`;
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.s3'],
          'detail-type': ['Object Created'],
          detail: {
            bucket: { name: [bucket] },
            object: {
              key: [
                { wildcard: `${folder}*/_SUCCESS` },
                ...ACCEPTED_EXTENSIONS.map((extension) => ({ wildcard: `${folder}*${extension}` })),
              ],
            },
          },
        },
        Targets: [
          Match.objectLike({
            Arn: checkFunctionArn,
            InputTransformer: {
              InputTemplate: `{"monitor":"${monitor}","event":<aws.events.event.json>}`,
            },
            DeadLetterConfig: {
              Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^UploadDeadLetters'), 'Arn'] },
            },
            RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 8 },
          }),
        ],
      });
    }
  });

  it('lets EventBridge invoke the check function only from those rules, one permission each', () => {
    const rules = ofType('AWS::Events::Rule').map(([id]) => id);
    const fromEvents = ofType('AWS::Lambda::Permission').filter(
      ([, permission]) => permission.Principal === 'events.amazonaws.com',
    );
    expect(fromEvents.map(([, permission]) => permission.SourceArn)).toEqual(
      rules.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
    for (const [, permission] of fromEvents) {
      expect(permission).toMatchObject({
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [expect.stringMatching(/^CheckFunction/), 'Arn'] },
      });
    }
    // Only the rules may put undelivered events into the queue.
    const queuePolicy = ofType('AWS::SQS::QueuePolicy').find(([id]) => id.startsWith('UploadDeadLetters'));
    const allows = (
      queuePolicy![1].PolicyDocument as { Statement: Record<string, unknown>[] }
    ).Statement.filter((statement) => statement.Effect === 'Allow');
    expect(allows.map((statement) => [statement.Principal, statement.Action, statement.Condition])).toEqual(
      rules.map((id) => [
        { Service: 'events.amazonaws.com' },
        'sqs:SendMessage',
        { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [id, 'Arn'] } } },
      ]),
    );
  });

  it('keeps a heartbeat schedule: six-hourly for upload-only monitors, the configured one otherwise', () => {
    const expressions = Object.fromEntries(
      ofType('AWS::Scheduler::Schedule').map(([, schedule]) => [
        JSON.parse((schedule.Target as { Input: string }).Input).monitor,
        schedule.ScheduleExpression,
      ]),
    );
    expect(expressions).toEqual({
      fraud: UPLOAD_HEARTBEAT_EXPRESSION,
      churn: 'rate(2 hours)',
      batch: 'rate(1 hour)',
      shared: UPLOAD_HEARTBEAT_EXPRESSION,
    });
  });

  it('alarms on the dead-letter queue of undelivered upload events', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [
        {
          Name: 'QueueName',
          Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^UploadDeadLetters'), 'QueueName'] },
        },
      ],
    });
  });

  it('adds no rule, bucket notification or queue for schedule-only monitors', () => {
    const plain = synthWithoutBundling(configFile({ monitors: [{ name: 'batch' }] })).template;
    plain.resourceCountIs('AWS::Events::Rule', 0);
    expect(JSON.stringify(plain.toJSON())).not.toContain('EventBridgeConfiguration');
    expect(JSON.stringify(plain.toJSON())).not.toContain('UploadDeadLetters');
  });

  it('fails at synth for an existing bucket not declared to send its events to EventBridge', () => {
    const path = configFile({
      monitors: [{ name: 'shared', trigger: 'upload', bucket: 'an-existing-bucket' }],
    });
    expect(() => synthWithoutBundling(path)).toThrow(
      /monitors\.0\.trigger: "upload" needs the bucket "an-existing-bucket" to send its events to EventBridge.*"bucketEventBridge": true/,
    );
  });

  it('fails at synth for a SageMaker capture monitor triggered by uploads', () => {
    const path = configFile({
      monitors: [{ name: 'capture', trigger: 'both', format: 'sagemaker-capture' }],
    });
    expect(() => synthWithoutBundling(path)).toThrow(
      /monitors\.0\.trigger: Data Capture writes files all hour long/,
    );
  });
});

describe('trigger: upload in the Driftwatch construct with a bucket of your own', () => {
  const stackWith = () => {
    const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-upload-construct-'));
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    return new Stack(app, 'Yours', { env: { account: '123456789012', region: 'eu-west-1' } });
  };

  it('turns EventBridge notifications on for a bucket your app defines', () => {
    const stack = stackWith();
    const bucket = new Bucket(stack, 'Data');
    new Driftwatch(stack, 'Drift', { monitors: [{ name: 'fraud', trigger: 'upload' }], bucket });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
  });

  it('refuses an imported bucket it cannot change, saying what to do', () => {
    const stack = stackWith();
    const bucket = Bucket.fromBucketName(stack, 'Data', 'team-ml-data');
    expect(
      () => new Driftwatch(stack, 'Drift', { monitors: [{ name: 'fraud', trigger: 'upload' }], bucket }),
    ).toThrow(
      /which this app does not define, so it cannot turn its EventBridge notifications on.*"bucketEventBridge": true/,
    );
  });
});
