import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DriftwatchStack } from '../../lib/driftwatch-stack.ts';
import { loadConfig } from '../../lib/load-config.ts';

export const EXAMPLE_CONFIG = join(import.meta.dirname, '..', '..', 'examples', 'driftwatch.config.json');

/** Synthesises the stack without bundling (fast: the Lambda code is not built). */
export function synthWithoutBundling(configPath = EXAMPLE_CONFIG): {
  template: Template;
  stack: DriftwatchStack;
} {
  const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-cdk-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new DriftwatchStack(app, 'Driftwatch', {
      ...loadConfig(configPath),
      env: { account: '123456789012', region: 'eu-west-1' },
    });
    return { template: Template.fromStack(stack), stack };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
