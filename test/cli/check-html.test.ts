import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.ts';

const BASELINE = join(REPO, 'examples', 'data', 'baseline.csv');
const DRIFTED = join(REPO, 'examples', 'data', 'current.parquet');
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('driftwatch check --format html', () => {
  it('writes a self-contained report naming the files, and keeps the drift exit code', async () => {
    const out = join(dir, 'report.html');
    const result = await runCli([
      'check',
      '--baseline',
      BASELINE,
      '--current',
      DRIFTED,
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<b>current.parquet</b>');
    expect(html).toContain('<b>baseline.csv</b>');
    expect(html).toContain('share of <q>mobile</q> rose');
    expect([0, 1]).toContain(result.code);
  });
});
