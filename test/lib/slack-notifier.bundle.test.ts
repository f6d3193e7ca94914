import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertContent } from '../../lambdas/sinks/alert-content.ts';
import { snsPublishInput } from '../../lambdas/sinks/sns-message.ts';
import { type BundledApp, invokeBundle, synthBundledApp } from '../support/bundled-app.ts';
import { type FakeSecretsManager, startFakeSecretsManager } from '../support/fake-secrets-manager.ts';
import { allowingStatement, type PolicyStatement } from '../support/iam-evaluator.ts';
import { driftReport, featureResult } from '../support/report-builders.ts';
import { EXAMPLE_CONFIG } from './synth.ts';

interface SlackRequest {
  readonly at: number;
  readonly body: { text: string; blocks: { type: string; text?: { text: string } }[] };
}

/** A stand-in for Slack's incoming webhook: 429 with Retry-After first, then 200 "ok". */
async function startSlack(): Promise<{
  url: string;
  origin: string;
  requests: SlackRequest[];
  stop(): Promise<void>;
}> {
  const requests: SlackRequest[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push({ at: Date.now(), body: JSON.parse(body) });
      if (requests.length === 1) {
        response.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
        response.end('rate_limited');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A local webhook that records what it receives and always answers 200 "ok". */
async function startRecorder(): Promise<{
  url: string;
  origin: string;
  bodies: unknown[];
  stop(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  const server: Server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    bodies.push(JSON.parse(body));
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/services/T000/B000/TOKEN-never-shown`,
    origin,
    bodies,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** What CloudWatch publishes to the topic when an alarm changes state (see lambdas/slack/cloudwatch-alarm.ts). */
const ALARM_MESSAGE = JSON.stringify({
  AlarmName: 'Heartbeat-fraud-model',
  AlarmDescription: 'Monitor fraud-model has not finished a scheduled check in two schedule periods.',
  AWSAccountId: '123456789012',
  NewStateValue: 'ALARM',
  NewStateReason:
    'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].',
  StateChangeTime: '2026-12-06T07:00:00.000+0000',
  Region: 'EU (Ireland)',
  AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:Heartbeat-fraud-model',
  OldStateValue: 'OK',
  Trigger: {
    MetricName: 'CheckRan',
    Namespace: 'DriftWatch',
    Statistic: 'SUM',
    Period: 7200,
    EvaluationPeriods: 2,
  },
});

describe('the bundled Slack notifier', () => {
  let app: BundledApp;
  let slack: Awaited<ReturnType<typeof startSlack>>;
  let secrets: FakeSecretsManager;

  beforeAll(async () => {
    app = synthBundledApp(EXAMPLE_CONFIG);
    slack = await startSlack();
    secrets = await startFakeSecretsManager({ 'driftwatch/slack-webhook': slack.url });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([slack?.stop(), secrets?.stop()]);
  });

  it('posts the alert as Block Kit, waiting out a 429 as Retry-After says', { timeout: 60_000 }, async () => {
    const report = driftReport(
      [
        featureResult({ name: 'amount', drifted: true, statistic: 0.42, threshold: 0.1 }),
        featureResult({ name: '<script>alert(1)</script>', drifted: true, statistic: 0.3, threshold: 0.1 }),
      ],
      { status: 'drift', context: { monitor: 'fraud-model', snapshotId: '2026-11-28T09' } },
    );
    const alert: AlertContent = {
      monitor: 'fraud-model',
      reason: 'drift',
      status: 'drift',
      report,
      links: {},
    };
    const published = snsPublishInput(alert, 'arn:aws:sns:us-east-1:123456789012:alerts');
    // A Lambda subscriber receives the `default` member of a MessageStructure=json message.
    const message = (JSON.parse(published.Message!) as { default: string }).default;
    const environment = Object.fromEntries(
      Object.entries(app.slack.environment).filter(([, value]) => typeof value === 'string'),
    ) as Record<string, string>;
    const result = await invokeBundle(
      app.slack.bundle,
      { Records: [{ EventSource: 'aws:sns', Sns: { MessageId: 'm-1', Message: message } }] },
      {
        ...environment,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
        DRIFTWATCH_SLACK_WEBHOOK_ORIGINS: slack.origin,
      },
    );
    expect(result.ok, result.logs + String(result.result)).toBe(true);
    expect(secrets.reads).toEqual(['driftwatch/slack-webhook']);
    expect(slack.requests).toHaveLength(2);
    expect(slack.requests[1].at - slack.requests[0].at).toBeGreaterThanOrEqual(950);
    const posted = JSON.stringify(slack.requests[1].body);
    expect(posted).toContain('fraud-model');
    expect(posted).not.toContain('<script>');
    expect(posted).toContain('&lt;script&gt;');
    expect(slack.requests[1].body.blocks.length).toBeGreaterThan(1);
  });

  it('fails the invocation (Lambda retries it twice, then its on-failure queue keeps it) when the webhook is refused, without repeating a non-Slack reply', {
    timeout: 60_000,
  }, async () => {
    // A revoked webhook: Slack answers 404 no_service, which no retry can fix.
    const revoked: Server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no_service <internal reply of a host that is not Slack>');
    });
    await new Promise<void>((resolve) => revoked.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(revoked.address() as AddressInfo).port}/services/T/B/X`;
    const broken = await startFakeSecretsManager({ 'driftwatch/slack-webhook': url });
    try {
      const report = driftReport([featureResult({ name: 'amount', drifted: true })], { status: 'drift' });
      const message = (
        JSON.parse(
          snsPublishInput(
            { monitor: 'm', reason: 'drift', status: 'drift', report, links: {} },
            'arn:aws:sns:us-east-1:1:t',
          ).Message!,
        ) as { default: string }
      ).default;
      const result = await invokeBundle(
        app.slack.bundle,
        { Records: [{ Sns: { Message: message } }] },
        {
          DRIFTWATCH_SLACK_SECRET: 'driftwatch/slack-webhook',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: broken.endpoint,
          DRIFTWATCH_SLACK_WEBHOOK_ORIGINS: new URL(url).origin,
        },
      );
      expect(result.ok).toBe(false);
      expect(String(result.result)).toMatch(/SlackPostError: Slack refused the message: HTTP 404$/m);
      expect(result.logs + String(result.result)).not.toContain('internal reply');
    } finally {
      await broken.stop();
      await new Promise((resolve) => revoked.close(resolve));
    }
  });

  /** Invokes the bundle with one SNS record, the webhook secret pointing at `url`. */
  async function invokeWith(message: string, url: string, origins: string | null) {
    const store = await startFakeSecretsManager({ 'driftwatch/slack-webhook': url });
    try {
      return await invokeBundle(
        app.slack.bundle,
        {
          Records: [
            { EventSource: 'aws:sns', Sns: { MessageId: 'm-9', Subject: 'ALARM: x', Message: message } },
          ],
        },
        {
          DRIFTWATCH_SLACK_SECRET: 'driftwatch/slack-webhook',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: store.endpoint,
          ...(origins !== null ? { DRIFTWATCH_SLACK_WEBHOOK_ORIGINS: origins } : {}),
        },
      );
    } finally {
      await store.stop();
    }
  }

  it('posts a CloudWatch alarm notification with its state, reason and console link', {
    timeout: 60_000,
  }, async () => {
    const hook = await startRecorder();
    try {
      const result = await invokeWith(ALARM_MESSAGE, hook.url, hook.origin);
      expect(result.ok, result.logs + String(result.result)).toBe(true);
      expect(hook.bodies).toHaveLength(1);
      const posted = JSON.stringify(hook.bodies[0]);
      expect(posted).toContain('ALARM: Heartbeat-fraud-model');
      expect(posted).toContain('Threshold Crossed: no datapoints');
      expect(posted).toContain(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Heartbeat-fraud-model',
      );
      expect(result.logs).toContain('"kind":"cloudwatch-alarm"');
    } finally {
      await hook.stop();
    }
  });

  it('posts a message it does not recognise as escaped text instead of throwing', {
    timeout: 60_000,
  }, async () => {
    const hook = await startRecorder();
    try {
      const garbage = `<!channel> {"not":"an alert" ${'x'.repeat(5000)}`;
      const result = await invokeWith(garbage, hook.url, hook.origin);
      expect(result.ok, result.logs + String(result.result)).toBe(true);
      const body = hook.bodies[0] as { text: string; blocks: { text: { text: string } }[] };
      const shown = body.blocks[0].text.text;
      expect(shown).toContain('&lt;!channel&gt;');
      expect(shown).not.toContain('<!channel>');
      expect(shown.length).toBeLessThanOrEqual(3000);
    } finally {
      await hook.stop();
    }
  });

  it('refuses a webhook that is not Slack or allow-listed before any request, naming no token', {
    timeout: 60_000,
  }, async () => {
    const hook = await startRecorder();
    try {
      const local = await invokeWith(ALARM_MESSAGE, hook.url, null);
      expect(local.ok).toBe(false);
      expect(hook.bodies).toHaveLength(0);
      const metadata = await invokeWith(
        ALARM_MESSAGE,
        'http://169.254.169.254/latest/TOKEN-never-shown',
        null,
      );
      expect(String(metadata.result)).toContain(
        'origin http://169.254.169.254 is not https://hooks.slack.com or in slackWebhookOrigins; nothing was sent',
      );
      const malformed = await invokeWith(
        ALARM_MESSAGE,
        'https://hooks.slack.com:99999/TOKEN-never-shown',
        null,
      );
      expect(String(malformed.result)).toContain('not a valid URL');
      for (const result of [local, metadata, malformed]) {
        expect(result.logs + String(result.result)).not.toContain('TOKEN-never-shown');
      }
    } finally {
      await hook.stop();
    }
  });

  it('may read the webhook secret it reads, and no other', () => {
    const resolve = (value: unknown): string => {
      if (typeof value === 'string') return value;
      const intrinsic = value as Record<string, unknown>;
      if ('Ref' in intrinsic) {
        return (
          (
            {
              'AWS::Partition': 'aws',
              'AWS::Region': 'us-east-1',
              'AWS::AccountId': '123456789012',
            } as Record<string, string>
          )[String(intrinsic.Ref)] ?? `unresolved:${String(intrinsic.Ref)}`
        );
      }
      if ('Fn::Join' in intrinsic) {
        const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
        return parts.map(resolve).join(separator);
      }
      return `unresolved:${JSON.stringify(value)}`;
    };
    const roleId = Object.keys(app.template.Resources).find((id) => id.startsWith('SlackFunctionRole'));
    const statements: PolicyStatement[] = Object.values(app.template.Resources)
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          (r.Properties.Roles as { Ref: string }[]).some((x) => x.Ref === roleId),
      )
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement)
      .map((st) => ({
        Effect: String(st.Effect),
        Action: st.Action as string | string[],
        Resource: ([] as unknown[]).concat(st.Resource).map(resolve),
      }));
    // The ARN Secrets Manager gives the secret: its name plus a random six-character suffix.
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:driftwatch/slack-webhook-AbCdEf';
    expect(
      allowingStatement(statements, { action: 'secretsmanager:GetSecretValue', resource: secretArn }),
    ).toBeDefined();
    const other = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/database-AbCdEf';
    expect(
      allowingStatement(statements, { action: 'secretsmanager:GetSecretValue', resource: other }),
    ).toBeUndefined();
  });
});
