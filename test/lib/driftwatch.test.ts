import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import type { DriftwatchSettings } from '../../lambdas/config.ts';
import { ConfigError } from '../../lambdas/config-error.ts';
import { MAX_ALARM_NAME_LENGTH } from '../../lib/alarm-name.ts';
import { Driftwatch, type DriftwatchProps } from '../../lib/driftwatch.ts';
import { synthWithoutBundling } from './synth.ts';

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** A stack of another app holding one Driftwatch, synthesized without bundling. */
function userStack(props: DriftwatchProps, stackName = 'ModelServing'): { stack: Stack; drift: Driftwatch } {
  const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-construct-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, stackName, { env: { account: '123456789012', region: 'eu-west-1' } });
  return { stack, drift: new Driftwatch(stack, 'Drift', props) };
}

function alarmNames(template: Template): string[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((r) =>
    String(r.Properties.AlarmName),
  );
}

describe('the repository stack', () => {
  const { template } = synthWithoutBundling();

  it('names every alarm <stack>-<what>[-<monitor>], not with generated ids', () => {
    expect(alarmNames(template).sort()).toEqual(
      [
        'Driftwatch-CheckErrors',
        'Driftwatch-DeadLetters-Check-OnFailure',
        'Driftwatch-DeadLetters-Schedules',
        'Driftwatch-DeadLetters-Slack-OnFailure',
        'Driftwatch-DeadLetters-Slack-Subscription',
        'Driftwatch-FanOutFailed',
        'Driftwatch-Heartbeat-churn-model',
        'Driftwatch-Heartbeat-fraud-model',
        'Driftwatch-SlackErrors',
        'Driftwatch-Stale-churn-model',
        'Driftwatch-Stale-fraud-model',
      ].sort(),
    );
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Driftwatch-Stale-fraud-model',
      MetricName: 'SnapshotAgeHours',
      Dimensions: [{ Name: 'Monitor', Value: 'fraud-model' }],
    });
  });

  it('outputs the bucket, the topic, the dashboard and the check function to invoke', () => {
    template.hasOutput('BucketName', { Value: { Ref: Match.stringLikeRegexp('^SnapshotsBucket') } });
    template.hasOutput('AlertsTopicArn', { Value: { Ref: Match.stringLikeRegexp('^AlertsTopic') } });
    template.hasOutput('DashboardUrl', {
      Value: Match.stringLikeRegexp('#dashboards:name=driftwatch-Driftwatch$'),
    });
    template.hasOutput('CheckFunctionName', {
      Value: { Ref: Match.stringLikeRegexp('^CheckFunction') },
      Description: Match.stringLikeRegexp('aws lambda invoke'),
    });
  });
});

describe('the Driftwatch construct in another stack', () => {
  it('takes the settings of a config file as props', () => {
    const settings: DriftwatchSettings = { alertEmails: ['a@example.com'], monitors: [{ name: 'fraud' }] };
    const { stack } = userStack(settings);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'a@example.com',
    });
    expect(alarmNames(template)).toContain('ModelServing-Stale-fraud');
  });

  it('names alarms and the dashboard after `name` when given', () => {
    const { stack } = userStack({ monitors: [{ name: 'fraud' }], name: 'fraud-drift' });
    const template = Template.fromStack(stack);
    expect(alarmNames(template)).toContain('fraud-drift-Stale-fraud');
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'driftwatch-fraud-drift' });
  });

  it('fails synth, as a config error, on an alarm name over CloudWatch’s 255 characters', () => {
    // A stack name may have 128 characters and a monitor name 64: the longest alarm name fits.
    const longest = userStack({ monitors: [{ name: 'm'.repeat(64) }] }, 's'.repeat(128));
    const names = alarmNames(Template.fromStack(longest.stack));
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(MAX_ALARM_NAME_LENGTH);
    expect(() => userStack({ monitors: [{ name: 'm'.repeat(64) }], name: 'n'.repeat(200) })).toThrow(
      ConfigError,
    );
    expect(() => userStack({ monitors: [{ name: 'm'.repeat(64) }], name: 'n'.repeat(200) })).toThrow(/255/);
  });

  it('fails synth on invalid monitor settings, naming the field', () => {
    expect(() => userStack({ monitors: [{ name: 'fraud', maxSnapshotAge: 'soon' }] })).toThrow(
      /monitors\.0\.maxSnapshotAge/,
    );
  });

  it('uses an existing bucket and topic instead of creating them', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-construct-'));
    outdirs.push(outdir);
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'Existing', { env: { account: '123456789012', region: 'eu-west-1' } });
    const bucket = Bucket.fromBucketName(stack, 'Data', 'team-ml-data');
    const topic = Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:eu-west-1:123456789012:ops');
    const drift = new Driftwatch(stack, 'Drift', {
      monitors: [{ name: 'fraud' }],
      bucket,
      topic,
      alertEmails: ['a@example.com'],
    });
    expect(drift.snapshotBucket).toBeUndefined();
    expect(drift.alerts).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
      Endpoint: 'a@example.com',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Existing-Stale-fraud',
      AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ops'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRIFTWATCH_BUCKET: 'team-ml-data' }) },
    });
  });

  it('applies the removal policy to the buckets it creates and the log retention to every log group', () => {
    const { stack } = userStack({
      monitors: [{ name: 'fraud' }],
      removalPolicy: RemovalPolicy.DESTROY,
      logRetention: RetentionDays.ONE_WEEK,
    });
    const template = Template.fromStack(stack);
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) expect(bucket.DeletionPolicy).toBe('Delete');
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(7);
  });

  it('retains the buckets it creates by default', () => {
    const { stack } = userStack({ monitors: [{ name: 'fraud' }] });
    const buckets = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    for (const bucket of buckets) expect(bucket.DeletionPolicy).toBe('Retain');
  });
});
