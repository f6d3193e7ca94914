import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { heartbeatDatum, metricDataOf } from '../../lambdas/render/cloudwatch-metrics.ts';
import { costTableMarkdown, FIXED, PER_MONITOR, WORKED_EXAMPLE } from '../../lib/deployment-cost.ts';
import { Driftwatch } from '../../lib/driftwatch.ts';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-cost-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

interface Row {
  readonly part: string;
  readonly what: string;
  readonly quantity: number;
  /** Dollars per `per` units. */
  readonly price: number;
  readonly per: number;
  readonly amount: number;
  /** Half a unit of the amount's last printed decimal: how far rounding may move it. */
  readonly rounding: number;
}

function dollars(text: string): { value: number; rounding: number } {
  const match = /\$(\d+(?:\.(\d+))?)/.exec(text);
  if (match === null) throw new Error(`no dollar amount in "${text}"`);
  return { value: Number(match[1]), rounding: 0.5 * 10 ** -(match[2]?.length ?? 0) };
}

/** The README's cost table, read back from its text. */
function readmeRows(): Row[] {
  const start = README.indexOf('| part | what | quantity | price | amount |');
  expect(start).toBeGreaterThan(0);
  const lines = README.slice(start).split('\n');
  const table = lines.slice(
    2,
    lines.findIndex((line, i) => i > 0 && !line.startsWith('|')),
  );
  return table.map((line) => {
    const [part, what, quantity, price, amount] = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const per = /per ([\d,]+) /.exec(price);
    const { value, rounding } = dollars(amount);
    return {
      part,
      what,
      quantity: Number(quantity),
      price: price === '' ? 0 : dollars(price).value,
      per: per === null ? 1 : Number(per[1].replaceAll(',', '')),
      amount: value,
      rounding,
    };
  });
}

describe('the cost table in the README', () => {
  it('is the one lib/deployment-cost.ts computes', () => {
    expect(README).toContain(costTableMarkdown());
  });

  it('multiplies each quantity by the price it states', () => {
    const lines = readmeRows().filter((row) => !row.what.includes('total') && row.part !== 'worked example');
    expect(lines.length).toBe(11);
    for (const row of lines) {
      expect(Math.abs((row.quantity * row.price) / row.per - row.amount), row.what).toBeLessThanOrEqual(
        row.rounding + 1e-12,
      );
    }
  });

  it('adds its lines up to each total, and the totals up to the worked example', () => {
    const rows = readmeRows();
    const total = (part: string) => rows.find((row) => row.part === part && row.what.includes('total'))!;
    for (const part of ['fixed, per month', 'per monitor, per month', 'per check']) {
      const sum = rows
        .filter((row) => row.part === part && !row.what.includes('total'))
        .reduce((acc, row) => acc + row.amount, 0);
      expect(Math.abs(sum - total(part).amount), part).toBeLessThanOrEqual(total(part).rounding + 1e-9);
    }
    const { monitors, checksPerMonitorPerMonth } = WORKED_EXAMPLE;
    const example = rows.find((row) => row.part === 'worked example')!;
    const expected =
      total('fixed, per month').amount +
      monitors * total('per monitor, per month').amount +
      monitors * checksPerMonitorPerMonth * total('per check').amount;
    expect(Math.abs(expected - example.amount)).toBeLessThanOrEqual(0.01);
  });
});

describe('the quantities the cost table counts', () => {
  const alarmsOf = (monitors: number): number => {
    const app = new App({
      outdir: join(outdir, String(monitors)),
      context: { 'aws:cdk:bundling-stacks': [] },
      // CloudFormation's schema validation is not what is counted here.
      builtinCloudFormationValidation: false,
    });
    const stack = new Stack(app, 'Cost', { env: { account: '123456789012', region: 'us-east-1' } });
    new Driftwatch(stack, 'Drift', {
      monitors: Array.from({ length: monitors }, (_, i) => ({ name: `m${i}` })),
    });
    return Object.keys(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).length;
  };

  it('are the alarms the construct’s defaults create', { timeout: 120_000 }, () => {
    const quantity = (lines: typeof FIXED, price: string) =>
      lines.filter((line) => line.price === price).reduce((sum, line) => sum + line.quantity, 0);
    const one = alarmsOf(1);
    const two = alarmsOf(2);
    expect(two - one).toBe(quantity(PER_MONITOR, 'alarm'));
    expect(one - quantity(PER_MONITOR, 'alarm')).toBe(quantity(FIXED, 'alarm'));
  });

  it('are the custom metrics one monitor’s checks put', () => {
    const report = {
      status: 'ok',
      dataset: { drifted: false, driftedShare: 0, driftedCount: 0 },
      current: { rowCount: 10 },
      quality: [],
      features: [],
    } as unknown as DriftReport;
    const timestamp = new Date(0);
    const names = new Set([
      heartbeatDatum('m', timestamp).MetricName,
      ...metricDataOf(report, { monitor: 'm', featureMetrics: [], timestamp, snapshotAgeHours: 1 }).map(
        (datum) => datum.MetricName,
      ),
    ]);
    const metrics = PER_MONITOR.find((line) => line.price === 'customMetric')!;
    expect(names.size).toBe(metrics.quantity);
  });
});
