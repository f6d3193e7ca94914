import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftwatchFunction } from '../../lib/driftwatch-function.ts';

interface SourceMap {
  sources: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
}

/**
 * Every Lambda is a DriftwatchFunction: one bundled from a small failing entry shows what the
 * bundling options give each of them.
 */
describe('DriftwatchFunction bundles', () => {
  let outdir: string;
  let bundle: string;
  let failure: { name: string; constructorName: string; stack: string };

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'driftwatch-function-'));
    const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
    const stack = new Stack(app, 'Bundle');
    new DriftwatchFunction(stack, 'Failing', { entry: 'test/support/failing-handler.ts' });
    const template = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
    };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    bundle = join(outdir, String(fn?.Metadata?.['aws:asset:path']), 'index.mjs');
    failure = invokeFailing(bundle);
  }, 120_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  /** Runs the handler as the runtime would (with the function's NODE_OPTIONS) and describes its error. */
  function invokeFailing(bundle: string): { name: string; constructorName: string; stack: string } {
    const script = `
      const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
      try { await handler({}); } catch (error) {
        console.log(JSON.stringify({ name: error.name, constructorName: error.constructor.name, stack: error.stack }));
      }`;
    const stdout = execFileSync(
      process.execPath,
      ['--enable-source-maps', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
      },
    );
    return JSON.parse(stdout);
  }

  it('keeps error class names through minification', () => {
    const error = failure;
    expect(error.name).toBe('ConfigError');
    expect(error.constructorName).toBe('ConfigError');
  });

  it('maps stack frames to the TypeScript source with --enable-source-maps', () => {
    // The frame's function name stays the minified binding; the location is what maps.
    expect(failure.stack).toMatch(/\.load \(.*test\/support\/failing-handler\.ts:9:\d+\)/);
  });

  it('ships a source map with mappings but without the sources themselves', () => {
    expect(existsSync(`${bundle}.map`)).toBe(true);
    const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as SourceMap;
    expect(map.mappings.length).toBeGreaterThan(0);
    expect(map.sources.some((s) => s.endsWith('test/support/failing-handler.ts'))).toBe(true);
    expect(map.sourcesContent ?? []).toEqual([]);
    expect(readFileSync(bundle, 'utf8')).not.toContain('always fails with one of our error classes');
  });
});
