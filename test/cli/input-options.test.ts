import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { TABLE_FORMAT_NAMES } from '../../lambdas/io/format.ts';
import { REPO, runCli } from './run-cli.ts';

const BASELINE = join(REPO, 'examples', 'data', 'baseline.csv');
const FIXTURES = join(REPO, 'test', 'fixtures');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-input-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const checkJson = async (...args: string[]) => {
  const result = await runCli(['check', ...args, '--format', 'json']);
  return { ...result, report: result.code <= 1 ? (JSON.parse(result.stdout) as DriftReport) : null };
};

describe('--input-format', () => {
  it('reads a .txt file and a bare .gz as the format named', async () => {
    const text = await readFile(BASELINE);
    await writeFile(join(dir, 'export.txt'), text);
    await writeFile(join(dir, 'export.gz'), gzipSync(text));
    for (const name of ['export.txt', 'export.gz']) {
      const { code, stderr, report } = await checkJson(
        '--baseline',
        BASELINE,
        '--current',
        join(dir, name),
        '--input-format',
        'csv',
      );
      expect([code, stderr], name).toEqual([0, '']);
      expect(report?.current.rowCount).toBe(report?.baseline.rowCount);
      expect(report?.dataset.driftedCount).toBe(0);
    }
  });

  it('refuses a .txt file without it, naming the option', async () => {
    const result = await runCli(['check', '--baseline', BASELINE, '--current', join(dir, 'export.txt')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('export.txt: unknown file type; accepted extensions are');
    expect(result.stderr).toContain(`--input-format <${TABLE_FORMAT_NAMES.join(', ')}> reads any other name`);
  });

  it('lists the formats of the format list when the name is unknown', async () => {
    const result = await runCli([
      'check',
      '--baseline',
      BASELINE,
      '--current',
      BASELINE,
      '--input-format',
      'xls',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /argument 'xls' is invalid\. Allowed choices are parquet, csv, tsv, jsonl, json/,
    );
  });

  it('reads a JSON array file by its .json extension and with --input-format json', async () => {
    const records = join(FIXTURES, 'json', 'records.json');
    await copyFile(records, join(dir, 'records.dat'));
    const byName = await checkJson('--baseline', records, '--current', records);
    const forced = await checkJson(
      '--baseline',
      records,
      '--current',
      join(dir, 'records.dat'),
      '--input-format',
      'json',
    );
    expect(byName.stderr + forced.stderr).toBe('');
    expect(byName.report?.current.rowCount).toBe(300);
    expect(forced.report?.features).toEqual(byName.report?.features);
  });
});

describe('--decimal', () => {
  it('compares decimal-comma CSVs as numbers with --decimal ,', async () => {
    const file = join(FIXTURES, 'json', 'decimal-comma.csv');
    const { code, stderr, report } = await checkJson('--baseline', file, '--current', file, '--decimal', ',');
    expect([code, stderr]).toEqual([0, '']);
    expect(report?.features.find((f) => f.name === 'price')?.kind).toBe('numeric');
    expect(report?.quality.filter((q) => q.check === 'data_type')).toEqual([]);
  });

  it('takes "decimal": "," from the config', async () => {
    const file = join(FIXTURES, 'json', 'decimal-comma.csv');
    const config = join(dir, 'decimal.json');
    await writeFile(config, JSON.stringify({ decimal: ',' }));
    const { report } = await checkJson('--baseline', file, '--current', file, '--config', config);
    expect(report?.features.find((f) => f.name === 'ratio')?.kind).toBe('numeric');
  });
});

describe('folders with files that are not part of the table', () => {
  it('says which hidden files of a folder it skips (.DS_Store), never silently; writer markers go unsaid', async () => {
    const folder = join(dir, 'current-folder');
    await mkdir(folder);
    await copyFile(BASELINE, join(folder, 'part-0.csv'));
    await writeFile(join(folder, '.DS_Store'), 'Bud1');
    await writeFile(join(folder, '_SUCCESS'), '');
    const result = await runCli(['check', '--baseline', BASELINE, '--current', folder, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`driftwatch: ${folder}: skipped .DS_Store (hidden files are not data)\n`);
  });

  it('refuses a --current folder that also holds the baseline file', async () => {
    const folder = join(dir, 'both');
    await mkdir(folder);
    await copyFile(BASELINE, join(folder, 'baseline.csv'));
    await copyFile(BASELINE, join(folder, 'current.csv'));
    const result = await runCli(['check', '--baseline', join(folder, 'baseline.csv'), '--current', folder]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `--current ${folder} holds ${join(folder, 'baseline.csv')}, which is also the --baseline table`,
    );
  });
});
