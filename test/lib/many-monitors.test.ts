import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftwatchStack } from '../../lib/driftwatch-stack.ts';

/**
 * AWS limits the emulators do not enforce, checked on the synthesized templates:
 * - Lambda: a function's environment variables are at most 4 KB in total
 *   (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html);
 * - CloudFormation: at most 500 resources per stack, nested stacks each counting on their own
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html);
 * - IAM: a role's inline policies at most 10,240 characters in all, not counting white space
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
 * - CloudWatch: a dashboard body holds at most 500 widgets
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html).
 */
const LAMBDA_ENVIRONMENT_BYTES = 4 * 1024;
const STACK_RESOURCES = 500;
const ROLE_INLINE_POLICY_CHARACTERS = 10_240;
const DASHBOARD_WIDGETS = 500;

/** A monitor written like README's example, every optional resource (the drift alarm) on. */
function readmeLikeMonitor(i: number) {
  return {
    name: `fraud-model-${i}`,
    schedule: { expression: 'cron(0 * * * ? *)', timeZone: 'Europe/London' },
    baseline: { mode: 'fixed' as const },
    maxSnapshotAge: '26h',
    alertCooldown: '24h',
    featureMetrics: ['amount', 'device'],
    alarmOnDrift: true,
    drift: { driftShare: 0.5, exclude: ['transaction_id'] },
  };
}

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-many-'));
let templates: Map<string, Template>;
let configBytes: number;

beforeAll(() => {
  const raw = {
    alertEmails: ['ml-oncall@example.com'],
    slackWebhookSecretName: 'driftwatch/slack-webhook',
    monitors: Array.from({ length: 200 }, (_, i) => readmeLikeMonitor(i)),
  };
  const configJson = JSON.stringify(raw);
  configBytes = Buffer.byteLength(configJson);
  // Bundling skipped: the Lambda code does not change what is counted here.
  const app = new App({
    outdir,
    context: { 'aws:cdk:bundling-stacks': [] },
    // CloudFormation's schema validation is not what is counted here (the other template tests run it).
    builtinCloudFormationValidation: false,
  });
  new DriftwatchStack(app, 'Driftwatch', {
    ...raw,
    env: { account: '123456789012', region: 'eu-west-1' },
  });
  const assembly = app.synth();
  templates = new Map(
    readdirSync(assembly.directory)
      .filter((name) => name.endsWith('.template.json'))
      .map((name) => [name, JSON.parse(readFileSync(join(assembly.directory, name), 'utf8')) as Template]),
  );
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('200 monitors written like the README example', () => {
  it('make a config far above the 4 KB a Lambda environment may hold', () => {
    expect(configBytes).toBeGreaterThan(10 * LAMBDA_ENVIRONMENT_BYTES);
  });

  it('keep every function environment under 4 KB: the config is not in it', () => {
    const functions = [...templates.values()].flatMap((template) =>
      Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function'),
    );
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) {
      const environment = fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined;
      const variables = environment?.Variables ?? {};
      // Unresolved references are longer than the names and ARNs they become: an upper bound.
      const bytes = Object.entries(variables).reduce(
        (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value)),
        0,
      );
      expect(bytes).toBeLessThan(LAMBDA_ENVIRONMENT_BYTES);
      expect(Object.keys(variables)).not.toContain('DRIFTWATCH_CONFIG');
    }
  });

  it('fit every template, nested stacks included, under 500 resources', () => {
    expect([...templates.keys()].filter((name) => name.includes('.nested.')).length).toBeGreaterThan(1);
    for (const [name, template] of templates) {
      expect(Object.keys(template.Resources).length, name).toBeLessThan(STACK_RESOURCES);
    }
    const schedules = [...templates.values()].flatMap((t) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule'),
    );
    expect(schedules).toHaveLength(200);
  });

  it("keep every role's inline policies under IAM's 10,240 characters and attach no overflow policies", () => {
    for (const template of templates.values()) {
      const perRole = new Map<string, number>();
      for (const resource of Object.values(template.Resources)) {
        expect(resource.Type).not.toBe('AWS::IAM::ManagedPolicy');
        if (resource.Type !== 'AWS::IAM::Policy') continue;
        const characters = JSON.stringify(resource.Properties?.PolicyDocument).replace(/\s/g, '').length;
        for (const role of (resource.Properties?.Roles ?? []) as { Ref: string }[])
          perRole.set(role.Ref, (perRole.get(role.Ref) ?? 0) + characters);
      }
      for (const [role, characters] of perRole)
        expect(characters, role).toBeLessThan(ROLE_INLINE_POLICY_CHARACTERS);
    }
  });

  it("keep the dashboard within CloudWatch's 500 widgets, one per monitor", () => {
    const dashboards = [...templates.values()].flatMap((t) =>
      Object.values(t.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard'),
    );
    expect(dashboards).toHaveLength(1);
    // The body is an Fn::Join of literal JSON pieces and references (region, metric namespace):
    // the literal pieces hold every widget's "type" key.
    const body = JSON.stringify(dashboards[0].Properties?.DashboardBody);
    const widgets = body.match(/\\"type\\":\\"(metric|text)\\"/g) ?? [];
    expect(widgets.length).toBe(201);
    expect(widgets.length).toBeLessThanOrEqual(DASHBOARD_WIDGETS);
  });
});
