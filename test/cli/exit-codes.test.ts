import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_DRIFT, EXIT_INVALID_DATA, EXIT_OK } from '../../lambdas/cli/exit-codes.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { featuresCsv } from '../support/sample-tables.ts';
import { REPO, runCli } from './run-cli.ts';

// `driftwatch check` exit codes (README "Exit codes"): 0 nothing that pages, 1 drift, 2 bad input,
// 3 invalid data (a quality finding of severity error).

const BAD = join(REPO, 'test', 'fixtures', 'bad');
let root: string;
let baseline: string;

/** The sample features with only `amount` moved (×3): one feature of seven drifts, below driftShare. */
function amountOnlyShifted(rows: number, seed: number): string {
  const [header, ...lines] = featuresCsv(rows, seed, false).trimEnd().split('\n');
  const at = header.split(',').indexOf('amount');
  const moved = lines.map((line) => {
    const cells = line.split(',');
    if (cells[at] !== '') cells[at] = (Number(cells[at]) * 3).toFixed(2);
    return cells.join(',');
  });
  return `${[header, ...moved].join('\n')}\n`;
}

async function file(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

async function check(current: string, settings?: object, base = baseline) {
  const args = ['check', '--baseline', base, '--current', current, '--format', 'json'];
  if (settings !== undefined)
    args.push('--config', await file(`settings-${Math.random()}.json`, JSON.stringify(settings)));
  const result = await runCli(args);
  const report = result.code === EXIT_BAD_INPUT ? null : (JSON.parse(result.stdout) as DriftReport);
  return { ...result, report };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-exit-'));
  baseline = await file('baseline.csv', featuresCsv(1500, 1, false));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('driftwatch check on broken data', () => {
  it('exits 3 with status invalid for a header-only current table, naming the finding', async () => {
    const empty = await file('empty.csv', `${featuresCsv(1, 1, false).split('\n')[0]}\n`);
    const { code, report } = await check(empty);
    expect(code).toBe(EXIT_INVALID_DATA);
    expect(report?.status).toBe('invalid');
    expect(report?.quality).toContainEqual(
      expect.objectContaining({ check: 'row_count', severity: 'error', message: 'current has no rows' }),
    );
  });

  it('exits 3 for a Parquet table whose column pages are corrupt (unreadable)', async () => {
    const good = join(REPO, 'test', 'fixtures', 'parquet', 'duckdb-zstd.parquet');
    const { code, report } = await check(join(BAD, 'corrupt-page.parquet'), undefined, good);
    expect(code).toBe(EXIT_INVALID_DATA);
    expect(report?.quality).toContainEqual(
      expect.objectContaining({ check: 'unreadable', feature: 'dbl', severity: 'error' }),
    );
  });

  it('exits 3 when the current table has fewer rows than minRowShare of the baseline, 0 below that rule', async () => {
    const few = await file('few.csv', featuresCsv(100, 2, false));
    const byDefault = await check(few);
    expect(byDefault.code).toBe(EXIT_INVALID_DATA);
    expect(byDefault.report?.quality).toContainEqual(
      expect.objectContaining({
        check: 'row_count',
        severity: 'error',
        message: "current has 100 rows, 6.67% of the baseline's 1500 (minRowShare 10%)",
      }),
    );
    const lower = await check(few, { quality: { minRowShare: 0.05 } });
    expect(lower.report?.status).not.toBe('invalid');
    // Still far from the baseline's row count: a warning, not a page.
    expect(lower.report?.quality).toContainEqual(
      expect.objectContaining({ check: 'row_count', severity: 'warning' }),
    );
    expect(lower.code).toBe(EXIT_OK);
  });

  it('follows a per-check severity: row_count as a warning makes an empty table warn and exit 0', async () => {
    const empty = await file('empty2.csv', `${featuresCsv(1, 1, false).split('\n')[0]}\n`);
    const { code, report } = await check(empty, { quality: { severity: { row_count: 'warning' } } });
    expect(report?.status).toBe('warn');
    expect(report?.quality).toContainEqual(
      expect.objectContaining({ check: 'row_count', severity: 'warning', message: 'current has no rows' }),
    );
    expect(code).toBe(EXIT_OK);
  });

  it('follows a per-check severity upwards: extra columns as errors make the table invalid', async () => {
    const extra = await file(
      'extra.csv',
      featuresCsv(1500, 1, false)
        .trimEnd()
        .split('\n')
        .map((line, i) => `${line},${i === 0 ? 'surprise' : i}`)
        .join('\n'),
    );
    expect((await check(extra)).code).toBe(EXIT_OK);
    const strict = await check(extra, { quality: { severity: { extra_column: 'error' } } });
    expect(strict.report?.status).toBe('invalid');
    expect(strict.code).toBe(EXIT_INVALID_DATA);
  });
});

describe('driftwatch check with alertOn', () => {
  let shifted: string;
  beforeAll(async () => {
    shifted = await file('amount-shifted.csv', amountOnlyShifted(1500, 2));
  });

  it('calls one drifted feature below driftShare feature_drift and exits 0 by default', async () => {
    const { code, report } = await check(shifted);
    expect(report?.features.filter((f) => f.drifted).map((f) => f.name)).toEqual(['amount']);
    expect(report?.status).toBe('feature_drift');
    expect(report?.alertOnFeatures).toBeUndefined();
    expect(code).toBe(EXIT_OK);
  });

  it('pages (status drift, exit 1) when a feature named in alertOn.features drifts', async () => {
    const { code, report } = await check(shifted, { alertOn: { features: ['amount'] } });
    expect(report?.status).toBe('drift');
    expect(report?.dataset.drifted).toBe(false);
    expect(report?.alertOnFeatures).toEqual(['amount']);
    expect(code).toBe(EXIT_DRIFT);
  });

  it('does not page when the features named in alertOn.features did not drift', async () => {
    const { code, report } = await check(shifted, { alertOn: { features: ['country'] } });
    expect(report?.status).toBe('feature_drift');
    expect(code).toBe(EXIT_OK);
  });

  it('pages on any drifted feature with alertOn.anyFeature', async () => {
    const { code, report } = await check(shifted, { alertOn: { anyFeature: true } });
    expect(report?.status).toBe('drift');
    expect(report?.alertOnFeatures).toEqual(['amount']);
    expect(code).toBe(EXIT_DRIFT);
  });

  it('does not page on dataset drift with alertOn.dataset false', async () => {
    const drifted = await file('drifted.csv', featuresCsv(1500, 3, true));
    expect((await check(drifted)).code).toBe(EXIT_DRIFT);
    const { code, report } = await check(drifted, { alertOn: { dataset: false } });
    expect(report?.dataset.drifted).toBe(true);
    expect(report?.status).toBe('feature_drift');
    expect(code).toBe(EXIT_OK);
  });

  it('refuses an alertOn feature that include/exclude leaves out, naming the field', async () => {
    const { code, stderr } = await check(shifted, { exclude: ['amount'], alertOn: { features: ['amount'] } });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toMatch(/alertOn\.features\.0: "amount" is left out by include\/exclude/);
  });

  it('refuses a severity for an unknown check or an unknown severity, naming the field', async () => {
    const unknownCheck = await check(shifted, { quality: { severity: { row_counts: 'warning' } } });
    expect(unknownCheck.code).toBe(EXIT_BAD_INPUT);
    expect(unknownCheck.stderr).toMatch(/quality\.severity/);
    const unknownSeverity = await check(shifted, { quality: { severity: { row_count: 'warn' } } });
    expect(unknownSeverity.code).toBe(EXIT_BAD_INPUT);
    expect(unknownSeverity.stderr).toMatch(/quality\.severity\.row_count/);
  });
});

describe('driftwatch check with readLimits', () => {
  it('exits 2 naming the file and the setting when a table has more columns than readLimits.maxColumns allows', async () => {
    const columns = featuresCsv(1, 1, false).split('\n')[0].split(',').length;
    const { code, stderr } = await check(baseline, { readLimits: { maxColumns: columns - 1 } });
    expect(code).toBe(EXIT_BAD_INPUT);
    expect(stderr).toContain('baseline.csv');
    expect(stderr).toContain(`${columns} columns; at most ${columns - 1} are read (readLimits.maxColumns)`);
    expect((await check(baseline, { readLimits: { maxColumns: columns } })).code).toBe(EXIT_OK);
  });

  it('refuses an unknown or out-of-range read limit, naming the field', async () => {
    const unknown = await check(baseline, { readLimits: { maxRows: 5 } });
    expect(unknown.code).toBe(EXIT_BAD_INPUT);
    expect(unknown.stderr).toMatch(/readLimits/);
    const negative = await check(baseline, { readLimits: { maxNestingDepth: 0 } });
    expect(negative.code).toBe(EXIT_BAD_INPUT);
    expect(negative.stderr).toMatch(/readLimits\.maxNestingDepth/);
  });
});
