import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { DriftwatchStack } from '../../lib/driftwatch-stack.ts';
import { loadConfig } from '../../lib/load-config.ts';
import { EXAMPLE_CONFIG } from './synth.ts';

const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-nag-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * cdk-nag reads the template, not the Lambda code, so this synth skips bundling (seconds per
 * function); the bundles are built and run by the *.bundle tests, and `npm run synth` (CI) does
 * the full synth with bundling and the same checks (bin/app.ts).
 */
describe('a full synth with cdk-nag AwsSolutions checks', () => {
  it('has no unacknowledged findings, and every acknowledgement gives a reason', { timeout: 120_000 }, () => {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new DriftwatchStack(app, 'Driftwatch', { ...loadConfig(EXAMPLE_CONFIG) });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Unacknowledged findings make synth throw.
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(JSON.stringify(report)).not.toMatch(/"status":\s*"failure"/);
    expect(assembly.getStackByName(stack.stackName).template).toBeDefined();
    const acknowledgements = app.node
      .findAll()
      .flatMap((construct) => construct.node.metadata)
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>))
      .map(([id, value]) => ({ id, reason: typeof value === 'string' ? value : JSON.stringify(value) }));
    expect(acknowledgements.length).toBeGreaterThan(5);
    for (const ack of acknowledgements)
      expect(ack.reason.length, `${ack.id}: ${ack.reason}`).toBeGreaterThan(40);
  });
});

describe('cdk-nag on a stack with more monitors than one stack holds', () => {
  it('has no unacknowledged findings in the nested stacks or in the grouped grants', {
    timeout: 120_000,
  }, () => {
    const raw = {
      monitors: Array.from({ length: 51 }, (_, i) => ({
        name: `m${i}`,
        alarmOnDrift: true,
        // Upload rules in both stacks, one on an existing bucket.
        ...(i % 2 === 0 ? { trigger: 'upload' as const } : {}),
        ...(i === 0 ? { bucket: 'an-existing-bucket', bucketEventBridge: true } : {}),
      })),
    };
    // Bundling skipped: the findings are about the templates, not the code.
    const app = new App({ outdir: join(outdir, 'many'), context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new DriftwatchStack(app, 'Driftwatch', raw);
    expect(stack.driftwatch.monitorStacks).toHaveLength(2);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // Unacknowledged findings make synth throw.
    expect(() => app.synth()).not.toThrow();
  });
});
