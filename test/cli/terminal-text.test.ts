import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../lambdas/cli/describe-error.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { ACTING_CHARACTERS, DECEPTIVE } from '../sinks/report-fixtures.ts';
import { runCli } from './run-cli.ts';

/** Column names for a CSV header: no comma, quote or line break (those are CSV's own). */
const NAMES = DECEPTIVE.map((name) => name.replace(/[\r\u2028]/g, '_'));

function csv(shift: number): string {
  const rows = Array.from({ length: 200 }, (_, r) => NAMES.map((_, c) => ((r * 7 + c * 13) % 50) + shift));
  return `${NAMES.join(',')}\n${rows.map((row) => row.join(',')).join('\n')}\n`;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'terminal-text-'));
  await writeFile(join(root, 'baseline.csv'), csv(0));
  await writeFile(join(root, 'current.csv'), csv(40));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const check = (...extra: string[]) =>
  runCli([
    'check',
    '--baseline',
    join(root, 'baseline.csv'),
    '--current',
    join(root, 'current.csv'),
    ...extra,
  ]);

describe('text from data printed to a terminal', () => {
  it('shows column names with bidi overrides and escapes as visible markers in the table', async () => {
    const result = await check();
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(ACTING_CHARACTERS);
    expect(result.stdout).toContain('invoice_<U+202E>gpj.exe');
    expect(result.stdout).toContain('evil<U+001B>]0;pwned<U+0007><U+001B>[31mred');
  });

  it('escapes them in JSON output, which still parses to the exact names', async () => {
    const result = await check('--format', 'json');
    expect(result.stdout).not.toMatch(ACTING_CHARACTERS);
    expect(result.stdout).toContain('invoice_\\u202egpj.exe');
    const report = JSON.parse(result.stdout) as DriftReport;
    expect(report.features.map((f) => f.name).sort()).toEqual([...NAMES].sort());
  });

  it('marks raw escapes that a JSON parse error quotes from a config file', async () => {
    const config = join(root, 'evil-config.json');
    await writeFile(config, '\x1b]0;pwned\x07\x1b[2J\u202E{');
    const result = await check('--config', config);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(ACTING_CHARACTERS);
    expect(result.stderr).toContain('<U+001B>');
  });

  it('marks raw escapes that a JSON parse error quotes from a JSON Lines file', async () => {
    const bad = join(root, 'bad.jsonl');
    await writeFile(bad, '{"a": 1}\n\x1b[2J\u202E{"a": 2}\n');
    const result = await runCli(['check', '--baseline', bad, '--current', bad]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.jsonl');
    expect(result.stderr).not.toMatch(ACTING_CHARACTERS);
  });

  it('marks them in any error message and in file paths', () => {
    const unexpected = describeError(new Error('boom \x1b[31m\u202Ered'));
    expect(unexpected).not.toMatch(ACTING_CHARACTERS);
    expect(unexpected).toContain('boom <U+001B>[31m<U+202E>red');
    const missing = describeError(
      Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: '/data/\u202Evsc.exe' }),
    );
    expect(missing).toBe('/data/<U+202E>vsc.exe: no such file or folder');
  });

  it("marks them in `run`'s snapshot ids, report paths and metric dimensions", async () => {
    const store = join(root, 'store');
    const monitor = join(store, 'monitors', 'm');
    await mkdir(join(monitor, 'baseline'), { recursive: true });
    await mkdir(join(monitor, 'snapshots'), { recursive: true });
    await writeFile(join(monitor, 'baseline', 'part.csv'), csv(0));
    const id = '2026-12-01\x1b[2J\u202Eevil';
    await writeFile(join(monitor, 'snapshots', `${id}.csv`), csv(40));
    await writeFile(
      join(store, 'driftwatch.config.json'),
      JSON.stringify({ monitors: [{ name: 'm', featureMetrics: [NAMES[0]] }] }),
    );
    const result = await runCli(['run', '--store', store, '--monitor', 'm']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(ACTING_CHARACTERS);
    expect(result.stdout).toContain('m: 2026-12-01<U+001B>[2J<U+202E>evil → drift');
    expect(result.stdout).toContain('Feature=invoice_<U+202E>gpj.exe');
  });
});
