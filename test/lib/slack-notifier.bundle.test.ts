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
async function startSlack(): Promise<{ url: string; requests: SlackRequest[]; stop(): Promise<void> }> {
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
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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

  it('fails the invocation (so SNS retries, then the DLQ keeps it) when Slack refuses the webhook', {
    timeout: 60_000,
  }, async () => {
    // A revoked webhook: Slack answers 404 no_service, which no retry can fix.
    const revoked: Server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('no_service');
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
        },
      );
      expect(result.ok).toBe(false);
      expect(String(result.result)).toMatch(/Slack refused the message: HTTP 404 no_service/);
    } finally {
      await broken.stop();
      await new Promise((resolve) => revoked.close(resolve));
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
