import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, synthWithoutBundling } from './synth.ts';

let template: Template;
beforeAll(() => {
  template = synthWithoutBundling().template;
});

function policyStatements(roleLogicalIdPrefix: string): Record<string, unknown>[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(roleLogicalIdPrefix)),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

describe('the snapshot bucket', () => {
  it('is encrypted, versioned, private, retained and logs access', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'snapshot-bucket/' }),
      }),
    });
  });

  it('expires reports and cached baseline profiles per monitor, and old object versions', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'monitors/fraud-model/reports/', ExpirationInDays: 400 }),
          Match.objectLike({
            Prefix: 'monitors/fraud-model/cache/',
            ExpirationInDays: 30,
            Status: 'Enabled',
          }),
          Match.objectLike({ Prefix: 'monitors/churn-model/reports/', ExpirationInDays: 400 }),
          Match.objectLike({
            Prefix: 'monitors/churn-model/cache/',
            ExpirationInDays: 30,
            Status: 'Enabled',
          }),
        ]),
      },
    });
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('the check Lambda', () => {
  it('runs Node.js 24 on arm64 with JSON logs into its own log group, and the environment contract', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: Match.anyValue() }),
      Environment: {
        Variables: Match.objectLike({
          DRIFTWATCH_BUCKET: Match.anyValue(),
          DRIFTWATCH_TOPIC_ARN: Match.anyValue(),
          DRIFTWATCH_NAMESPACE: 'DriftWatch',
          NODE_OPTIONS: '--enable-source-maps',
        }),
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('retries asynchronously and sends failures to a queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('may only put metrics in its namespace, and uses no AWS-managed policy', () => {
    const statements = policyStatements('CheckFunctionRole');
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringEquals: { 'cloudwatch:namespace': 'DriftWatch' } },
      }),
    );
    const roles = template.findResources('AWS::IAM::Role');
    for (const role of Object.values(roles)) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('writes only reports, cache, state, history and the overview page under each monitor prefix', () => {
    const writes = policyStatements('CheckFunctionRole').filter((s) =>
      ([] as unknown[]).concat(s.Action).includes('s3:PutObject'),
    );
    const resources = JSON.stringify(writes.map((s) => s.Resource));
    for (const monitor of ['fraud-model', 'churn-model']) {
      for (const part of ['reports/*', 'cache/*', 'state.json', 'history.json', 'index.html'])
        expect(resources).toContain(`/monitors/${monitor}/${part}`);
    }
    expect(resources).not.toMatch(/snapshots|baseline/);
  });

  it('may delete only cached profiles, under each monitor prefix', () => {
    const deletes = policyStatements('CheckFunctionRole').filter((s) =>
      ([] as unknown[]).concat(s.Action).includes('s3:DeleteObject'),
    );
    const resources = JSON.stringify(deletes.map((s) => s.Resource));
    for (const monitor of ['fraud-model', 'churn-model'])
      expect(resources).toContain(`/monitors/${monitor}/cache/*`);
    expect(resources).not.toMatch(/snapshots|baseline|reports|state\.json|history\.json|index\.html/);
  });

  it('reads history.json but only writes the overview page', () => {
    const statements = policyStatements('CheckFunctionRole');
    const reads = JSON.stringify(
      statements
        .filter((s) => ([] as unknown[]).concat(s.Action).includes('s3:GetObject'))
        .map((s) => s.Resource),
    );
    expect(reads).toContain('/monitors/fraud-model/history.json');
    expect(reads).not.toContain('index.html');
  });
});

describe('schedules', () => {
  it('invoke the check per monitor with {"monitor": name}, in the configured time zone, with a DLQ', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 2);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 * * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: Match.objectLike({
        Input: JSON.stringify({ monitor: 'fraud-model' }),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
      }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 day)',
      Target: Match.objectLike({ Input: JSON.stringify({ monitor: 'churn-model' }) }),
    });
  });
});

describe('alerts', () => {
  it('go to a topic encrypted with a rotating customer-managed key that CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  it("let CloudWatch use the topic's key only for this account's alarms in this region", () => {
    const [key] = Object.values(template.findResources('AWS::KMS::Key'));
    const statements = key.Properties.KeyPolicy.Statement as Record<string, unknown>[];
    const cloudWatch = statements.filter(
      (st) => JSON.stringify(st.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(cloudWatch).toHaveLength(1);
    expect(cloudWatch[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:eu-west-1:123456789012:alarm:*']],
        },
      },
    });
  });

  it('reach email subscribers and the Slack notifier, which reads its webhook from Secrets Manager', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ml-oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ DRIFTWATCH_SLACK_SECRET: 'driftwatch/slack-webhook' }) },
    });
    const slack = JSON.stringify(policyStatements('SlackFunctionRole'));
    expect(slack).toContain('secretsmanager:GetSecretValue');
    expect(slack).toContain('secret:driftwatch/slack-webhook-??????');
  });
});

describe('dashboard and alarms', () => {
  it('alarm on check errors, staleness and dead letters, acting on the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SnapshotAgeHours',
      Namespace: 'DriftWatch',
      Threshold: 26,
      TreatMissingData: 'notBreaching',
      AlarmActions: [Match.anyValue()],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      TreatMissingData: 'notBreaching',
    });
    const deadLetterAlarms = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' },
    });
    expect(Object.keys(deadLetterAlarms)).toHaveLength(4);
  });

  it('alarm when a monitor has not run for two schedule periods, missing data breaching', () => {
    // fraud-model: hourly cron in Europe/London (one hour, plus one for daylight saving); churn-model: rate(1 day).
    for (const [monitor, period] of [
      ['fraud-model', 7200],
      ['churn-model', 86_400],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'CheckRan',
        Namespace: 'DriftWatch',
        Dimensions: [{ Name: 'Monitor', Value: monitor }],
        Statistic: 'Sum',
        Period: period,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        Threshold: 1,
        ComparisonOperator: 'LessThanThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [Match.anyValue()],
      });
    }
  });
});

