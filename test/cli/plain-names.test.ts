import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerStart } from '../../lambdas/cli/worker-start.ts';
import { parseDriftSettings } from '../../lambdas/config.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { checkSetupOf } from '../../lambdas/drift-settings.ts';
import { renderHtmlReport } from '../../lambdas/render/html-report.ts';
import { bundledProfileWorker } from '../support/bundled-worker.ts';
import { runCli } from './run-cli.ts';

/** Column names that are also members of every plain object (or its prototype chain). */
const NAMES = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'prototype',
];
const ROWS = 300;

/** A seeded column of numbers: `shift` moves the current side far enough for KS to call drift. */
function column(seed: number, shift: number): number[] {
  let state = seed;
  return Array.from({ length: ROWS }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.round((state / 2 ** 31) * 1000) / 100 + shift;
  });
}

function table(shift: number): number[][] {
  return NAMES.map((_, i) => column(i + 1, shift));
}

function csvText(columns: number[][]): string {
  const rows = columns[0].map((_, r) => columns.map((c) => c[r]).join(','));
  return `${NAMES.join(',')}\n${rows.join('\n')}\n`;
}

/** Written by hand: an object literal with a `__proto__` key would set a prototype, not a column. */
function jsonlText(columns: number[][]): string {
  const rows = columns[0].map((_, r) => `{${NAMES.map((n, c) => `"${n}":${columns[c][r]}`).join(',')}}`);
  return `${rows.join('\n')}\n`;
}

function parquetBytes(columns: number[][]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: NAMES.map((name, c) => ({ name, data: columns[c], type: 'DOUBLE' as const })),
  });
  return new Uint8Array(buffer);
}

let root: string;
let bundled: WorkerStart;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'plain-names-'));
  bundled = await bundledProfileWorker();
  const formats: [string, (columns: number[][]) => string | Uint8Array][] = [
    ['csv', csvText],
    ['jsonl', jsonlText],
    ['parquet', parquetBytes],
  ];
  for (const [extension, write] of formats) {
    await writeFile(join(root, `baseline.${extension}`), write(table(0)));
    await writeFile(join(root, `current.${extension}`), write(table(5)));
  }
  // Raw text: JSON.parse makes `__proto__` an own key, as it does for a user's file.
  await writeFile(
    join(root, 'settings.json'),
    '{"features": {"__proto__": {"kind": "categorical"}, "constructor": {"method": "psi"}}}',
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function run(args: readonly string[], workers: WorkerStart | false) {
  return runCli(args, { workers });
}

describe('columns named like members of a plain object', () => {
  for (const extension of ['csv', 'jsonl', 'parquet']) {
    it(`are tested like any other column in ${extension}, with workers and in one thread alike`, async () => {
      const args = [
        'check',
        '--baseline',
        join(root, `baseline.${extension}`),
        '--current',
        join(root, `current.${extension}`),
        '--format',
        'json',
      ];
      const [inWorkers, inProcess] = await Promise.all([run(args, bundled), run(args, false)]);
      expect(inProcess.stderr).toBe('');
      expect(inProcess.code).toBe(1);
      expect(inWorkers).toEqual(inProcess);
      const report = JSON.parse(inProcess.stdout) as DriftReport;
      expect(report.skipped).toEqual([]);
      expect(report.features.map((f) => [f.name, f.kind, f.method, f.drifted]).sort()).toEqual(
        NAMES.map((name) => [name, 'numeric', 'ks', true]).sort(),
      );
    });
  }

  it('take their settings from the config: a forced kind and a method by column name', async () => {
    const args = [
      'check',
      '--baseline',
      join(root, 'baseline.csv'),
      '--current',
      join(root, 'current.csv'),
      '--config',
      join(root, 'settings.json'),
      '--format',
      'json',
    ];
    const [inWorkers, inProcess] = await Promise.all([run(args, bundled), run(args, false)]);
    expect(inProcess.stderr).toBe('');
    expect(inWorkers).toEqual(inProcess);
    const report = JSON.parse(inProcess.stdout) as DriftReport;
    const byName = new Map(report.features.map((f) => [f.name, f]));
    expect(byName.get('__proto__')).toMatchObject({ kind: 'categorical' });
    expect(byName.get('constructor')).toMatchObject({ method: 'psi' });
    expect(byName.get('toString')).toMatchObject({ kind: 'numeric', method: 'ks' });
  });

  it('reject a bad `__proto__` entry in the config instead of dropping it', () => {
    expect(() =>
      parseDriftSettings(JSON.parse('{"features": {"__proto__": {"kind": "colour"}}}'), 'm.json'),
    ).toThrow(/features\.__proto__\.kind/);
  });

  it('get the Lambda profiler their forced kinds, and no kind they were not given', () => {
    const settings = parseDriftSettings(
      JSON.parse('{"features": {"__proto__": {"kind": "text"}, "constructor": {"kind": "categorical"}}}'),
      'm.json',
    );
    const overrides = checkSetupOf(settings).profilerOptions.kindOverrides!;
    expect([...overrides]).toEqual([
      ['__proto__', 'text'],
      ['constructor', 'categorical'],
    ]);
    expect(overrides.get('toString')).toBeUndefined();
  });

  it('survive the JSON report and the HTML report', async () => {
    const { stdout } = await run(
      [
        'check',
        '--baseline',
        join(root, 'baseline.csv'),
        '--current',
        join(root, 'current.csv'),
        '--format',
        'json',
      ],
      false,
    );
    const report = JSON.parse(stdout) as DriftReport;
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const html = renderHtmlReport(report);
    for (const name of NAMES) expect(html).toContain(`data-name="${name.toLowerCase()}"`);
  });

  it('run through `driftwatch run` (the scheduled check) with the config applied', async () => {
    const store = join(root, 'store');
    const prefix = join(store, 'monitors', 'odd');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(prefix, 'baseline'), { recursive: true });
    await mkdir(join(prefix, 'snapshots'), { recursive: true });
    await writeFile(join(prefix, 'baseline', 'part.csv'), csvText(table(0)));
    await writeFile(join(prefix, 'snapshots', '2026-12-01.csv'), csvText(table(5)));
    await writeFile(
      join(store, 'driftwatch.config.json'),
      '{"monitors": [{"name": "odd", "drift": {"features": {"__proto__": {"kind": "categorical"}, "valueOf": {"method": "psi"}}}}]}',
    );
    const result = await run(['run', '--store', store, '--monitor', 'odd'], false);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(
      await readFile(join(prefix, 'reports', '2026-12-01', 'report.json'), 'utf8'),
    ) as DriftReport;
    const byName = new Map(report.features.map((f) => [f.name, f]));
    expect([...byName.keys()].sort()).toEqual([...NAMES].sort());
    expect(byName.get('__proto__')).toMatchObject({ kind: 'categorical' });
    expect(byName.get('valueOf')).toMatchObject({ method: 'psi' });
    expect(byName.get('constructor')).toMatchObject({ kind: 'numeric', method: 'ks', drifted: true });
  });
});
