import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { DriftwatchStack } from '../../lib/driftwatch-stack.ts';
import { loadConfig } from '../../lib/load-config.ts';

export interface BundledFunction {
  /** The bundle esbuild wrote into the cloud assembly. */
  readonly bundle: string;
  /** The function's environment variables as the template gives them (tokens unresolved). */
  readonly environment: Record<string, unknown>;
  /** The template's resource, for IAM lookups. */
  readonly logicalId: string;
}

export interface BundledApp {
  readonly outdir: string;
  readonly template: {
    Resources: Record<
      string,
      { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }
    >;
  };
  readonly check: BundledFunction;
  readonly slack: BundledFunction;
}

/** Synthesises the stack with real bundling (local esbuild) and finds each function's bundle. */
export function synthBundledApp(configPath: string): BundledApp {
  const outdir = mkdtempSync(join(tmpdir(), 'driftwatch-bundled-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new DriftwatchStack(app, 'Driftwatch', { ...loadConfig(configPath) });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as BundledApp['template'];
  const find = (entryHint: string): BundledFunction => {
    const match = Object.entries(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(entryHint),
    );
    if (!match) throw new Error(`no function ${entryHint} in the template`);
    const [logicalId, resource] = match;
    const assetPath = String(resource.Metadata?.['aws:asset:path']);
    const environment = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    return { bundle: join(outdir, assetPath, 'index.mjs'), environment, logicalId };
  };
  return { outdir, template, check: find('CheckFunction'), slack: find('SlackFunction') };
}

/**
 * Loads a bundle in a fresh Node process with exactly `env` (as Lambda would), calls its
 * `handler(event)` and returns what it returned or threw.
 */
export function invokeBundle(
  bundle: string,
  event: unknown,
  env: Record<string, string>,
): Promise<{ ok: boolean; result: unknown; logs: string }> {
  const script = `
    const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
    try {
      const result = await handler(JSON.parse(process.env.__EVENT));
      process.stdout.write('\\n__RESULT__' + JSON.stringify({ ok: true, result: result ?? null }));
    } catch (error) {
      process.stdout.write('\\n__RESULT__' + JSON.stringify({ ok: false, result: String(error && error.stack || error) }));
    }`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        env: { PATH: process.env.PATH ?? '', ...env, __EVENT: JSON.stringify(event) },
        maxBuffer: 32 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const marker = stdout.lastIndexOf('__RESULT__');
        if (marker < 0)
          return reject(new Error(`bundle did not finish: ${error?.message}\n${stderr}\n${stdout}`));
        const { ok, result } = JSON.parse(stdout.slice(marker + '__RESULT__'.length));
        resolve({ ok, result, logs: stdout.slice(0, marker) + stderr });
      },
    );
  });
}
