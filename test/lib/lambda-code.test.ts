import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaCode, lambdaCodeSource, packageRoot, prebuiltBundleDir } from '../../lib/lambda-code.ts';

const work = mkdtempSync(join(tmpdir(), 'driftwatch-lambda-code-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ENTRY = 'lambdas/check/handler.ts';

/** A package root holding the handler's source, its prebuilt bundle, both or neither. */
function packageWith(name: string, parts: { source?: boolean; prebuilt?: boolean }): string {
  const root = join(work, name);
  mkdirSync(root, { recursive: true });
  if (parts.source) {
    mkdirSync(dirname(join(root, ENTRY)), { recursive: true });
    writeFileSync(join(root, ENTRY), 'export const handler = async () => "from source";\n');
  }
  if (parts.prebuilt) {
    const dir = prebuiltBundleDir(root, ENTRY);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.mjs'), 'export const handler = async () => "prebuilt";\n');
  }
  return root;
}

/** Synthesizes one function whose code comes from `root`, and returns its asset folder's files. */
function assetOf(root: string): Record<string, string> {
  const outdir = join(work, `cdk.out-${readdirSync(work).length}`);
  // CloudFormation's schema validation is not what is tested here.
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Code');
  new LambdaFunction(stack, 'Fn', {
    code: lambdaCode(ENTRY, { 'driftwatch.config.json': '{"monitors":[]}' }, root),
    handler: 'index.handler',
    runtime: Runtime.NODEJS_24_X,
  });
  app.synth();
  const asset = readdirSync(outdir).find((name) => name.startsWith('asset.'));
  const dir = join(outdir, String(asset));
  return Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

describe('where a Lambda function’s code comes from', () => {
  it('builds from the TypeScript in a clone, even when a prebuilt bundle is also there', {
    timeout: 120_000,
  }, () => {
    const root = packageWith('clone', { source: true, prebuilt: true });
    expect(lambdaCodeSource(root, ENTRY)).toEqual({ kind: 'source', path: join(root, ENTRY) });
    const files = assetOf(root);
    expect(files['index.mjs']).toContain('from source');
    expect(files['index.mjs.map']).toBeDefined();
    expect(JSON.parse(files['driftwatch.config.json'])).toEqual({ monitors: [] });
  });

  it('uses the prebuilt bundle in an installed package, which has no TypeScript', () => {
    const root = packageWith('installed', { prebuilt: true });
    expect(lambdaCodeSource(root, ENTRY)).toEqual({ kind: 'prebuilt', path: prebuiltBundleDir(root, ENTRY) });
    const files = assetOf(root);
    expect(files['index.mjs']).toContain('prebuilt');
    expect(JSON.parse(files['driftwatch.config.json'])).toEqual({ monitors: [] });
  });

  it('says what is missing when there is neither', () => {
    const root = packageWith('empty', {});
    expect(() => lambdaCodeSource(root, ENTRY)).toThrow(/neither its source .* nor its prebuilt bundle/);
  });

  it('finds the package root from the library’s own location', () => {
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('driftwatch');
  });
});