describe('the Slack notifier', () => {
  const slackFunctionId = () =>
    Object.keys(template.findResources('AWS::Lambda::Function')).find((id) =>
      id.startsWith('SlackFunction'),
    )!;

  it('sends invocations that failed after two retries to an encrypted queue', () => {
    const configs = template.findResources('AWS::Lambda::EventInvokeConfig', {
      Properties: { FunctionName: { Ref: slackFunctionId() } },
    });
    const [config] = Object.values(configs);
    expect(config.Properties.MaximumRetryAttempts).toBe(2);
    const destination = config.Properties.DestinationConfig.OnFailure.Destination as {
      'Fn::GetAtt': [string, string];
    };
    const queue = template.toJSON().Resources[destination['Fn::GetAtt'][0]];
    expect(queue.Type).toBe('AWS::SQS::Queue');
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('alarms on its errors and on messages waiting in either of its queues', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: slackFunctionId() } }],
      AlarmActions: [Match.anyValue()],
    });
    const queueAlarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: 'ApproximateNumberOfMessagesVisible' },
      }),
    ).map((alarm) => JSON.stringify(alarm.Properties.Dimensions));
    for (const queue of ['SlackOnFailure', 'SlackDeadLetters']) {
      expect(queueAlarms.some((dimensions) => dimensions.includes(queue))).toBe(true);
    }
  });
});

describe('AWS Chatbot instead of the notifier', () => {
  it('relays the alerts topic to the configured Slack channel', () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-chatbot-'));
    const path = join(dir, 'config.json');
    const config = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8'));
    delete config.slackWebhookSecretName;
    writeFileSync(
      path,
      JSON.stringify({ ...config, slackChatbot: { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' } }),
    );
    const chatbot = synthWithoutBundling(path).template;
    chatbot.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCD',
      SlackChannelId: 'C0123ABCD',
      SnsTopicArns: [Match.objectLike({ Ref: Match.stringLikeRegexp('^AlertsTopic') })],
    });
    chatbot.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ DRIFTWATCH_SLACK_SECRET: Match.anyValue() }) } },
      0,
    );
  });
});

describe('the config', () => {
  it('fails synth with the path of the bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-config-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ monitors: [{ name: 'a b', maxSnapshotAge: 'soon' }] }));
    expect(() => synthWithoutBundling(path)).toThrow(
      /monitors\.0\.name: use 1-64 letters[\s\S]*monitors\.0\.maxSnapshotAge: expected a duration/,
    );
  });
});

describe('monitor prefixes and buckets', () => {
  const synthOf = (monitors: unknown[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'driftwatch-prefix-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ monitors }));
    return () => synthWithoutBundling(path);
  };

  it.each([
    ['an empty prefix', [{ name: 'a', prefix: '' }], /monitors\.0\.prefix: must not be empty/],
    [
      'a ".." segment',
      [{ name: 'a', prefix: 'monitors/x/../' }],
      /monitors\.0\.prefix: must not contain "\." or "\.\."/,
    ],
    ['a "//"', [{ name: 'a', prefix: 'monitors//a/' }], /monitors\.0\.prefix: must not contain "\/\/"/],
    [
      'a leading "/"',
      [{ name: 'a', prefix: '/monitors/a/' }],
      /monitors\.0\.prefix: must not start with "\/"/,
    ],
    [
      "another monitor's prefix",
      [{ name: 'a' }, { name: 'b', prefix: 'monitors/a/' }],
      /monitors\.1\.prefix: "monitors\/a\/" is also the prefix of monitors\.0/,
    ],
    [
      'a prefix inside another',
      [
        { name: 'a', prefix: 'team/' },
        { name: 'b', prefix: 'team/b/' },
      ],
      /monitors\.1\.prefix: .* nest/,
    ],
    ['an invalid bucket name', [{ name: 'a', bucket: 'Not_A_Bucket' }], /monitors\.0\.bucket: /],
  ])('fail synth on %s, naming the field', (_case, monitors, message) => {
    expect(synthOf(monitors)).toThrow(message);
  });

  it('scope the grants to a normalised prefix', () => {
    const { template: normalised } = synthOf([{ name: 'a', prefix: 'exports/a' }])();
    const statements = JSON.stringify(
      Object.values(normalised.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument),
    );
    expect(statements).toContain('/exports/a/snapshots/*');
    expect(statements).toContain('"exports/a/*"');
    expect(statements).not.toContain('exports/a*');
  });

  it('group the grants of many monitors under their parent folder, within the monitors tree only', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ name: `m${i}` }));
    const { template: grouped } = synthOf(many)();
    const statements = JSON.stringify(
      Object.values(grouped.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument),
    );
    expect(statements).toContain('/monitors/*/snapshots/*');
    expect(statements).toContain('/monitors/*/state.json');
    expect(statements).toContain('/monitors/*/history.json');
    expect(statements).toContain('/monitors/*/index.html');
    expect(statements).not.toContain('/monitors/m1/');
  });
});

describe('the template', () => {
  it('matches its snapshot, asset hashes aside', () => {
    const json = JSON.stringify(template.toJSON(), null, 1).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>');
    expect(json).toMatchSnapshot();
  });
});
